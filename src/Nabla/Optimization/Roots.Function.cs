using System.Globalization;
using Nabla.AutoDiff;
using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;

namespace Nabla.Optimization;

/// <summary>
/// f and f' of one variable for one run of a root finder, counting the evaluations of f. Built fresh per call, so
/// the counter is never shared between runs.
/// </summary>
internal sealed class UnivariateFunction
{
    /// <summary>The spacing of doubles at 1 (2⁻⁵²).</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>The symbolic derivative gets a short budget: past it, forward-mode AD gives the same numbers.</summary>
    private static readonly DiffOptions DerivativeBudget = new() { TimeBudget = TimeSpan.FromSeconds(3) };

    private readonly Func<double, double> _value;
    private readonly Func<double, (double Value, double Slope)>? _valueAndSlope;
    private readonly int _costOfSlope;

    private UnivariateFunction(Func<double, double> value, Func<double, (double, double)>? valueAndSlope, int costOfSlope, string? note)
    {
        _value = value;
        _valueAndSlope = valueAndSlope;
        _costOfSlope = costOfSlope;
        Note = note;
    }

    /// <summary>How often f has been evaluated.</summary>
    public int Evaluations { get; private set; }

    /// <summary>A remark for the result's message (e.g. that the derivative fell back to automatic differentiation).</summary>
    public string? Note { get; }

    /// <summary>f(x).</summary>
    public double Value(double x)
    {
        Evaluations++;
        return _value(x);
    }

    /// <summary>f(x) and f'(x) (NaN slope when this function was built without a derivative).</summary>
    public (double Value, double Slope) ValueAndSlope(double x)
    {
        if (_valueAndSlope is null) return (Value(x), double.NaN);
        Evaluations += _costOfSlope;
        return _valueAndSlope(x);
    }

    /// <summary>From delegates; <paramref name="derivative"/> may be null for methods that need only f.</summary>
    public static UnivariateFunction FromDelegates(Func<double, double> f, Func<double, double>? derivative) =>
        new(f, derivative is null ? null : x => (f(x), derivative(x)), 1, null);

    /// <summary>
    /// From an expression of exactly one variable; f' as <paramref name="source"/> asks (when <paramref name="withSlope"/>).
    /// A symbolic derivative that exceeds its budget falls back to forward-mode AD, and says so in <see cref="Note"/>.
    /// </summary>
    /// <exception cref="ArgumentException">f does not have exactly one free symbol, or is too large to compile.</exception>
    public static UnivariateFunction FromExpr(Expr f, bool withSlope, DerivativeSource source, string parameterName = "f")
    {
        ArgumentNullException.ThrowIfNull(f, parameterName);
        var variable = SingleVariable(f, parameterName);
        var value = CompileOrThrow(f, variable, parameterName);
        Func<double, double> valueFn = x => value.Evaluate(x);
        if (!withSlope) return new(valueFn, null, 1, null);
        switch (source)
        {
            case DerivativeSource.Numeric:
                return new(valueFn, x => (value.Evaluate(x), CentralDifference(valueFn, x)), 3, null);
            case DerivativeSource.Automatic:
                return new(valueFn, Dual(f, variable), 1, null);
            default:
                try
                {
                    var derivative = Calculus.Diff(f, variable, 1, DerivativeBudget);
                    var both = Compiler.Compile([f, derivative], [variable]);
                    return new(valueFn, x =>
                    {
                        Span<double> point = [x];
                        Span<double> output = stackalloc double[2];
                        both.Evaluate(point, output);
                        return (output[0], output[1]);
                    }, 1, null);
                }
                catch (SymbolicException e)
                {
                    return new(valueFn, Dual(f, variable), 1,
                        $"the symbolic derivative was not available ({e.Message}), so automatic differentiation (dual numbers) was used");
                }
        }
    }

    private static Func<double, (double, double)> Dual(Expr f, Symbol variable)
    {
        Symbol[] variables = [variable];
        return x =>
        {
            var d = ExprBridge.EvaluateDual(f, variables, [Dual<double>.Variable(x)]);
            return (d.Value, d.Derivative);
        };
    }

    /// <summary>Central difference with h = ∛ε·max(1, |x|), balancing truncation (h²) against rounding (ε/h).</summary>
    private static double CentralDifference(Func<double, double> f, double x)
    {
        double h = Math.Cbrt(MachineEpsilon) * Math.Max(1, Math.Abs(x));
        return (f(x + h) - f(x - h)) / (2 * h);
    }

    private static Symbol SingleVariable(Expr f, string parameterName)
    {
        var symbols = f.FreeSymbols;
        if (symbols.Count == 1) return symbols[0];
        if (symbols.Count == 0)
            throw new ArgumentException($"{f} has no variable, so there is nothing to solve for; a 1D root finder needs a function of one variable.", parameterName);
        throw new ArgumentException(
            $"{f} depends on {symbols.Count} variables ({string.Join(", ", symbols.Select(s => s.Name))}); a 1D root finder needs exactly one — substitute values for the others.",
            parameterName);
    }

    private static CompiledFunction CompileOrThrow(Expr f, Symbol variable, string parameterName)
    {
        try
        {
            return Compiler.Compile(f, [variable]);
        }
        catch (SymbolicException e)
        {
            throw new ArgumentException($"the function is too large to evaluate: {e.Message}", parameterName, e);
        }
    }

    /// <summary>A number for a message: short, invariant culture.</summary>
    public static string Show(double x) => x.ToString("G8", CultureInfo.InvariantCulture);
}
