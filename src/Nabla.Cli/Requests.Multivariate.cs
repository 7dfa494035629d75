namespace Nabla.Cli;

/// <summary>The gradient (∂f/∂v₁, …, ∂f/∂vₙ) of <paramref name="Expr"/>.</summary>
/// <param name="Expr">The scalar function.</param>
/// <param name="Vars">The variables in the order wanted; null infers them (alphabetical, x2 before x10).</param>
/// <param name="At">When given, the gradient is also evaluated at this point.</param>
/// <param name="Split">Split multi-letter names into single letters.</param>
/// <param name="Method">When given (symbolic, forward, reverse, numeric or all), the gradient is also computed numerically
/// at <paramref name="At"/> (then required) by that method.</param>
/// <param name="Steps">Also return the derivation of each partial derivative, rule by rule.</param>
public sealed record GradientRequest(string Expr, IReadOnlyList<string>? Vars = null, IReadOnlyList<PointValue>? At = null, bool Split = false,
    string? Method = null, bool Steps = false)
    : Request(Split);

/// <summary>The Jacobian of the vector function <paramref name="Exprs"/>: one row per function, one column per variable.</summary>
/// <param name="Exprs">The component functions.</param>
/// <param name="Vars">The variables in the order wanted; null infers them from all the functions.</param>
/// <param name="At">When given, the Jacobian is also evaluated at this point.</param>
/// <param name="Split">Split multi-letter names into single letters.</param>
/// <param name="Steps">Also return the derivation of every entry, rule by rule.</param>
public sealed record JacobianRequest(IReadOnlyList<string> Exprs, IReadOnlyList<string>? Vars = null, IReadOnlyList<PointValue>? At = null, bool Split = false,
    bool Steps = false)
    : Request(Split);

/// <summary>The Hessian matrix H[i, j] = ∂²f/∂vᵢ∂vⱼ of <paramref name="Expr"/>.</summary>
/// <param name="Expr">The scalar function.</param>
/// <param name="Vars">The variables in the order wanted; null infers them.</param>
/// <param name="At">When given, the Hessian is also evaluated at this point.</param>
/// <param name="Split">Split multi-letter names into single letters.</param>
/// <param name="Steps">Also return, for every entry H[i, j], the derivation of ∂/∂vⱼ applied to the gradient's entry ∂f/∂vᵢ.</param>
public sealed record HessianRequest(string Expr, IReadOnlyList<string>? Vars = null, IReadOnlyList<PointValue>? At = null, bool Split = false,
    bool Steps = false)
    : Request(Split);

/// <summary>The stationary points of <paramref name="Expr"/> (∇f = 0), each classified by its Hessian.</summary>
/// <param name="Expr">The scalar function.</param>
/// <param name="Vars">The variables in the order wanted; null infers them.</param>
/// <param name="Split">Split multi-letter names into single letters.</param>
public sealed record StationaryRequest(string Expr, IReadOnlyList<string>? Vars = null, bool Split = false) : Request(Split);

/// <summary>The total derivative df/dt of f(x(t), y(t), …) by the multivariate chain rule.</summary>
/// <param name="Expr">The outer function f.</param>
/// <param name="With">Each inner variable and its path in the parameter, in the order given (<c>x = t+1</c>).</param>
/// <param name="Wrt">The parameter t; null infers it when the paths have exactly one variable between them.</param>
/// <param name="At">When given, the total derivative is also evaluated at this point.</param>
/// <param name="Split">Split multi-letter names into single letters.</param>
public sealed record ChainRequest(string Expr, IReadOnlyList<PointValue> With, string? Wrt = null, IReadOnlyList<PointValue>? At = null, bool Split = false)
    : Request(Split);

/// <summary>The Taylor polynomial of <paramref name="Expr"/> about a point, to <paramref name="Order"/>.</summary>
/// <param name="Expr">The function.</param>
/// <param name="About">The expansion point; one variable gives the univariate series. Null expands about 0 in every variable.</param>
/// <param name="Order">The highest power kept (0 or more).</param>
/// <param name="Split">Split multi-letter names into single letters.</param>
public sealed record TaylorRequest(string Expr, IReadOnlyList<PointValue>? About, int Order, bool Split = false) : Request(Split);

/// <summary>A numeric derivative of <paramref name="Expr"/> at a point, with an error estimate.</summary>
/// <param name="Expr">The function.</param>
/// <param name="At">The point; every variable needs a value.</param>
/// <param name="Wrt">The variable; null picks the only free variable, else <c>x</c>.</param>
/// <param name="Method">richardson (default), central, forward, backward or stencil5.</param>
/// <param name="Table">Also produce the rise-over-run table of secant slopes as h shrinks.</param>
/// <param name="Split">Split multi-letter names into single letters.</param>
public sealed record NumDiffRequest(string Expr, IReadOnlyList<PointValue> At, string? Wrt = null, string? Method = null, bool Table = false, bool Split = false)
    : Request(Split);
