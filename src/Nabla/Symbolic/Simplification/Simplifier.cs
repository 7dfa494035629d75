namespace Nabla.Symbolic.Simplification;

/// <summary>Budget for simplification.</summary>
public sealed record SimplifyOptions
{
    /// <summary>The default budget.</summary>
    public static SimplifyOptions Default { get; } = new();
    /// <summary>Largest intermediate expression (tree size) a rewrite may produce.</summary>
    public long MaxNodes { get; init; } = 20_000;
    /// <summary>Wall-clock budget; when it runs out the best form so far is returned.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Explicit simplification on top of the automatic canonical form: <see cref="Expand"/>, <see cref="Together"/>,
/// <see cref="Cancel"/>, <see cref="Factor"/> and the rule-table driven <see cref="Simplify"/>. Every operation runs
/// under <see cref="SimplifyOptions"/>: Expand, Together, Cancel and Factor throw
/// <see cref="BudgetExceededException"/> when a result would exceed <see cref="SimplifyOptions.MaxNodes"/> or the
/// time runs out; Simplify never throws for budget reasons and returns the best form found instead.
/// </summary>
public static class Simplifier
{
    private static readonly (string Name, Func<Expr, Budget, Expr> Apply)[] Strategies =
    [
        ("cancel", (e, b) => new RationalFunctions(b).Cancel(e)),
        ("expand", (e, b) => new Expander(b).Expand(e)),
        ("factor", (e, b) => new Factorizer(b).Factor(e).ToExpr()),
        ("together", (e, b) => new RationalFunctions(b).Together(e)),
    ];

    /// <summary>The identity rules Simplify applies (see <see cref="SimplificationRules"/>).</summary>
    public static IReadOnlyList<SimplificationRule> Rules => SimplificationRules.All;

    /// <summary>Simplifies under a budget; returns the best form found.</summary>
    public static Expr Simplify(Expr e, SimplifyOptions? options = null) => SimplifyWithReport(e, options).Result;

    /// <summary>
    /// Simplifies under a budget and reports how: the rule table is applied bottom-up to a fixed point, then the
    /// strategies Cancel (after Together), Expand, Factor and Together are each tried on the best form so far,
    /// followed by the rules again; the candidate with the smallest <see cref="Complexity"/> wins. Repeats while
    /// that improves (at most three rounds). Deterministic. Assumes the domain where the input is defined.
    /// </summary>
    public static SimplifyResult SimplifyWithReport(Expr e, SimplifyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.EnsureRecursable("Simplify");
        var budget = new Budget(options ?? SimplifyOptions.Default);
        bool exhausted = false;
        var best = (Expr: e, Steps: new List<string>(), Score: Complexity(e));

        (Expr, List<string>) RunRules(Expr input, List<string> steps)
        {
            var rewriter = new RuleRewriter(budget, SimplificationRules.All);
            var output = rewriter.Rewrite(input);
            exhausted |= rewriter.Exhausted;
            return (output, [.. steps, .. rewriter.Fired]);
        }

        void Consider(Expr candidate, List<string> steps)
        {
            var score = Complexity(candidate);
            if (score < best.Score) best = (candidate, steps, score);
        }

        var (ruled, ruleSteps) = RunRules(e, []);
        Consider(ruled, ruleSteps);
        for (int round = 0; round < 3; round++)
        {
            var start = best;
            foreach (var (name, apply) in Strategies)
            {
                if (budget.TimeUp) { exhausted = true; break; }
                try
                {
                    var candidate = apply(start.Expr, budget);
                    if (ReferenceEquals(candidate, start.Expr)) continue;
                    var (r, steps) = RunRules(candidate, [.. start.Steps, name]);
                    Consider(r, steps);
                }
                catch (BudgetExceededException)
                {
                    exhausted = true; // this candidate is not available within the budget
                }
                catch (SymbolicException)
                {
                    // e.g. a division by zero met while rebuilding: the candidate is simply not available
                }
            }
            if (ReferenceEquals(best.Expr, start.Expr)) break;
        }
        return new SimplifyResult(best.Expr, best.Steps, exhausted || budget.TimeUp);
    }

