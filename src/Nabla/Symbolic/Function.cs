namespace Nabla.Symbolic;

/// <summary>A function from the <see cref="FunctionTable"/> applied to one argument, e.g. <c>sin(x^2)</c>.
/// Construction folds exact special values (<c>sin(0) = 0</c>, <c>exp(0) = 1</c>, <c>ln(e) = 1</c>) and pulls signs
/// out of odd and even functions (<c>sin(−x) = −sin(x)</c>, <c>cos(−x) = cos(x)</c>).</summary>
public sealed class Function : Expr
{
    private Function(MathFunction function, Expr argument)
        : base(StableHash.Combine(StableHash.Combine((int)ExprKind.Function, (int)function + 1000), StableHashOf(argument)),
               argument.Depth + 1, AddSizes(argument.TreeSize, 1))
    {
        Which = function;
        Argument = argument;
    }

    /// <summary>Which function.</summary>
    public MathFunction Which { get; }

    /// <summary>The argument.</summary>
    public Expr Argument { get; }

    /// <summary>The function's row in the function table.</summary>
    public FunctionInfo Info => FunctionTable.Get(Which);

    /// <inheritdoc/>
    public override ExprKind Kind => ExprKind.Function;
    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Args => [Argument];
    /// <inheritdoc/>
    public override Expr WithArgs(IReadOnlyList<Expr> args) => Create(Which, args[0]);

    internal override bool ShallowEquals(Expr other) =>
        other is Function f && f.Which == Which && ReferenceEquals(f.Argument, Argument);

    private protected override int CompareSameKind(Expr other, int budget)
    {
        var f = (Function)other;
        int c = Which.CompareTo(f.Which);
        return c != 0 ? c : Compare(Argument, f.Argument, budget);
    }

    internal static Expr Create(MathFunction function, Expr argument)
    {
        if (SpecialValue(function, argument) is { } special) return special;
        var parity = FunctionTable.Get(function).Parity;
        if (parity != Parity.None && HasNegativeSign(argument))
        {
            var positive = Product.Create([Number.MinusOneNode, argument]);
            var inner = Create(function, positive);
            return parity == Parity.Odd ? Product.Create([Number.MinusOneNode, inner]) : inner;
        }
        return InternTable.Intern(new Function(function, argument));
    }

    private static bool HasNegativeSign(Expr e) => e switch
    {
        Number n => n.Value.Sign < 0,
        Product p => p.Coefficient.Sign < 0,
        _ => false,
    };

    private static Expr? SpecialValue(MathFunction function, Expr a)
    {
        switch (function)
        {
            case MathFunction.Exp:
                if (a.IsZero) return One;
                if (a.IsOne) return E;
                if (a is Function { Which: MathFunction.Ln } ln && ln.Argument is Number { Value.Sign: > 0 }) return ln.Argument;
                return null;
            case MathFunction.Ln:
                if (a.IsOne) return Zero;
                if (a is Constant { Which: ConstantKind.E }) return One;
                if (a is Function { Which: MathFunction.Exp } ex) return ex.Argument; // ln(e^x) = x for every real x
                return null;
            case MathFunction.Sin or MathFunction.Tan or MathFunction.Asin or MathFunction.Atan
                or MathFunction.Sinh or MathFunction.Tanh:
                if (a.IsZero) return Zero;
                if (function is MathFunction.Sin or MathFunction.Tan && a is Constant { Which: ConstantKind.Pi }) return Zero;
                return null;
            case MathFunction.Cos or MathFunction.Cosh or MathFunction.Sec:
                if (a.IsZero) return One;
                if (function is MathFunction.Cos or MathFunction.Sec && a is Constant { Which: ConstantKind.Pi }) return MinusOne;
                return null;
            case MathFunction.Acos:
                if (a.IsOne) return Zero;
                if (a.IsZero) return Product.Create([Number.HalfNode, Pi]);
                return null;
            case MathFunction.Sigmoid:
                return a.IsZero ? Number.HalfNode : null;
            case MathFunction.Softplus:
                return a.IsZero ? Create(MathFunction.Ln, Number.TwoNode) : null;
            case MathFunction.Abs:
                if (a is Number n) return Number.Create(n.Value.Abs());
                if (a is Constant) return a;
                if (a is Function { Which: MathFunction.Abs or MathFunction.Exp }) return a;
                return null;
            case MathFunction.Sign:
                if (a is Number s) return Number.Create(s.Value.Sign);
                if (a is Constant) return One;
                return null;
            case MathFunction.Relu:
                if (a is Number r) return r.Value.Sign > 0 ? a : Zero;
                return null;
            case MathFunction.Step:
                if (a is Number st && !st.Value.IsZero) return st.Value.Sign > 0 ? One : Zero;
                return null;
            default:
                return null;
        }
    }
}
