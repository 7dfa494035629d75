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

    /// <summary>k when <paramref name="a"/> is exactly k·π/2 (0, π, −π/2, 3π …), otherwise null.</summary>
    private static int? QuarterTurns(Expr a)
    {
        if (a.IsZero) return 0;
        if (a is Constant { Which: ConstantKind.Pi }) return 2;
        if (a is Product { Factors: [{ Base: Constant { Which: ConstantKind.Pi }, Exponent: Number { Value.IsOne: true } }] } p)
        {
            var twice = p.Coefficient * 2;
            if (twice.IsInteger && System.Numerics.BigInteger.Abs(twice.Numerator) < 1_000_000) return (int)twice.Numerator;
        }
        return null;
    }

    /// <summary>
    /// Exact values of the circular functions at multiples of π/2. Where the function divides by a sine or cosine
    /// that is 0 there (tan(π/2), cot(0), csc(π) …) it has no value: that is reported like 1/0, rather than left to
    /// double arithmetic, which would give a huge finite number (1/sin(π) ≈ 8·10¹⁵).
    /// </summary>
    private static Expr CircularValue(MathFunction function, int quarterTurns, Expr a)
    {
        int k = ((quarterTurns % 4) + 4) % 4;
        int sin = k switch { 1 => 1, 3 => -1, _ => 0 };
        int cos = k switch { 0 => 1, 2 => -1, _ => 0 };
        (int numerator, int denominator, string divisor) = function switch
        {
            MathFunction.Sin => (sin, 1, ""),
            MathFunction.Cos => (cos, 1, ""),
            MathFunction.Tan => (sin, cos, "cos"),
            MathFunction.Sec => (1, cos, "cos"),
            MathFunction.Csc => (1, sin, "sin"),
            MathFunction.Cot => (cos, sin, "sin"),
            _ => throw new InvalidOperationException($"Unexpected function {function}."),
        };
        if (denominator == 0)
        {
            string name = FunctionTable.Get(function).Name;
            throw new SymbolicException(
                $"{name}({Printing.PlainPrinter.Print(a)}) is undefined: it divides by {divisor}({Printing.PlainPrinter.Print(a)}) = 0.");
        }
        return Number.Create(numerator * denominator); // denominator is ±1
    }

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
            case MathFunction.Sin or MathFunction.Cos or MathFunction.Tan or MathFunction.Sec or MathFunction.Csc or MathFunction.Cot:
                return QuarterTurns(a) is { } k ? CircularValue(function, k, a) : null;
            case MathFunction.Asin or MathFunction.Atan or MathFunction.Sinh or MathFunction.Tanh:
                return a.IsZero ? Zero : null;
            case MathFunction.Cosh:
                return a.IsZero ? One : null;
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
