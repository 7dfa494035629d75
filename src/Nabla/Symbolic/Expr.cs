using System.Diagnostics;
using System.Numerics;

namespace Nabla.Symbolic;

/// <summary>The node kinds of the expression DAG, in canonical ordering rank.</summary>
public enum ExprKind
{
    /// <summary>An exact rational number.</summary>
    Number,
    /// <summary>A named mathematical constant (π, e).</summary>
    Constant,
    /// <summary>A variable.</summary>
    Symbol,
    /// <summary>A base raised to an exponent.</summary>
    Power,
    /// <summary>A rational coefficient times a product of powers.</summary>
    Product,
    /// <summary>A rational constant plus a sum of coefficient·term.</summary>
    Sum,
    /// <summary>A function applied to one argument.</summary>
    Function,
}

/// <summary>
/// An immutable, interned, canonical symbolic expression. Equal expressions are the same object, so equality is
/// reference equality and hashing is O(1). Build expressions with the static factories (<see cref="Add(Expr[])"/>,
/// <see cref="Mul(Expr[])"/>, <see cref="Pow(Expr, Expr)"/>, <see cref="Call(MathFunction, Expr)"/>) or the
/// C# operators; every construction returns the canonical form (no <c>x + x</c>, no <c>1*x</c>, constants folded).
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public abstract partial class Expr : IEquatable<Expr>, IComparable<Expr>
{
    /// <summary>
    /// The deepest expression that recursive algorithms accept. Deeper inputs get a
    /// <see cref="BudgetExceededException"/> rather than a stack overflow.
    /// </summary>
    public const int MaxDepth = 1500;

    private readonly int _hash;

    private protected Expr(int hash, int depth, long treeSize)
    {
        _hash = hash;
        Depth = depth;
        TreeSize = treeSize;
    }

    /// <summary>The node kind.</summary>
    public abstract ExprKind Kind { get; }

    /// <summary>Height of the expression tree (a leaf has depth 1).</summary>
    public int Depth { get; }

    /// <summary>Number of nodes when the DAG is written out as a tree (saturates at <see cref="long.MaxValue"/>).</summary>
    public long TreeSize { get; }

    /// <summary>
    /// The children in a uniform view: for a sum, its terms (each with its coefficient) and its constant; for a
    /// product, its coefficient and its factors; for a power, base and exponent; for a function, its argument.
    /// <see cref="WithArgs"/> rebuilds a node of the same shape from such a list.
    /// </summary>
    public abstract IReadOnlyList<Expr> Args { get; }

    /// <summary>Rebuilds a node of the same kind from new children (in the <see cref="Args"/> layout), canonically.</summary>
    public abstract Expr WithArgs(IReadOnlyList<Expr> args);

    /// <summary>True for rational numbers.</summary>
    public bool IsNumber => Kind == ExprKind.Number;
    /// <summary>True for the number 0.</summary>
    public bool IsZero => this is Number { Value.IsZero: true };
    /// <summary>True for the number 1.</summary>
    public bool IsOne => this is Number { Value.IsOne: true };

    /// <summary>Shallow structural equality against a node not yet interned (children compared by reference).</summary>
    internal abstract bool ShallowEquals(Expr other);

    /// <summary>Compares with the node at the same rank (same <see cref="Kind"/>).</summary>
    private protected abstract int CompareSameKind(Expr other, int budget);

    /// <inheritdoc/>
    public sealed override int GetHashCode() => _hash;

    /// <summary>Interned nodes are equal only when identical.</summary>
    public bool Equals(Expr? other) => ReferenceEquals(this, other);

    /// <inheritdoc/>
    public sealed override bool Equals(object? obj) => ReferenceEquals(this, obj);

    /// <summary>The deterministic canonical order used to sort terms and factors.</summary>
    public int CompareTo(Expr? other) => other is null ? 1 : Compare(this, other, 400);

    internal static int Compare(Expr a, Expr b, int budget)
    {
        if (ReferenceEquals(a, b)) return 0;
        int k = a.Kind.CompareTo(b.Kind);
        if (k != 0) return k;
        if (budget <= 0) return a._hash.CompareTo(b._hash); // very deep: hash order keeps determinism
        return a.CompareSameKind(b, budget - 1);
    }

    internal static int StableHashOf(Expr e) => e._hash;

    /// <summary>Equality of interned expressions.</summary>
    public static bool operator ==(Expr? a, Expr? b) => ReferenceEquals(a, b);
    /// <summary>Inequality of interned expressions.</summary>
    public static bool operator !=(Expr? a, Expr? b) => !ReferenceEquals(a, b);

    // ---- common constants ----------------------------------------------------------------------------------

    /// <summary>0.</summary>
    public static Expr Zero => Number.ZeroNode;
    /// <summary>1.</summary>
    public static Expr One => Number.OneNode;
    /// <summary>−1.</summary>
    public static Expr MinusOne => Number.MinusOneNode;
    /// <summary>π.</summary>
    public static Expr Pi => Constant.PiNode;
    /// <summary>Euler's number e.</summary>
    public static Expr E => Constant.ENode;

    // ---- factories -----------------------------------------------------------------------------------------

    /// <summary>The exact number <paramref name="value"/>.</summary>
    public static Expr Num(Rational value) => Number.Create(value);
    /// <summary>The exact number <paramref name="value"/>.</summary>
    public static Expr Num(long value) => Number.Create(value);
    /// <summary>The exact number <paramref name="numerator"/>/<paramref name="denominator"/>.</summary>
    public static Expr Num(BigInteger numerator, BigInteger denominator) => Number.Create(new Rational(numerator, denominator));
    /// <summary>The variable named <paramref name="name"/>.</summary>
    public static Expr Sym(string name) => Symbol.Create(name);

    /// <summary>The canonical sum of the operands.</summary>
    public static Expr Add(params Expr[] operands) => Sum.Create(operands);
    /// <summary>The canonical sum of the operands.</summary>
    public static Expr Add(IEnumerable<Expr> operands) => Sum.Create(operands);
    /// <summary>The canonical product of the operands.</summary>
    public static Expr Mul(params Expr[] operands) => Product.Create(operands);
    /// <summary>The canonical product of the operands.</summary>
    public static Expr Mul(IEnumerable<Expr> operands) => Product.Create(operands);
    /// <summary><paramref name="baseExpr"/> raised to <paramref name="exponent"/>, canonically.</summary>
    public static Expr Pow(Expr baseExpr, Expr exponent) => Power.Create(baseExpr, exponent);
    /// <summary><paramref name="baseExpr"/> raised to an integer.</summary>
    public static Expr Pow(Expr baseExpr, int exponent) => Power.Create(baseExpr, Num(exponent));
    /// <summary><paramref name="a"/> − <paramref name="b"/>.</summary>
    public static Expr Subtract(Expr a, Expr b) => Sum.Create([a, Negate(b)]);
    /// <summary>−<paramref name="a"/>.</summary>
    public static Expr Negate(Expr a) => Product.Create([Number.MinusOneNode, a]);
    /// <summary><paramref name="a"/> / <paramref name="b"/>.</summary>
    /// <exception cref="SymbolicException"><paramref name="b"/> is zero.</exception>
    public static Expr Divide(Expr a, Expr b) => Product.Create([a, Power.Create(b, Number.MinusOneNode)]);
    /// <summary>√<paramref name="a"/> (as <c>a^(1/2)</c>).</summary>
    public static Expr Sqrt(Expr a) => Power.Create(a, Number.HalfNode);
    /// <summary>Applies a function from the function table.</summary>
    public static Expr Call(MathFunction function, Expr argument) => Function.Create(function, argument);
    /// <summary>exp(<paramref name="a"/>).</summary>
    public static Expr Exp(Expr a) => Function.Create(MathFunction.Exp, a);
    /// <summary>ln(<paramref name="a"/>).</summary>
    public static Expr Ln(Expr a) => Function.Create(MathFunction.Ln, a);
    /// <summary>sin(<paramref name="a"/>).</summary>
    public static Expr Sin(Expr a) => Function.Create(MathFunction.Sin, a);
    /// <summary>cos(<paramref name="a"/>).</summary>
    public static Expr Cos(Expr a) => Function.Create(MathFunction.Cos, a);

    /// <summary>Sum.</summary>
    public static Expr operator +(Expr a, Expr b) => Add(a, b);
    /// <summary>Difference.</summary>
    public static Expr operator -(Expr a, Expr b) => Subtract(a, b);
    /// <summary>Negation.</summary>
    public static Expr operator -(Expr a) => Negate(a);
    /// <summary>Product.</summary>
    public static Expr operator *(Expr a, Expr b) => Mul(a, b);
    /// <summary>Quotient.</summary>
    public static Expr operator /(Expr a, Expr b) => Divide(a, b);
    /// <summary>Power (C# has no power operator; <c>^</c> is used here as in the expression language).</summary>
    public static Expr operator ^(Expr a, Expr b) => Pow(a, b);
    /// <summary>Integer literal.</summary>
    public static implicit operator Expr(int value) => Num(value);
    /// <summary>Rational literal.</summary>
    public static implicit operator Expr(Rational value) => Num(value);

    // ---- helpers for algorithms ----------------------------------------------------------------------------

    /// <summary>Splits <c>c·t</c> into its rational coefficient and the remaining term (with coefficient 1).</summary>
    public (Rational Coefficient, Expr Term) SplitCoefficient() => this switch
    {
        Number n => (n.Value, One),
        Product p when !p.Coefficient.IsOne => (p.Coefficient, p.WithoutCoefficient()),
        _ => (Rational.One, this),
    };

    /// <summary>Splits into base and exponent (<c>x</c> reads as <c>x^1</c>).</summary>
    public (Expr Base, Expr Exponent) SplitPower() => this is Power p ? (p.Base, p.Exponent) : (this, One);

    /// <summary>Throws <see cref="BudgetExceededException"/> when this expression is too deep to recurse over.</summary>
    public void EnsureRecursable(string operation)
    {
        if (Depth > MaxDepth)
            throw new BudgetExceededException(
                $"{operation}: the expression is nested {Depth} levels deep; the limit is {MaxDepth}.");
    }

    internal static long AddSizes(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
