using System.Text;
using Nabla.Series;
using Nabla.Symbolic;

namespace Nabla;

/// <summary>Budget for Taylor expansions.</summary>
public sealed record TaylorOptions
{
    /// <summary>The default options.</summary>
    public static TaylorOptions Default { get; } = new();

    /// <summary>Highest order accepted; a higher order fails at once with a <see cref="BudgetExceededException"/>.</summary>
    public int MaxOrder { get; init; } = 200;

    /// <summary>Wall-clock budget of one expansion.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Most variables a multivariate expansion accepts (the number of terms grows like the binomial
    /// coefficient C(order + variables, variables)).</summary>
    public int MaxVariables { get; init; } = 20;
}

/// <summary>
/// A Taylor polynomial of one variable: f(x) ≈ Σₖ cₖ (x − a)ᵏ for k = 0..<see cref="Order"/>, with exact coefficients.
/// </summary>
/// <param name="Function">The expanded function.</param>
/// <param name="Variable">The variable x.</param>
/// <param name="About">The expansion point a.</param>
/// <param name="Order">The order n (the highest power kept).</param>
/// <param name="Coefficients">Coefficients[k] is the exact coefficient cₖ = f⁽ᵏ⁾(a)/k! of (x − a)ᵏ, k = 0..n.</param>
/// <param name="Polynomial">Σ cₖ (x − a)ᵏ as a canonical expression (the canonical form may regroup it, e.g. the
/// constant of −(x − 4)/16 joins the constant term; <see cref="ToPlain"/> keeps the powers of (x − a)).</param>
public sealed record TaylorSeries(Expr Function, Symbol Variable, Expr About, int Order, IReadOnlyList<Expr> Coefficients, Expr Polynomial)
{
    private IReadOnlyList<SeriesTerm> Terms()
    {
        var terms = new List<SeriesTerm>(Coefficients.Count);
        for (int k = 0; k < Coefficients.Count; k++) terms.Add(new SeriesTerm(Coefficients[k], [k]));
        return terms;
    }

    /// <summary>x − a (just x about 0).</summary>
    public Expr Delta => Variable - About;

    /// <summary>In powers of (x − a), lowest order first, parsable: <c>1/4-(x-4)/16+(x-4)^2/64</c>, <c>1+x+x^2/2</c>.</summary>
    public string ToPlain() => SeriesText.Print(Terms(), [Delta], SeriesText.Style.Plain);

    /// <summary>For reading: <c>1/4 - (x - 4)/16 + (x - 4)^2/64</c>.</summary>
    public string ToHuman() => SeriesText.Print(Terms(), [Delta], SeriesText.Style.Human);

    /// <summary>LaTeX: <c>\frac{1}{4} - \frac{\left(x - 4\right)}{16} + …</c>.</summary>
    public string ToLatex() => SeriesText.Print(Terms(), [Delta], SeriesText.Style.Latex);

    /// <summary>The plain form.</summary>
    public override string ToString() => ToPlain();
}

/// <summary>One term c·Π(xᵢ − aᵢ)^eᵢ of a multivariate Taylor polynomial.</summary>
/// <param name="Exponents">The power of each variable (in <see cref="MultivariateTaylorSeries.Variables"/> order).</param>
/// <param name="Coefficient">The exact coefficient, ∂^|e| f(a) / (e₁!·e₂!·…).</param>
public sealed record TaylorTerm(IReadOnlyList<int> Exponents, Expr Coefficient)
{
    /// <summary>The total degree Σ eᵢ.</summary>
    public int Degree => Exponents.Sum();
}

