using System.Diagnostics;
using System.Runtime.CompilerServices;
using Nabla.Symbolic;

namespace Nabla;

/// <summary>
/// The plain differentiation engine for one variable. It memoises the derivative of every node it meets (the DAG
/// shares sub-expressions, so each is differentiated once), remembers which nodes depend on the variable (so constant
/// subtrees are skipped without being walked twice), and builds the derivative of each sum or product with a single
/// canonical <see cref="Expr.Add(IEnumerable{Expr})"/>/<see cref="Expr.Mul(IEnumerable{Expr})"/> over a list.
/// The derivative of a node depends only on the node, so one instance can differentiate many roots (a gradient
/// column, a Hessian column) and share the work between them.
/// </summary>
internal sealed class Differentiator
{
    private readonly Symbol _variable;
    private readonly DiffBudget _budget;
    private readonly Dictionary<Expr, Expr> _derivatives = new();
    private readonly Dictionary<Expr, bool> _depends = new();

    public Differentiator(Symbol variable, DiffBudget budget)
    {
        _variable = variable;
        _budget = budget;
    }

    public Symbol Variable => _variable;

    /// <summary>The derivative of <paramref name="e"/> with respect to the variable.</summary>
    public Expr Derive(Expr e)
    {
        e.EnsureRecursable("Diff");
        return D(e);
    }

    /// <summary>True when <paramref name="e"/> contains the variable (memoised).</summary>
    public bool DependsOn(Expr e)
    {
        switch (e)
        {
            case Number or Constant: return false;
            case Symbol: return ReferenceEquals(e, _variable);
        }
        if (_depends.TryGetValue(e, out var known)) return known;
        bool result = false;
        switch (e)
        {
            case Sum s:
                foreach (var t in s.Terms) if (DependsOn(t.Term)) { result = true; break; }
                break;
            case Product p:
                foreach (var f in p.Factors) if (DependsOn(f.Base) || DependsOn(f.Exponent)) { result = true; break; }
                break;
            case Power pw:
                result = DependsOn(pw.Base) || DependsOn(pw.Exponent);
                break;
            case Function fn:
                result = DependsOn(fn.Argument);
                break;
        }
        _depends[e] = result;
        return result;
    }