    /// <summary>Applies only the rule table (bottom-up, to a fixed point) and reports the rules that fired.</summary>
    public static SimplifyResult ApplyRules(Expr e, SimplifyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.EnsureRecursable("ApplyRules");
        var rewriter = new RuleRewriter(new Budget(options ?? SimplifyOptions.Default), SimplificationRules.All);
        var result = rewriter.Rewrite(e);
        return new SimplifyResult(result, rewriter.Fired, rewriter.Exhausted);
    }

    /// <summary>Expands products and integer powers of sums.</summary>
    /// <exception cref="BudgetExceededException">The expansion would exceed <see cref="SimplifyOptions.MaxNodes"/>
    /// (checked before multiplying out) or the time budget.</exception>
    public static Expr Expand(Expr e, SimplifyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.EnsureRecursable("Expand");
        return new Expander(new Budget(options ?? SimplifyOptions.Default)).Expand(e);
    }

    /// <summary>Writes as one fraction p/q over the least common denominator of its parts (not expanded, nothing
    /// cancelled beyond what the canonical form does): <c>1/x + 1/y</c> → <c>(x + y)/(x·y)</c>.</summary>
    /// <exception cref="BudgetExceededException">The result or the time budget is exceeded.</exception>
    public static Expr Together(Expr e, SimplifyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.EnsureRecursable("Together");
        return new RationalFunctions(new Budget(options ?? SimplifyOptions.Default)).Together(e);
    }

    /// <summary>Cancels common factors of numerator and denominator: brings the expression together, expands
    /// numerator and denominator as polynomials and divides out their GCD: <c>(x²−1)/(x−1)</c> → <c>x + 1</c>.</summary>
    /// <exception cref="BudgetExceededException">The result or the time budget is exceeded.</exception>
    public static Expr Cancel(Expr e, SimplifyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.EnsureRecursable("Cancel");
        return new RationalFunctions(new Budget(options ?? SimplifyOptions.Default)).Cancel(e);
    }

    /// <summary>Factors polynomials over the rationals (numerator and denominator of a rational function).
    /// The canonical form distributes a number over a single sum, so <c>3(2x + 1)</c> reads back as
    /// <c>6x + 3</c>; <see cref="FactorWithContent"/> returns the factors themselves.</summary>
    /// <exception cref="BudgetExceededException">The result or the time budget is exceeded.</exception>
    public static Expr Factor(Expr e, SimplifyOptions? options = null) => FactorWithContent(e, options).ToExpr();

    /// <summary>Factors over the rationals and returns the content and the factors with multiplicities:
    /// <c>6x + 3</c> → content 3, factors [(2x + 1, 1)]; <c>x³ − 3x² + 3x − 1</c> → [(x − 1, 3)].</summary>
    /// <exception cref="BudgetExceededException">The result or the time budget is exceeded.</exception>
    public static FactorResult FactorWithContent(Expr e, SimplifyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.EnsureRecursable("Factor");
        return new Factorizer(new Budget(options ?? SimplifyOptions.Default)).Factor(e);
    }

    /// <summary>
    /// The measure Simplify minimises: <see cref="Expr.TreeSize"/> plus 1 for every function call and every
    /// power with a negative exponent, so that among equally long forms the one with fewer functions and
    /// fewer divisions wins.
    /// </summary>
    public static double Complexity(Expr e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var memo = new Dictionary<Expr, double>();
        return e.TreeSize + Penalty(e, memo, 0);
    }

    private static double Penalty(Expr e, Dictionary<Expr, double> memo, int depth)
    {
        if (e.Args.Count == 0) return 0;
        if (memo.TryGetValue(e, out var p)) return p;
        if (depth > Expr.MaxDepth) return 0;
        double own = e switch
        {
            Function => 1,
            Power pw when pw.Exponent.SplitCoefficient().Coefficient.Sign < 0 => 1,
            _ => 0,
        };
        foreach (var a in e.Args) own += Penalty(a, memo, depth + 1);
        memo[e] = own;
        return own;
    }
}