/// <summary>
/// A Taylor polynomial of several variables to total degree <see cref="Order"/>, in powers of (x − a), (y − b), …
/// grouped by total degree. To second order it is f(a) + ∇f(a)·Δx + ½ Δxᵀ H(a) Δx: <see cref="Value"/>,
/// <see cref="Gradient"/> and <see cref="Hessian"/> are those pieces.
/// </summary>
/// <param name="Function">The expanded function.</param>
/// <param name="Variables">The variables, in natural order (x2 before x10).</param>
/// <param name="About">The expansion point, one value per variable.</param>
/// <param name="Order">The highest total degree kept.</param>
/// <param name="Polynomial">The Taylor polynomial as a canonical expression.</param>
public sealed record MultivariateTaylorSeries(Expr Function, IReadOnlyList<Symbol> Variables, IReadOnlyDictionary<Symbol, Expr> About,
    int Order, Expr Polynomial)
{
    /// <summary>The non-zero terms, lowest degree first, graded lexicographic within a degree (x² before xy before y²).</summary>
    public IReadOnlyList<TaylorTerm> Terms { get; init; } = [];

    /// <summary>f at the point.</summary>
    public Expr Value { get; init; } = Expr.Zero;

    /// <summary>∇f at the point (the Jacobian row J), in <see cref="Variables"/> order; null when <see cref="Order"/> is 0.</summary>
    public Expr[]? Gradient { get; init; }

    /// <summary>The Hessian H at the point (symmetric); null when <see cref="Order"/> is below 2.</summary>
    public Expr[,]? Hessian { get; init; }

    /// <summary>(x − a, y − b, …) in <see cref="Variables"/> order.</summary>
    public IReadOnlyList<Expr> Deltas => [.. Variables.Select(v => v - About[v])];

    private IReadOnlyList<SeriesTerm> SeriesTerms() => [.. Terms.Select(t => new SeriesTerm(t.Coefficient, [.. t.Exponents]))];

    /// <summary>Plain, parsable: <c>1+x+y+x^2/2+x*y+y^2/2</c>.</summary>
    public string ToPlain() => SeriesText.Print(SeriesTerms(), Deltas, SeriesText.Style.Plain);

    /// <summary>For reading: <c>1 + (x - 1) + 2(y - 2) + …</c>.</summary>
    public string ToHuman() => SeriesText.Print(SeriesTerms(), Deltas, SeriesText.Style.Human);

    /// <summary>LaTeX.</summary>
    public string ToLatex() => SeriesText.Print(SeriesTerms(), Deltas, SeriesText.Style.Latex);

    /// <summary>
    /// The second-order view written out for learners: <c>f(a) + J·Δx + ½ ΔxᵀHΔx</c> followed by the values of f(a),
    /// J and H (human form). Null when <see cref="Order"/> is below 2.
    /// </summary>
    public string? ToQuadraticFormText()
    {
        if (Gradient is null || Hessian is null) return null;
        int n = Variables.Count;
        var sb = new StringBuilder();
        sb.Append("f + J·Δx + ½ ΔxᵀHΔx with Δx = (")
          .Append(string.Join(", ", Deltas.Select(d => d.ToHuman()))).Append(')').AppendLine();
        sb.Append("f = ").Append(Value.ToHuman()).AppendLine();
        sb.Append("J = [").Append(string.Join(", ", Gradient.Select(g => g.ToHuman()))).Append(']').AppendLine();
        sb.Append("H = [");
        for (int i = 0; i < n; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append('[');
            for (int j = 0; j < n; j++)
            {
                if (j > 0) sb.Append(", ");
                sb.Append(Hessian[i, j].ToHuman());
            }
            sb.Append(']');
        }
        sb.Append(']');
        return sb.ToString();
    }

    /// <summary>The plain form.</summary>
    public override string ToString() => ToPlain();
}

/// <summary>How well a Taylor polynomial approximates its function on an interval.</summary>
/// <param name="MaxError">The largest |f(x) − Tₙ(x)| found at the sample points.</param>
/// <param name="At">Where it occurs.</param>
/// <param name="LagrangeBound">The Lagrange remainder bound max|f⁽ⁿ⁺¹⁾(ξ)|/(n+1)! · max|x − a|ⁿ⁺¹, with the maximum of
/// |f⁽ⁿ⁺¹⁾| sampled between the point and the interval; null when that derivative is not available (budget, or not
/// defined on the whole interval).</param>
public sealed record ApproximationError(double MaxError, double At, double? LagrangeBound);
