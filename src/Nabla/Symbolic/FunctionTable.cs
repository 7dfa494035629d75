namespace Nabla.Symbolic;

/// <summary>The elementary functions of the expression language. Each has one row in <see cref="FunctionTable"/>.</summary>
public enum MathFunction
{
    /// <summary>sine</summary>
    Sin,
    /// <summary>cosine</summary>
    Cos,
    /// <summary>tangent</summary>
    Tan,
    /// <summary>secant, 1/cos</summary>
    Sec,
    /// <summary>cosecant, 1/sin</summary>
    Csc,
    /// <summary>cotangent, cos/sin</summary>
    Cot,
    /// <summary>inverse sine</summary>
    Asin,
    /// <summary>inverse cosine</summary>
    Acos,
    /// <summary>inverse tangent</summary>
    Atan,
    /// <summary>hyperbolic sine</summary>
    Sinh,
    /// <summary>hyperbolic cosine</summary>
    Cosh,
    /// <summary>hyperbolic tangent</summary>
    Tanh,
    /// <summary>exponential eˣ</summary>
    Exp,
    /// <summary>natural logarithm</summary>
    Ln,
    /// <summary>absolute value</summary>
    Abs,
    /// <summary>sign: −1, 0 or 1</summary>
    Sign,
    /// <summary>logistic sigmoid 1/(1+e⁻ˣ)</summary>
    Sigmoid,
    /// <summary>softplus ln(1+eˣ)</summary>
    Softplus,
    /// <summary>rectified linear unit max(0, x)</summary>
    Relu,
    /// <summary>Heaviside step: 0 for x &lt; 0, 1 for x &gt; 0, undefined at 0 (the derivative of relu).</summary>
    Step,
}

/// <summary>Whether f(−x) = −f(x) (odd) or f(x) (even).</summary>
public enum Parity
{
    /// <summary>Neither.</summary>
    None,
    /// <summary>f(−x) = −f(x).</summary>
    Odd,
    /// <summary>f(−x) = f(x).</summary>
    Even,
}

/// <summary>One row of the function table: the facts every part of the engine shares about a function.</summary>
/// <param name="Function">The function.</param>
/// <param name="Name">Its name in the plain language (what the parser reads and the plain printer writes).</param>
/// <param name="Evaluate">Its value in double precision; NaN outside its real domain.</param>
/// <param name="Parity">Odd/even symmetry, used to pull signs out of arguments.</param>
/// <param name="Description">A few words for help texts.</param>
public sealed record FunctionInfo(MathFunction Function, string Name, Func<double, double> Evaluate, Parity Parity, string Description);

/// <summary>The function table: one row per <see cref="MathFunction"/>.</summary>
public static class FunctionTable
{
    private static readonly FunctionInfo[] Rows =
    [
        new(MathFunction.Sin, "sin", Math.Sin, Parity.Odd, "sine"),
        new(MathFunction.Cos, "cos", Math.Cos, Parity.Even, "cosine"),
        new(MathFunction.Tan, "tan", Math.Tan, Parity.Odd, "tangent"),
        new(MathFunction.Sec, "sec", x => 1 / Math.Cos(x), Parity.Even, "secant 1/cos(x)"),
        new(MathFunction.Csc, "csc", x => 1 / Math.Sin(x), Parity.Odd, "cosecant 1/sin(x)"),
        new(MathFunction.Cot, "cot", x => Math.Cos(x) / Math.Sin(x), Parity.Odd, "cotangent cos(x)/sin(x)"),
        new(MathFunction.Asin, "asin", Math.Asin, Parity.Odd, "inverse sine"),
        new(MathFunction.Acos, "acos", Math.Acos, Parity.None, "inverse cosine"),
        new(MathFunction.Atan, "atan", Math.Atan, Parity.Odd, "inverse tangent"),
        new(MathFunction.Sinh, "sinh", Math.Sinh, Parity.Odd, "hyperbolic sine"),
        new(MathFunction.Cosh, "cosh", Math.Cosh, Parity.Even, "hyperbolic cosine"),
        new(MathFunction.Tanh, "tanh", Math.Tanh, Parity.Odd, "hyperbolic tangent"),
        new(MathFunction.Exp, "exp", Math.Exp, Parity.None, "exponential e^x"),
        new(MathFunction.Ln, "ln", x => x > 0 ? Math.Log(x) : double.NaN, Parity.None, "natural logarithm"),
        new(MathFunction.Abs, "abs", Math.Abs, Parity.Even, "absolute value |x|"),
        new(MathFunction.Sign, "sign", x => double.IsNaN(x) ? double.NaN : Math.Sign(x), Parity.Odd, "sign of x: -1, 0 or 1"),
        new(MathFunction.Sigmoid, "sigmoid", Sigmoid, Parity.None, "logistic sigmoid 1/(1+e^-x)"),
        new(MathFunction.Softplus, "softplus", Softplus, Parity.None, "softplus ln(1+e^x)"),
        new(MathFunction.Relu, "relu", x => double.IsNaN(x) ? double.NaN : Math.Max(0, x), Parity.None, "rectified linear unit max(0, x)"),
        new(MathFunction.Step, "step", x => x > 0 ? 1 : x < 0 ? 0 : double.NaN, Parity.None, "Heaviside step (derivative of relu; undefined at 0)"),
    ];

    private static readonly Dictionary<string, FunctionInfo> ByNameTable = Rows.ToDictionary(r => r.Name, StringComparer.Ordinal);

    /// <summary>All rows, in <see cref="MathFunction"/> order.</summary>
    public static IReadOnlyList<FunctionInfo> All => Rows;

    /// <summary>The row of <paramref name="function"/>.</summary>
    public static FunctionInfo Get(MathFunction function) => Rows[(int)function];

    /// <summary>Finds a function by its plain-language name.</summary>
    public static bool TryGetByName(string name, out FunctionInfo info) => ByNameTable.TryGetValue(name, out info!);

    /// <summary>Numerically stable logistic sigmoid.</summary>
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>Numerically stable softplus.</summary>
    public static double Softplus(double x) => x > 30 ? x : x < -30 ? Math.Exp(x) : Math.Log(1 + Math.Exp(x));
}