    private Expr D(Expr e)
    {
        if (ReferenceEquals(e, _variable)) return Expr.One;
        if (!DependsOn(e)) return Expr.Zero;
        if (_derivatives.TryGetValue(e, out var done)) return done;
        try
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
        }
        catch (InsufficientExecutionStackException ex)
        {
            throw new BudgetExceededException("Diff: the expression is nested too deeply to differentiate on this thread.", ex);
        }
        var result = e switch
        {
            Sum s => DiffSum(s),
            Product p => DiffProduct(p),
            Power pw => DiffPower(pw.Base, pw.Exponent),
            Function f => DiffFunction(f),
            _ => throw new InvalidOperationException($"Unexpected node kind {e.Kind}."),
        };
        // Charged after building: the canonical constructors' cost grows with the operands' widths, and the
        // expensive part of a deep chain happens on the way back up the recursion.
        _budget.Charge(Width(result));
        _derivatives[e] = result;
        return result;
    }

    private static int Width(Expr e) => e switch
    {
        Sum s => s.Terms.Count + 1,
        Product p => p.Factors.Count + 1,
        _ => 1,
    };

    private Expr DiffSum(Sum s)
    {
        var terms = new List<Expr>(s.Terms.Count);
        foreach (var t in s.Terms)
        {
            if (!DependsOn(t.Term)) continue;
            var d = D(t.Term);
            if (d.IsZero) continue;
            terms.Add(t.Coefficient.IsOne ? d : Expr.Mul(Expr.Num(t.Coefficient), d));
        }
        return terms.Count switch { 0 => Expr.Zero, 1 => terms[0], _ => Expr.Add(terms) };
    }

    /// <summary>(c·Π fᵢ)' = c·Σᵢ (Πⱼ≠ᵢ fⱼ)·fᵢ', with fᵢ = bᵢ^eᵢ and, for constant eᵢ, fᵢ' = eᵢ·bᵢ^(eᵢ−1)·bᵢ'.
    /// Exponential factors are kept in front: (c·e^g·h)' = c·e^g·(g'·h + h'), as a textbook writes it.</summary>
    private Expr DiffProduct(Product p)
    {
        var factors = p.Factors;
        int exponentials = 0;
        foreach (var f in factors)
            if (IsVaryingExp(f)) exponentials++;
        if (exponentials > 0) return DiffProductWithExponentials(p, exponentials);
        var asExprs = new Expr[factors.Count];
        for (int i = 0; i < asExprs.Length; i++)
            asExprs[i] = factors[i].Exponent.IsOne ? factors[i].Base : Expr.Pow(factors[i].Base, factors[i].Exponent);

        var terms = new List<Expr>();
        for (int i = 0; i < factors.Count; i++)
        {
            var (b, e) = factors[i];
            if (!DependsOn(asExprs[i])) continue;
            var parts = new List<Expr>(factors.Count + 3);
            if (!DependsOn(e))
            {
                var db = D(b);
                if (db.IsZero) continue;
                if (e is Number en)
                {
                    parts.Add(Expr.Num(p.Coefficient * en.Value));
                    parts.Add(Expr.Pow(b, Expr.Num(en.Value - Rational.One)));
                }
                else
                {
                    parts.Add(Expr.Num(p.Coefficient));
                    parts.Add(e);
                    parts.Add(Expr.Pow(b, Expr.Add(e, Expr.MinusOne)));
                }
                parts.Add(db);
            }
            else
            {
                var df = D(asExprs[i]);
                if (df.IsZero) continue;
                parts.Add(Expr.Num(p.Coefficient));
                parts.Add(df);
            }
            for (int j = 0; j < asExprs.Length; j++)
                if (j != i) parts.Add(asExprs[j]);
            _budget.Charge(parts.Count);
            terms.Add(Expr.Mul(parts));
        }
        return terms.Count switch { 0 => Expr.Zero, 1 => terms[0], _ => Expr.Add(terms) };
    }

    private bool IsVaryingExp(Factor f) =>
        f.Exponent.IsOne && f.Base is Function { Which: MathFunction.Exp } && DependsOn(f.Base);

    private Expr DiffProductWithExponentials(Product p, int count)
    {
        var outside = new List<Expr>(count + 2) { Expr.Num(p.Coefficient) };
        var exponents = new List<Expr>(count);
        var rest = new List<Expr>(p.Factors.Count - count);
        foreach (var f in p.Factors)
        {
            if (IsVaryingExp(f))
            {
                outside.Add(f.Base);
                exponents.Add(((Function)f.Base).Argument);
            }
            else
            {
                rest.Add(f.Exponent.IsOne ? f.Base : Expr.Pow(f.Base, f.Exponent));
            }
        }
        var h = rest.Count switch { 0 => Expr.One, 1 => rest[0], _ => Expr.Mul(rest) };
        var inner = new List<Expr>(count + 1);
        foreach (var g in exponents)
        {
            var dg = D(g);
            if (dg.IsZero) continue;
            if (h is Sum hs)
            {
                // Distributing g' over h keeps the bracket a flat sum whose like terms merge: repeated derivatives
                // of e^g·(polynomial) stay compact (the 10th derivative of exp(sin x) has ~60 nodes, not ~200).
                foreach (var t in hs.Terms) inner.Add(Expr.Mul(dg, t.ToExpr()));
                if (!hs.Constant.IsZero) inner.Add(Expr.Mul(Expr.Num(hs.Constant), dg));
            }
            else
            {
                inner.Add(h.IsOne ? dg : Expr.Mul(dg, h));
            }
        }
        var dh = D(h);
        if (!dh.IsZero) inner.Add(dh);
        _budget.Charge(outside.Count + inner.Count + rest.Count);
        if (inner.Count == 0) return Expr.Zero;
        outside.Add(inner.Count == 1 ? inner[0] : Expr.Add(inner));
        return Expr.Mul(outside);
    }

    private Expr DiffPower(Expr b, Expr e)
    {
        bool baseDepends = DependsOn(b), exponentDepends = DependsOn(e);
        if (!exponentDepends)
        {
            // Power rule: (u^n)' = n·u^(n−1)·u'.
            var db = D(b);
            if (db.IsZero) return Expr.Zero;
            return e is Number en
                ? Expr.Mul(Expr.Num(en.Value), Expr.Pow(b, Expr.Num(en.Value - Rational.One)), db)
                : Expr.Mul(e, Expr.Pow(b, Expr.Add(e, Expr.MinusOne)), db);
        }
        var de = D(e);
        if (!baseDepends)
        {
            // Exponential rule: (a^u)' = a^u·ln(a)·u'.
            return de.IsZero ? Expr.Zero : Expr.Mul(Expr.Pow(b, e), Expr.Ln(b), de);
        }
        // General power: (u^v)' = u^v·(v'·ln(u) + v·u'/u).
        var du = D(b);
        var inner = Expr.Add(Expr.Mul(de, Expr.Ln(b)), Expr.Mul(e, du, Expr.Pow(b, Expr.MinusOne)));
        return Expr.Mul(Expr.Pow(b, e), inner);
    }

    private Expr DiffFunction(Function f)
    {
        // Chain rule: f(u)' = f'(u)·u'.
        var outer = DerivativeTable.Derivative(f.Which, f.Argument);
        if (outer.IsZero) return Expr.Zero;
        if (ReferenceEquals(f.Argument, _variable)) return outer;
        var du = D(f.Argument);
        return du.IsZero ? Expr.Zero : Expr.Mul(outer, du);
    }
}

