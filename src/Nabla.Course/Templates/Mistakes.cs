using Nabla.Symbolic;

namespace Nabla.Course.Templates;

/// <summary>Wrong product rule: from the varying factors and their derivatives, the mistaken derivative (null: correct).</summary>
internal delegate Expr? ProductMistake(IReadOnlyList<Expr> factors, IReadOnlyList<Expr> derivatives, Symbol variable);

/// <summary>Wrong power rule for <c>u^n</c> (n constant): from the power, u′ and whether u is not the variable itself.</summary>
internal delegate Expr? PowerMistake(Power power, Expr innerDerivative, bool composite);

/// <summary>Wrong table rule: from f(u), the correct outer derivative f′(u), u′ and whether u is composite.</summary>
internal delegate Expr? FunctionMistake(Function f, Expr outerDerivative, Expr innerDerivative, bool composite);

/// <summary>
/// One named mistake (see docs/authoring.md): either a wrong differentiation rule (the hooks used by
/// <see cref="MistakenDifferentiator"/>) or a wrong step of a computation (<see cref="Operation"/> with a transform of
/// its result). Every mistake is one entry in <see cref="Mistakes.All"/>.
/// </summary>
/// <param name="Name">The id used in <c>mistake(NAME)</c>.</param>
/// <param name="Description">What the learner did.</param>
public sealed record MistakeRule(string Name, string Description)
{
    internal ProductMistake? Product { get; init; }
    internal PowerMistake? Power { get; init; }
    internal FunctionMistake? Function { get; init; }
    internal Func<Expr, Expr>? Constant { get; init; }

    /// <summary>For computation-level mistakes: the operation it changes (<c>jacobian</c>, <c>taylor</c>…), else null.</summary>
    public string? Operation { get; init; }

    /// <summary>True when the mistake is in a differentiation rule (it changes diff, partial, grad, jacobian, hessian, newton-step).</summary>
    public bool IsDerivativeRule => Product is not null || Power is not null || Function is not null || Constant is not null;
}

/// <summary>The table of named mistakes. Adding a mistake is one entry here plus a test.</summary>
public static class Mistakes
{
    private static readonly Expr Half = Expr.Num(1, 2);

