using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;

namespace Nabla.Optimization;

/// <summary>f(x) for a point x of a fixed dimension.</summary>
public delegate double ScalarFunction(ReadOnlySpan<double> x);

/// <summary>Writes a vector (a gradient, or a row-major matrix such as a Hessian) computed at x into <c>result</c>.</summary>
public delegate void VectorFunction(ReadOnlySpan<double> x, Span<double> result);

/// <summary>Where an <see cref="Objective"/> built from an expression gets its derivatives.</summary>
public enum DerivativeSource
{
    /// <summary>Symbolic differentiation, compiled (exact up to rounding; the default).</summary>
    Symbolic,

    /// <summary>Central finite differences (h = ∛ε·max(1, |xᵢ|)); for comparison with the exact derivatives.</summary>
    Numeric,

    /// <summary>Automatic differentiation: forward mode on dual numbers through <see cref="AutoDiff.ExprBridge"/>
    /// (the Hessian by central differences of that gradient).</summary>
    Automatic,
}

/// <summary>
/// A scalar function to minimise (or a function whose stationary points are wanted) with its gradient and, when
/// available, its Hessian. Built from an <see cref="Expr"/> (derivatives symbolic and compiled once) or from
/// delegates. Stateless after construction, so one objective may be shared by solvers on several threads.
/// </summary>
public sealed class Objective
{
    /// <summary>The spacing of doubles at 1 (2⁻⁵²).</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    private readonly ScalarFunction _value;
    private readonly VectorFunction _gradient;
    private readonly Lazy<VectorFunction?> _hessian;

    private Objective(IReadOnlyList<string> variables, ScalarFunction value, VectorFunction gradient, Func<VectorFunction?> hessian,
        Expr? expression)
    {
        Variables = variables;
        _value = value;
        _gradient = gradient;
        _hessian = new Lazy<VectorFunction?>(hessian, LazyThreadSafetyMode.ExecutionAndPublication);
        Expression = expression;
    }

    /// <summary>The variable names, in the order of the coordinates of x.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>The number of coordinates of x.</summary>
    public int Dimension => Variables.Count;

    /// <summary>The expression this objective was built from, or null for one built from delegates.</summary>
    public Expr? Expression { get; }

    /// <summary>True when <see cref="Hessian"/> is available (always for expressions; for delegates only when given).</summary>
    public bool HasHessian => _hessian.Value is not null;

    /// <summary>f(x); NaN outside the function's real domain.</summary>
    public double Value(ReadOnlySpan<double> x)
    {
        CheckLength(x.Length);
        return _value(x);
    }

