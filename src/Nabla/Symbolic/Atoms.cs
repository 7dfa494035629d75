namespace Nabla.Symbolic;

/// <summary>An exact rational number.</summary>
public sealed class Number : Expr
{
    internal static readonly Number ZeroNode = Intern(Rational.Zero);
    internal static readonly Number OneNode = Intern(Rational.One);
    internal static readonly Number MinusOneNode = Intern(Rational.MinusOne);
    internal static readonly Number TwoNode = Intern(new Rational(2));
    internal static readonly Number HalfNode = Intern(Rational.Half);

    private Number(Rational value) : base(StableHash.Combine((int)ExprKind.Number, value.GetHashCode()), 1, 1) => Value = value;

    /// <summary>The value.</summary>
    public Rational Value { get; }

    /// <inheritdoc/>
    public override ExprKind Kind => ExprKind.Number;
    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Args => [];
    /// <inheritdoc/>
    public override Expr WithArgs(IReadOnlyList<Expr> args) => this;

    internal static Number Create(Rational value)
    {
        if (value.IsZero) return ZeroNode ?? Intern(value);
        if (value.IsOne) return OneNode ?? Intern(value);
        if (value.IsMinusOne) return MinusOneNode ?? Intern(value);
        return Intern(value);
    }

    private static Number Intern(Rational value) => InternTable.Intern(new Number(value));

    internal override bool ShallowEquals(Expr other) => other is Number n && n.Value == Value;

    private protected override int CompareSameKind(Expr other, int budget) => Value.CompareTo(((Number)other).Value);
}

/// <summary>The named constants of the expression language.</summary>
public enum ConstantKind
{
    /// <summary>π.</summary>
    Pi,
    /// <summary>Euler's number e.</summary>
    E,
}

/// <summary>A named mathematical constant (π or e).</summary>
public sealed class Constant : Expr
{
    internal static readonly Constant PiNode = InternTable.Intern(new Constant(ConstantKind.Pi));
    internal static readonly Constant ENode = InternTable.Intern(new Constant(ConstantKind.E));

    private Constant(ConstantKind which) : base(StableHash.Combine((int)ExprKind.Constant, (int)which + 101), 1, 1) => Which = which;

    /// <summary>Which constant.</summary>
    public ConstantKind Which { get; }

    /// <summary>The constant's value as a double.</summary>
    public double Value => Which == ConstantKind.Pi ? Math.PI : Math.E;

    /// <summary>The name in the plain language: "pi" or "e".</summary>
    public string Name => Which == ConstantKind.Pi ? "pi" : "e";

    /// <inheritdoc/>
    public override ExprKind Kind => ExprKind.Constant;
    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Args => [];
    /// <inheritdoc/>
    public override Expr WithArgs(IReadOnlyList<Expr> args) => this;

    internal override bool ShallowEquals(Expr other) => other is Constant c && c.Which == Which;

    private protected override int CompareSameKind(Expr other, int budget) => Which.CompareTo(((Constant)other).Which);
}

/// <summary>A variable, identified by its name.</summary>
public sealed class Symbol : Expr
{
    private Symbol(string name) : base(StableHash.Combine((int)ExprKind.Symbol, StableHash.Of(name)), 1, 1) => Name = name;

    /// <summary>The name, e.g. <c>x</c>, <c>x_1</c>, <c>theta</c>.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override ExprKind Kind => ExprKind.Symbol;
    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Args => [];
    /// <inheritdoc/>
    public override Expr WithArgs(IReadOnlyList<Expr> args) => this;

    internal static Symbol Create(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return InternTable.Intern(new Symbol(name));
    }

    internal override bool ShallowEquals(Expr other) => other is Symbol s && s.Name == Name;

    private protected override int CompareSameKind(Expr other, int budget) => NaturalCompare(Name, ((Symbol)other).Name);

    /// <summary>Ordinal comparison in which digit runs compare by value, so <c>x2 &lt; x10</c>.</summary>
    public static int NaturalCompare(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                int si = i, sj = j;
                while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
                while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
                // Compare the digit runs as numbers without parsing: skip leading zeros, longer is larger,
                // then digit by digit.
                int za = si, zb = sj;
                while (za < i - 1 && a[za] == '0') za++;
                while (zb < j - 1 && b[zb] == '0') zb++;
                int c = (i - za).CompareTo(j - zb);
                if (c != 0) return c;
                c = string.CompareOrdinal(a, za, b, zb, i - za);
                if (c != 0) return c;
                c = (i - si).CompareTo(j - sj); // "x01" after "x1"
                if (c != 0) return c;
            }
            else
            {
                int c = a[i].CompareTo(b[j]);
                if (c != 0) return c;
                i++; j++;
            }
        }
        return (a.Length - i).CompareTo(b.Length - j);
    }
}