/// <summary>
/// The size and time budget of one differentiation request, shared by every pass of it (all orders, all
/// variables of a gradient or Hessian). Work is charged in "nodes built": the operands handed to the canonical
/// constructors, an upper bound on the new nodes the derivative can contain.
/// </summary>
internal sealed class DiffBudget
{
    private const int TimeCheckInterval = 32;

    private readonly DiffOptions _options;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _work;
    private int _sinceTimeCheck;

    public DiffBudget(DiffOptions options, string operation)
    {
        _options = options;
        Operation = operation;
        if (options.MaxNodes <= 0) throw new ArgumentOutOfRangeException(nameof(options), "DiffOptions.MaxNodes must be positive.");
        if (options.TimeBudget <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "DiffOptions.TimeBudget must be positive.");
    }

    public string Operation { get; }

    /// <summary>A short description of where the work is (e.g. "order 3"), quoted in budget errors.</summary>
    public string Stage { get; set; } = "";

    public void Charge(int nodes)
    {
        _work += nodes;
        if (_work > _options.MaxNodes) ThrowNodes(_work);
        if (++_sinceTimeCheck >= TimeCheckInterval)
        {
            _sinceTimeCheck = 0;
            CheckTime();
        }
    }

    public void CheckTime()
    {
        EngineCancellation.ThrowIfCancelled(Operation);
        if (_clock.Elapsed > _options.TimeBudget)
            throw new BudgetExceededException(
                $"{Operation}: stopped after {_clock.Elapsed.TotalSeconds:0.#} s{StageText}, over the time budget of " +
                $"{_options.TimeBudget.TotalSeconds:0.#} s. The derivative is probably exploding in size; if you really need it, " +
                $"raise DiffOptions.TimeBudget (e.g. new DiffOptions {{ TimeBudget = TimeSpan.FromSeconds(60) }}).");
    }

    /// <summary>Checks a finished result: its distinct-node count must stay within the budget.</summary>
    public void CheckResult(Expr result)
    {
        // TreeSize is O(1) and bounds DagSize from above, so the O(n) DagSize walk runs only for large results.
        if (result.TreeSize <= _options.MaxNodes) return;
        int dag = result.DagSize;
        if (dag > _options.MaxNodes) ThrowNodes(dag);
    }

    private string StageText => Stage.Length == 0 ? "" : $" ({Stage})";

    private void ThrowNodes(long size) =>
        throw new BudgetExceededException(
            $"{Operation}: the derivative grew past {size:N0} nodes{StageText}, over DiffOptions.MaxNodes = " +
            $"{_options.MaxNodes:N0}. High-order derivatives of nested products, powers and exponentials grow very fast; " +
            $"if you really need it, raise DiffOptions.MaxNodes (e.g. new DiffOptions {{ MaxNodes = 10_000_000 }}).");
}
