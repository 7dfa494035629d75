using Nabla.Symbolic;

namespace Nabla;

/// <summary>Budget and switches for differentiation.</summary>
public sealed record DiffOptions
{
    /// <summary>The default options.</summary>
    public static DiffOptions Default { get; } = new();

    /// <summary>
    /// Most nodes one request may build (an upper bound on the distinct DAG nodes of the derivative; for a gradient
    /// or Hessian, of all entries together). Exceeding it fails with a <see cref="BudgetExceededException"/>.
    /// </summary>
    public int MaxNodes { get; init; } = 2_000_000;

    /// <summary>Highest order accepted.</summary>
    public int MaxOrder { get; init; } = 100;

    /// <summary>Wall-clock budget of one request.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>A name given to a sub-expression in a step's explanation, e.g. <c>u = x^3</c>.</summary>
/// <param name="Name">The name as written in the rule's formula (u, v, n, a, c, f'(u)…).</param>
/// <param name="Value">What it stands for.</param>
public sealed record StepBinding(string Name, Expr Value);

/// <summary>One rule application in a derivation.</summary>
/// <param name="Rule">Rule name, e.g. "product rule", "chain rule", "power rule", "table: sin".</param>
/// <param name="Expression">The sub-expression being differentiated.</param>
/// <param name="Formula">The rule's formula in plain words/symbols, e.g. "(uv)' = u'v + uv'".</param>
/// <param name="Result">Its derivative (canonical).</param>
/// <param name="Explanation">A sentence for a learner, e.g. "Apply the product rule with u = x^3, v = sin(x)".</param>
/// <param name="Depth">Nesting level in the derivation (0 = the whole expression).</param>
public sealed record DerivationStep(string Rule, Expr Expression, string Formula, Expr Result, string Explanation, int Depth)
{
    /// <summary>The explanation without its bindings and note, so renderers can print the bindings their own way
    /// (null when the step was built by hand: renderers then use <see cref="Explanation"/>).</summary>
    public string? Lead { get; init; }

    /// <summary>The sub-expressions the rule names (u, v, n…), in the order the formula uses them.</summary>
    public IReadOnlyList<StepBinding> Bindings { get; init; } = [];

    /// <summary>A caution for learners, e.g. "undefined at 0: we use the step function, …", or null.</summary>
    public string? Note { get; init; }

    /// <summary>For table and chain-rule steps, the table function involved.</summary>
    public MathFunction? Function { get; init; }
}

/// <summary>A derivative together with the steps that produced it.</summary>
/// <param name="Function">What was differentiated.</param>
/// <param name="Variable">With respect to what.</param>
/// <param name="Order">How many times.</param>
/// <param name="Result">The derivative.</param>
/// <param name="Steps">Rule applications, outermost first.</param>
public sealed record Derivation(Expr Function, Symbol Variable, int Order, Expr Result, IReadOnlyList<DerivationStep> Steps)
{
    /// <summary>The steps as indented text (see <see cref="DerivationRenderer.ToText"/>).</summary>
    public string ToText(Func<Expr, string>? print = null) => DerivationRenderer.ToText(this, print);

    /// <summary>The steps as a LaTeX fragment (see <see cref="DerivationRenderer.ToLatex"/>).</summary>
    public string ToLatex(Func<Expr, string>? print = null) => DerivationRenderer.ToLatex(this, print);

    /// <summary>The steps as an HTML fragment (see <see cref="DerivationRenderer.ToHtml"/>).</summary>
    public string ToHtml(Func<Expr, string>? print = null) => DerivationRenderer.ToHtml(this, print);

    /// <summary>The steps that use <paramref name="rule"/> (e.g. "chain rule").</summary>
    public IEnumerable<DerivationStep> StepsUsing(string rule) => Steps.Where(s => s.Rule == rule);
}

/// <summary>
/// Differentiation: derivatives of any order, partial derivatives, gradients and Hessians, and derivations with
/// every rule application recorded for learners. Every request runs under a <see cref="DiffOptions"/> budget.
/// </summary>
public static partial class Calculus
{
    /// <summary>The <paramref name="order"/>-th derivative of <paramref name="f"/> with respect to <paramref name="variable"/>
    /// (order 0 returns <paramref name="f"/>). Other symbols are constants, so this is also the partial derivative.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The order is negative or above <see cref="DiffOptions.MaxOrder"/>.</exception>
    /// <exception cref="BudgetExceededException">The derivative grew past the size or time budget.</exception>
    public static Expr Diff(Expr f, Symbol variable, int order = 1, DiffOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(variable);
        options ??= DiffOptions.Default;
        CheckOrder(order, options);
        var budget = new DiffBudget(options, "Diff");
        var result = f;
        for (int k = 1; k <= order; k++)
        {
            budget.Stage = order == 1 ? "" : $"at order {k} of {order}";
            // A fresh engine per order: derivatives of order k share little with the nodes of order k−1's input.
            result = new Differentiator(variable, budget).Derive(result);
            budget.CheckResult(result);
            budget.CheckTime();
        }
        return result;
    }

    /// <summary>The <paramref name="order"/>-th derivative with respect to the variable named <paramref name="variable"/>.</summary>
    public static Expr Diff(Expr f, string variable, int order = 1, DiffOptions? options = null) =>
        Diff(f, AsSymbol(variable), order, options);

