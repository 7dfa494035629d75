using System.Linq.Expressions;
using System.Reflection;

namespace Nabla.Symbolic.Compilation;

/// <summary>How one <see cref="MathFunction"/> is written as a System.Linq.Expressions node.</summary>
/// <param name="NeedsSimpleArgument">The emitted code reads its argument more than once, so the argument must be a
/// local or a constant (the compiler stores it in a local first).</param>
/// <param name="Emit">Builds the call from the argument.</param>
internal sealed record FunctionEmitter(bool NeedsSimpleArgument, Func<Expression, Expression> Emit);

/// <summary>
/// The compiler's function table: one row per <see cref="MathFunction"/>, each computing exactly what the
/// <see cref="FunctionTable"/> row computes (same operations, so compiled and interpreted values agree bit for bit,
/// including NaN outside the domain). A function without a row here still compiles, through its
/// <see cref="FunctionInfo.Evaluate"/> delegate (correct, only slower).
/// </summary>
internal static class FunctionEmitters
{
    private static readonly Expression One = Expression.Constant(1.0);
    private static readonly Expression Zero = Expression.Constant(0.0);
    private static readonly Expression MinusOne = Expression.Constant(-1.0);
    private static readonly Expression NaN = Expression.Constant(double.NaN);

    private static readonly Dictionary<MathFunction, FunctionEmitter> Rows = new()
    {
        [MathFunction.Sin] = Simple(MathMethod(nameof(Math.Sin))),
        [MathFunction.Cos] = Simple(MathMethod(nameof(Math.Cos))),
        [MathFunction.Tan] = Simple(MathMethod(nameof(Math.Tan))),
        [MathFunction.Sec] = new(false, x => Expression.Divide(One, Expression.Call(MathMethod(nameof(Math.Cos)), x))),
        [MathFunction.Csc] = new(false, x => Expression.Divide(One, Expression.Call(MathMethod(nameof(Math.Sin)), x))),
        [MathFunction.Cot] = new(true, x => Expression.Divide(
            Expression.Call(MathMethod(nameof(Math.Cos)), x), Expression.Call(MathMethod(nameof(Math.Sin)), x))),
        [MathFunction.Asin] = Simple(MathMethod(nameof(Math.Asin))),
        [MathFunction.Acos] = Simple(MathMethod(nameof(Math.Acos))),
        [MathFunction.Atan] = Simple(MathMethod(nameof(Math.Atan))),
        [MathFunction.Sinh] = Simple(MathMethod(nameof(Math.Sinh))),
        [MathFunction.Cosh] = Simple(MathMethod(nameof(Math.Cosh))),
        [MathFunction.Tanh] = Simple(MathMethod(nameof(Math.Tanh))),
        [MathFunction.Exp] = Simple(MathMethod(nameof(Math.Exp))),
        [MathFunction.Ln] = new(true, x => Expression.Condition(
            Expression.GreaterThan(x, Zero), Expression.Call(MathMethod(nameof(Math.Log)), x), NaN)),
        [MathFunction.Abs] = Simple(MathMethod(nameof(Math.Abs))),
        // Math.Sign throws on NaN; the table row maps NaN to NaN.
        [MathFunction.Sign] = new(true, x => Expression.Condition(Expression.GreaterThan(x, Zero), One,
            Expression.Condition(Expression.LessThan(x, Zero), MinusOne,
                Expression.Condition(Expression.Equal(x, Zero), Zero, NaN)))),
        [MathFunction.Sigmoid] = Simple(typeof(FunctionTable).GetMethod(nameof(FunctionTable.Sigmoid), [typeof(double)])!),
        [MathFunction.Softplus] = Simple(typeof(FunctionTable).GetMethod(nameof(FunctionTable.Softplus), [typeof(double)])!),
        // Math.Max propagates NaN, as the table row does.
        [MathFunction.Relu] = new(false, x => Expression.Call(typeof(Math).GetMethod(nameof(Math.Max), [typeof(double), typeof(double)])!, Zero, x)),
        [MathFunction.Step] = new(true, x => Expression.Condition(Expression.GreaterThan(x, Zero), One,
            Expression.Condition(Expression.LessThan(x, Zero), Zero, NaN))),
    };

    /// <summary>The emitter for <paramref name="function"/> (the table row, or a call of the function table's delegate).</summary>
    public static FunctionEmitter For(MathFunction function)
    {
        if (Rows.TryGetValue(function, out var row)) return row;
        var evaluate = FunctionTable.Get(function).Evaluate;
        return new FunctionEmitter(false, x => Expression.Invoke(Expression.Constant(evaluate), x));
    }

    /// <summary>True when <paramref name="function"/> has a dedicated row (tests use it to keep the table complete).</summary>
    public static bool HasRow(MathFunction function) => Rows.ContainsKey(function);

    internal static MethodInfo MathMethod(string name) => typeof(Math).GetMethod(name, [typeof(double)])!;

    private static FunctionEmitter Simple(MethodInfo method) => new(false, x => Expression.Call(method, x));
}