    /// <summary>Every named mistake.</summary>
    public static IReadOnlyList<MistakeRule> All { get; } =
    [
        new("chain-inner-dropped", "the chain rule's inner derivative is left out: d f(g) = f′(g)")
        {
            Function = (_, outer, _, composite) => composite ? outer : null,
            Power = (p, _, composite) => composite ? p.Exponent * Expr.Pow(p.Base, p.Exponent - 1) : null,
        },
        new("product-uv-prime", "the product rule as d(uv) = u′v′")
        {
            Product = (_, derivatives, _) => Expr.Mul(derivatives),
        },
        new("product-one-term", "only one term of the product rule: d(uv) = u′v")
        {
            Product = (factors, derivatives, _) => Expr.Mul(factors.Skip(1).Prepend(derivatives[0])),
        },
        new("quotient-numerator-reversed", "the quotient rule's numerator the wrong way round: (uv′ − u′v)/v²")
        {
            Product = (factors, derivatives, variable) => Quotient(factors, derivatives, variable, reversed: true, squared: true),
        },
        new("quotient-denominator-unsquared", "the quotient rule with v instead of v² below: (u′v − uv′)/v")
        {
            Product = (factors, derivatives, variable) => Quotient(factors, derivatives, variable, reversed: false, squared: false),
        },
        new("cos-sign", "d/dx cos x = sin x (the minus sign lost)")
        {
            Function = (f, _, inner, _) => f.Which == MathFunction.Cos ? Expr.Sin(f.Argument) * inner : null,
        },
        new("sin-sign", "d/dx sin x = −cos x (a minus sign added)")
        {
            Function = (f, _, inner, _) => f.Which == MathFunction.Sin ? -Expr.Cos(f.Argument) * inner : null,
        },
        new("power-exponent-unchanged", "the power rule without lowering the power: d xⁿ = n xⁿ")
        {
            Power = (p, inner, _) => p.Exponent * p * inner,
        },
        new("power-exponent-up", "the power rule raising the power: d xⁿ = n xⁿ⁺¹")
        {
            Power = (p, inner, _) => p.Exponent * Expr.Pow(p.Base, p.Exponent + 1) * inner,
        },
        new("exp-power-rule", "the power rule applied to eᵘ: d eᵘ = u eᵘ⁻¹")
        {
            Function = (f, _, _, _) => f.Which == MathFunction.Exp ? f.Argument * Expr.Exp(f.Argument - 1) : null,
        },
        new("ln-no-chain", "d ln u = 1/u without the inner derivative u′")
        {
            Function = (f, _, _, composite) => f.Which == MathFunction.Ln && composite ? Expr.Pow(f.Argument, -1) : null,
        },
        new("constant-not-dropped", "the derivative of a constant term kept as the constant: d c = c")
        {
            Constant = c => c,
        },
        new("jacobian-transposed", "the Jacobian transposed (rows are variables instead of functions)") { Operation = "jacobian" },
        new("hessian-offdiagonal-missing", "the Hessian without its mixed partial derivatives") { Operation = "hessian" },
        new("hessian-offdiagonal-halved", "the Hessian's mixed partial derivatives halved") { Operation = "hessian" },
        new("gradient-swapped", "the gradient's components in the wrong order") { Operation = "grad" },
        new("taylor-factorial-missing", "the Taylor coefficients without dividing by k!") { Operation = "taylor" },
        new("taylor-about-zero", "the series expanded about 0 instead of a") { Operation = "taylor" },
        new("newton-step-sign", "the Newton step with the wrong sign: x0 + f(x0)/f′(x0)") { Operation = "newton-step" },
        new("partial-other-variable", "differentiated by the other variable") { Operation = "partial" },
    ];

    private static readonly Dictionary<string, MistakeRule> ByName = All.ToDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>The mistake named <paramref name="name"/>, or null.</summary>
    public static MistakeRule? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>Differentiates <paramref name="f"/> with <paramref name="mistake"/> applied (the correct derivative when null).</summary>
    public static Expr Diff(Expr f, string variable, MistakeRule? mistake, int order = 1)
    {
        ArgumentNullException.ThrowIfNull(f);
        return MistakenDifferentiator.Diff(f, (Symbol)Expr.Sym(variable), order, mistake);
    }

    private static Expr? Quotient(IReadOnlyList<Expr> factors, IReadOnlyList<Expr> derivatives, Symbol variable, bool reversed, bool squared)
    {
        // The varying factors split into a numerator u (positive powers) and a denominator v (negative powers).
        var numerator = new List<(Expr F, Expr D)>();
        var denominator = new List<(Expr F, Expr D)>();
        for (int i = 0; i < factors.Count; i++)
        {
            var (b, e) = factors[i].SplitPower();
            bool below = e is Number { Value.Sign: < 0 };
            if (below)
            {
                var up = Expr.Pow(b, -e);
                denominator.Add((up, Calculus.Diff(up, variable)));
            }
            else numerator.Add((factors[i], derivatives[i]));
        }
        if (denominator.Count == 0) return null;
        var u = Expr.Mul(numerator.Select(n => n.F));
        var du = numerator.Count == 0 ? Expr.Zero : MistakenDifferentiator.ProductRule(numerator.Select(n => n.F).ToList(), numerator.Select(n => n.D).ToList());
        var v = Expr.Mul(denominator.Select(d => d.F));
        var dv = MistakenDifferentiator.ProductRule(denominator.Select(d => d.F).ToList(), denominator.Select(d => d.D).ToList());
        var top = reversed ? u * dv - du * v : du * v - u * dv;
        return top / (squared ? Expr.Pow(v, 2) : v);
    }

    internal static Expr HalfOf(Expr e) => Half * e;
}