    /// <summary>The mixed partial derivative ∂ⁿf/∂v₁…∂vₙ: differentiates by each variable in turn (repeat one for higher order).</summary>
    public static Expr Partial(Expr f, params Symbol[] variables) => Partial(f, variables, null);

    /// <summary>The mixed partial derivative, differentiating by each variable in turn, under one budget.</summary>
    public static Expr Partial(Expr f, IReadOnlyList<Symbol> variables, DiffOptions? options)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(variables);
        options ??= DiffOptions.Default;
        CheckOrder(variables.Count, options);
        var budget = new DiffBudget(options, "Partial");
        var result = f;
        foreach (var v in variables)
        {
            result = new Differentiator(v, budget).Derive(result);
            budget.CheckResult(result);
        }
        return result;
    }

    /// <summary>The gradient (∂f/∂v₁, …, ∂f/∂vₙ).</summary>
    public static Expr[] Gradient(Expr f, IReadOnlyList<Symbol> variables, DiffOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(variables);
        var budget = new DiffBudget(options ?? DiffOptions.Default, "Gradient");
        var gradient = new Expr[variables.Count];
        for (int i = 0; i < gradient.Length; i++)
        {
            gradient[i] = new Differentiator(variables[i], budget).Derive(f);
            budget.CheckResult(gradient[i]);
        }
        return gradient;
    }

    /// <summary>
    /// The Hessian matrix H[i, j] = ∂²f/∂vᵢ∂vⱼ. It is symmetric for the smooth functions of the language, so each
    /// pair is computed once (as ∂/∂vⱼ of ∂f/∂vᵢ, i ≤ j) and mirrored.
    /// </summary>
    public static Expr[,] Hessian(Expr f, IReadOnlyList<Symbol> variables, DiffOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(variables);
        var budget = new DiffBudget(options ?? DiffOptions.Default, "Hessian");
        int n = variables.Count;
        // The matrix alone has n² entries: refuse before allocating it, not after thousands of derivatives.
        if ((long)n * n > (options ?? DiffOptions.Default).MaxNodes)
            throw new BudgetExceededException(
                $"Hessian: {n:N0} variables make a matrix of {(long)n * n:N0} entries, over DiffOptions.MaxNodes = " +
                $"{(options ?? DiffOptions.Default).MaxNodes:N0}; take the Hessian with respect to fewer variables.");
        // One engine per variable serves both the gradient entry and the Hessian column, sharing its memo.
        var engines = new Differentiator[n];
        var gradient = new Expr[n];
        for (int j = 0; j < n; j++)
        {
            engines[j] = new Differentiator(variables[j], budget);
            gradient[j] = engines[j].Derive(f);
        }
        var hessian = new Expr[n, n];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i <= j; i++)
            {
                var h = engines[j].Derive(gradient[i]);
                budget.CheckResult(h);
                hessian[i, j] = h;
                hessian[j, i] = h;
            }
        }
        return hessian;
    }

    /// <summary>
    /// The derivative with every rule application recorded. For order 1 the steps explain the derivative directly
    /// (depth 0 is the whole expression); for higher orders there is one top-level step per order, with that
    /// order's rule applications nested below it. Every step's <see cref="DerivationStep.Result"/> is exactly
    /// <c>Diff(step.Expression, variable)</c>.
    /// </summary>
    public static Derivation DiffWithSteps(Expr f, Symbol variable, int order = 1, DiffOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(variable);
        options ??= DiffOptions.Default;
        CheckOrder(order, options);
        var budget = new DiffBudget(options, "DiffWithSteps");
        var steps = new List<DerivationStep>();
        var current = f;
        for (int k = 1; k <= order; k++)
        {
            budget.Stage = order == 1 ? "" : $"at order {k} of {order}";
            var engine = new Differentiator(variable, budget);
            var recorder = new StepRecorder(engine, budget, steps);
            if (order == 1)
            {
                current = recorder.Explain(current, 0);
            }
            else
            {
                var next = engine.Derive(current);
                var lead = k == 1
                    ? $"Differentiate once with respect to {variable.Name}"
                    : $"Differentiate the derivative of order {k - 1} once more";
                steps.Add(new DerivationStep($"derivative of order {k}", current, $"f^({k}) = d/d{variable.Name} f^({k - 1})",
                    next, lead + ".", 0) { Lead = lead });
                recorder.Explain(current, 1);
                current = next;
            }
            budget.CheckResult(current);
            budget.CheckTime();
        }
        return new Derivation(f, variable, order, current, steps);
    }

    /// <summary>The derivative with steps, with respect to the variable named <paramref name="variable"/>.</summary>
    public static Derivation DiffWithSteps(Expr f, string variable, int order = 1, DiffOptions? options = null) =>
        DiffWithSteps(f, AsSymbol(variable), order, options);

    private static Symbol AsSymbol(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return (Symbol)Expr.Sym(name);
    }

    private static void CheckOrder(int order, DiffOptions options)
    {
        if (order < 0)
            throw new ArgumentOutOfRangeException(nameof(order), order, "The order of a derivative cannot be negative.");
        if (order > options.MaxOrder)
            throw new ArgumentOutOfRangeException(nameof(order), order,
                $"A derivative of order {order} was requested; the limit is DiffOptions.MaxOrder = {options.MaxOrder}. " +
                "Raise it with new DiffOptions { MaxOrder = ... } if you really need it.");
    }
}
