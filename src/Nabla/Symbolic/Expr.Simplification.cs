using Nabla.Symbolic.Simplification;

namespace Nabla.Symbolic;

public abstract partial class Expr
{
    /// <summary>Simplifies under a budget (see <see cref="Simplifier.Simplify"/>).</summary>
    public Expr Simplify(SimplifyOptions? options = null) => Simplifier.Simplify(this, options);

    /// <summary>Expands products and integer powers of sums (see <see cref="Simplifier.Expand"/>).</summary>
    public Expr Expand(SimplifyOptions? options = null) => Simplifier.Expand(this, options);

    /// <summary>Writes as one fraction (see <see cref="Simplifier.Together"/>).</summary>
    public Expr Together(SimplifyOptions? options = null) => Simplifier.Together(this, options);

    /// <summary>Cancels common polynomial factors (see <see cref="Simplifier.Cancel"/>).</summary>
    public Expr Cancel(SimplifyOptions? options = null) => Simplifier.Cancel(this, options);

    /// <summary>Factors over the rationals (see <see cref="Simplifier.Factor"/>).</summary>
    public Expr Factor(SimplifyOptions? options = null) => Simplifier.Factor(this, options);
}
