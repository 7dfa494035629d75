using Nabla.Symbolic;

namespace Nabla;

/// <summary>One row of the derivative table: how to differentiate one elementary function.</summary>
/// <param name="Function">The function this row is about.</param>
/// <param name="Derivative">f′(u) as an expression in the argument u (the chain rule multiplies by u′ separately).</param>
/// <param name="Formula">The rule in plain text, e.g. <c>d/du sin(u) = cos(u)</c>.</param>
/// <param name="Note">A remark for learners (e.g. where the derivative does not exist), or null.</param>
public sealed record DerivativeRule(MathFunction Function, Func<Expr, Expr> Derivative, string Formula, string? Note);

/// <summary>
/// The derivative table: ONE row per <see cref="MathFunction"/>. Adding a function to the language means adding one
/// row here (and a test); a function without a row makes <see cref="Get"/> throw, naming it, instead of silently
/// producing a wrong derivative.
/// </summary>
public static class DerivativeTable
{
    private static readonly DerivativeRule[] Rows = Build(
    [
        new(MathFunction.Sin, u => Expr.Cos(u), "d/du sin(u) = cos(u)", null),
        new(MathFunction.Cos, u => -Expr.Sin(u), "d/du cos(u) = -sin(u)", null),
        new(MathFunction.Tan, u => Expr.Pow(Expr.Call(MathFunction.Sec, u), 2), "d/du tan(u) = sec(u)^2", null),
        new(MathFunction.Sec, u => Expr.Call(MathFunction.Sec, u) * Expr.Call(MathFunction.Tan, u),
            "d/du sec(u) = sec(u) tan(u)", null),
        new(MathFunction.Csc, u => -(Expr.Call(MathFunction.Csc, u) * Expr.Call(MathFunction.Cot, u)),
            "d/du csc(u) = -csc(u) cot(u)", null),
        new(MathFunction.Cot, u => -Expr.Pow(Expr.Call(MathFunction.Csc, u), 2), "d/du cot(u) = -csc(u)^2", null),
        new(MathFunction.Asin, u => Expr.Pow(1 - Expr.Pow(u, 2), Expr.Num(-1, 2)), "d/du asin(u) = 1/sqrt(1 - u^2)",
            "asin is differentiable only for -1 < u < 1."),
        new(MathFunction.Acos, u => -Expr.Pow(1 - Expr.Pow(u, 2), Expr.Num(-1, 2)), "d/du acos(u) = -1/sqrt(1 - u^2)",
            "acos is differentiable only for -1 < u < 1."),
        new(MathFunction.Atan, u => Expr.Pow(1 + Expr.Pow(u, 2), -1), "d/du atan(u) = 1/(1 + u^2)", null),
        new(MathFunction.Sinh, u => Expr.Call(MathFunction.Cosh, u), "d/du sinh(u) = cosh(u)", null),
        new(MathFunction.Cosh, u => Expr.Call(MathFunction.Sinh, u), "d/du cosh(u) = sinh(u)", null),
        // 1 - tanh^2 rather than sech^2: the language has no sech, and this form keeps derivatives of tanh in tanh.
        new(MathFunction.Tanh, u => 1 - Expr.Pow(Expr.Call(MathFunction.Tanh, u), 2), "d/du tanh(u) = 1 - tanh(u)^2", null),
        new(MathFunction.Exp, u => Expr.Exp(u), "d/du exp(u) = exp(u)", null),
        new(MathFunction.Ln, u => Expr.Pow(u, -1), "d/du ln(u) = 1/u", "ln is defined only for u > 0."),
        new(MathFunction.Abs, u => Expr.Call(MathFunction.Sign, u), "d/du abs(u) = sign(u)",
            "undefined at 0: abs has a corner there (the formula sign(u) gives 0 at u = 0, but no derivative exists)."),
        new(MathFunction.Sign, _ => Expr.Zero, "d/du sign(u) = 0",
            "undefined at 0: sign jumps there; elsewhere its derivative is 0."),
        new(MathFunction.Sigmoid, u => Expr.Call(MathFunction.Sigmoid, u) * (1 - Expr.Call(MathFunction.Sigmoid, u)),
            "d/du sigmoid(u) = sigmoid(u) (1 - sigmoid(u))", null),
        new(MathFunction.Softplus, u => Expr.Call(MathFunction.Sigmoid, u), "d/du softplus(u) = sigmoid(u)", null),
        new(MathFunction.Relu, u => Expr.Call(MathFunction.Step, u), "d/du relu(u) = step(u)",
            "undefined at 0: we use the step function, which is undefined there."),
        new(MathFunction.Step, _ => Expr.Zero, "d/du step(u) = 0",
            "undefined at 0: step jumps there; elsewhere its derivative is 0."),
    ]);

    /// <summary>All rows, in <see cref="MathFunction"/> order.</summary>
    public static IReadOnlyList<DerivativeRule> All { get; } = Array.AsReadOnly(Rows);

    /// <summary>The row of <paramref name="function"/>.</summary>
    /// <exception cref="InvalidOperationException">The table has no row for the function (a defect, reported by name).</exception>
    public static DerivativeRule Get(MathFunction function)
    {
        int i = (int)function;
        if (i < 0 || i >= Rows.Length || Rows[i] is null)
            throw new InvalidOperationException(
                $"The derivative table has no row for the function '{function}'. Add one to {nameof(DerivativeTable)}.");
        return Rows[i];
    }

    /// <summary>f′(<paramref name="argument"/>) for the table function <paramref name="function"/> (without the chain-rule factor).</summary>
    public static Expr Derivative(MathFunction function, Expr argument) => Get(function).Derivative(argument);

    private static DerivativeRule[] Build(DerivativeRule[] rows)
    {
        // Indexed by the enum so lookups are O(1); holes stay null and Get reports them by name.
        int size = Enum.GetValues<MathFunction>().Max(f => (int)f) + 1;
        var byFunction = new DerivativeRule[size];
        foreach (var row in rows)
        {
            if (byFunction[(int)row.Function] is not null)
                throw new InvalidOperationException($"The derivative table has two rows for '{row.Function}'.");
            byFunction[(int)row.Function] = row;
        }
        return byFunction;
    }
}