    /// <summary>Writes ∇f(x) into <paramref name="gradient"/> (length <see cref="Dimension"/>).</summary>
    public void Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        CheckLength(x.Length);
        CheckLength(gradient.Length);
        _gradient(x, gradient);
    }

    /// <summary>Writes the Hessian at x into <paramref name="hessian"/>, row-major (length <see cref="Dimension"/>²).</summary>
    /// <exception cref="InvalidOperationException">The objective has no Hessian (<see cref="HasHessian"/> is false).</exception>
    public void Hessian(ReadOnlySpan<double> x, Span<double> hessian)
    {
        CheckLength(x.Length);
        if (hessian.Length != Dimension * Dimension)
            throw new ArgumentException($"the Hessian buffer needs {Dimension * Dimension} entries, got {hessian.Length}.", nameof(hessian));
        var h = _hessian.Value ?? throw new InvalidOperationException(
            "this objective has no Hessian; give one to Objective.FromDelegates or use a method that needs only gradients.");
        h(x, hessian);
    }

    private void CheckLength(int length)
    {
        if (length != Dimension)
            throw new ArgumentException($"the objective has {Dimension} variables ({string.Join(", ", Variables)}) but got a vector of length {length}.");
    }

    /// <summary>
    /// An objective from an expression: f, ∇f and the Hessian are differentiated symbolically once (the Hessian only
    /// when first needed) and compiled.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="variables">The coordinates of x, in order; by default the free symbols in natural order.</param>
    /// <param name="derivatives">Symbolic (default), numeric or automatic (forward-mode) derivatives.</param>
    /// <exception cref="ArgumentException">A variable is not a plain name, or f has a free symbol not in
    /// <paramref name="variables"/> (name it, or substitute a value first).</exception>
    public static Objective FromExpr(Expr f, IReadOnlyList<string>? variables = null, DerivativeSource derivatives = DerivativeSource.Symbolic)
    {
        ArgumentNullException.ThrowIfNull(f);
        var symbols = variables is null
            ? Calculus.InferVariables(f)
            : variables.Select(Symbol.Create).ToArray();
        var missing = f.FreeSymbols.Where(s => !symbols.Contains(s)).Select(s => s.Name).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException(
                $"{f} also depends on {string.Join(", ", missing)}, which is not among the variables ({string.Join(", ", symbols.Select(s => s.Name))}); list it as a variable or substitute a value.",
                nameof(variables));
        var names = symbols.Select(s => s.Name).ToArray();
        var value = Compiler.Compile(f, symbols);
        ScalarFunction valueFn = x => value.Evaluate(x);
        if (derivatives == DerivativeSource.Numeric)
        {
            var numericGradient = NumericGradient(valueFn, names.Length);
            return new Objective(names, valueFn, numericGradient, () => NumericJacobian(numericGradient, names.Length), f);
        }
        if (derivatives == DerivativeSource.Automatic)
        {
            VectorFunction automatic = (x, g) =>
            {
                var at = new Dictionary<string, double>(names.Length);
                for (int i = 0; i < names.Length; i++) at[names[i]] = x[i];
                AutoDiff.ExprBridge.ForwardGradient(f, symbols, at).CopyTo(g);
            };
            return new Objective(names, valueFn, automatic, () => NumericJacobian(automatic, names.Length), f);
        }
        var gradient = Compiler.Compile(Calculus.Gradient(f, symbols), symbols);
        return new Objective(names, valueFn, (x, g) => gradient.Evaluate(x, g), () =>
        {
            var h = Calculus.Hessian(f, symbols);
            int n = symbols.Count;
            var entries = new Expr[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) entries[i * n + j] = h[i, j];
            var hessian = Compiler.Compile(entries, symbols);
            return (x, result) => hessian.Evaluate(x, result);
        }, f);
    }

    /// <summary>An objective from delegates. Without <paramref name="gradient"/> the gradient is by central
    /// differences; without <paramref name="hessian"/> there is no Hessian (Newton's method then needs one).</summary>
    public static Objective FromDelegates(IReadOnlyList<string> variables, ScalarFunction value, VectorFunction? gradient = null,
        VectorFunction? hessian = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(value);
        if (variables.Count == 0) throw new ArgumentException("an objective needs at least one variable.", nameof(variables));
        var names = variables.ToArray();
        return new Objective(names, value, gradient ?? NumericGradient(value, names.Length), () => hessian, null);
    }

    /// <summary>An objective of n variables named x1 … xn, from delegates.</summary>
    public static Objective FromDelegates(int dimension, ScalarFunction value, VectorFunction? gradient = null, VectorFunction? hessian = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        return FromDelegates(Enumerable.Range(1, dimension).Select(i => $"x{i}").ToArray(), value, gradient, hessian);
    }

    /// <summary>Central differences, h = ∛ε·max(1, |xᵢ|): the step that balances truncation (h²) against rounding (ε/h).</summary>
    private static VectorFunction NumericGradient(ScalarFunction f, int n) => (x, g) =>
    {
        var point = x.ToArray();
        for (int i = 0; i < n; i++)
        {
            double xi = point[i], h = Math.Cbrt(MachineEpsilon) * Math.Max(1, Math.Abs(xi));
            point[i] = xi + h;
            double up = f(point);
            point[i] = xi - h;
            double down = f(point);
            point[i] = xi;
            g[i] = (up - down) / (2 * h);
        }
    };

    /// <summary>The Jacobian of a gradient by central differences, symmetrised (it is a Hessian).</summary>
    private static VectorFunction NumericJacobian(VectorFunction gradient, int n) => (x, h) =>
    {
        var point = x.ToArray();
        var up = new double[n];
        var down = new double[n];
        for (int j = 0; j < n; j++)
        {
            double xj = point[j], step = Math.Cbrt(MachineEpsilon) * Math.Max(1, Math.Abs(xj));
            point[j] = xj + step;
            gradient(point, up);
            point[j] = xj - step;
            gradient(point, down);
            point[j] = xj;
            for (int i = 0; i < n; i++) h[i * n + j] = (up[i] - down[i]) / (2 * step);
        }
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                h[i * n + j] = h[j * n + i] = 0.5 * (h[i * n + j] + h[j * n + i]);
    };
}
