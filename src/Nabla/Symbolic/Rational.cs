using System.Globalization;
using System.Numerics;

namespace Nabla.Symbolic;

/// <summary>
/// An exact rational number <c>Numerator/Denominator</c> in lowest terms with a positive denominator.
/// Backed by <see cref="BigInteger"/>, so integers of any size are exact.
/// </summary>
public readonly struct Rational : IEquatable<Rational>, IComparable<Rational>
{
    /// <summary>The numerator (carries the sign).</summary>
    public BigInteger Numerator { get; }

    /// <summary>The denominator, always positive (a default-constructed value reads as 0/1).</summary>
    public BigInteger Denominator => _denominatorMinusOne + BigInteger.One;

    // Stored as denominator − 1 so that default(Rational) is the valid value 0/1.
    private readonly BigInteger _denominatorMinusOne;

    /// <summary>Zero.</summary>
    public static readonly Rational Zero = new(BigInteger.Zero);
    /// <summary>One.</summary>
    public static readonly Rational One = new(BigInteger.One);
    /// <summary>Minus one.</summary>
    public static readonly Rational MinusOne = new(BigInteger.MinusOne);
    /// <summary>One half.</summary>
    public static readonly Rational Half = new(BigInteger.One, 2);

    /// <summary>
    /// The most bits a numerator or denominator may have: 2^132,877 &lt; 10^40,000, so every exact number has at most
    /// 40,000 digits, the lexer's limit for a literal, and whatever the printers write parses back. Past it exact
    /// arithmetic is refused with <see cref="BudgetExceededException"/> instead of running for minutes on a number
    /// no learner can read (fuzzing found products and simplifier results of 10⁵–10⁶ digits).
    /// </summary>
    public const long MaxBits = 132_877;

    /// <summary>Creates the integer <paramref name="value"/>.</summary>
    /// <exception cref="BudgetExceededException">It has more than <see cref="MaxBits"/> bits.</exception>
    public Rational(BigInteger value)
    {
        EnsureExact(value);
        Numerator = value;
        _denominatorMinusOne = BigInteger.Zero;
    }

    /// <summary>Creates <paramref name="numerator"/>/<paramref name="denominator"/>, reduced to lowest terms.</summary>
    /// <exception cref="DivideByZeroException">The denominator is zero.</exception>
    /// <exception cref="BudgetExceededException">In lowest terms, a part has more than <see cref="MaxBits"/> bits.</exception>
    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero) throw new DivideByZeroException("Division by zero.");
        if (denominator.Sign < 0) { numerator = -numerator; denominator = -denominator; }
        if (!denominator.IsOne)
        {
            var g = BigInteger.GreatestCommonDivisor(numerator, denominator);
            if (!g.IsOne && !g.IsZero) { numerator /= g; denominator /= g; }
            if (numerator.IsZero) denominator = BigInteger.One;
        }
        EnsureExact(numerator);
        EnsureExact(denominator);
        Numerator = numerator;
        _denominatorMinusOne = denominator - BigInteger.One;
    }

    /// <summary>True when the denominator is 1.</summary>
    public bool IsInteger => _denominatorMinusOne.IsZero;
    /// <summary>True for 0.</summary>
    public bool IsZero => Numerator.IsZero;
    /// <summary>True for 1.</summary>
    public bool IsOne => Numerator.IsOne && IsInteger;
    /// <summary>True for −1.</summary>
    public bool IsMinusOne => IsInteger && Numerator == BigInteger.MinusOne;
    /// <summary>−1, 0 or +1.</summary>
    public int Sign => Numerator.Sign;

    /// <summary>The absolute value.</summary>
    public Rational Abs() => Sign < 0 ? -this : this;

    /// <summary>The nearest double (exact ratio of big integers, correctly scaled even when both are huge).</summary>
    public double ToDouble()
    {
        if (IsInteger) return (double)Numerator;
        var n = Numerator; var d = Denominator;
        var nd = (double)n; var dd = (double)d;
        if (!double.IsInfinity(nd) && !double.IsInfinity(dd) && Math.Abs(nd) < 9e15 && dd < 9e15) return nd / dd;
        // Scale so that the quotient keeps 64 significant bits.
        long shift = (long)(n.IsZero ? 0 : BigInteger.Abs(n).GetBitLength()) - (long)d.GetBitLength() - 64;
        BigInteger q = shift >= 0 ? n / (d << (int)shift) : (n << (int)-shift) / d;
        return Math.ScaleB((double)q, (int)shift);
    }

    /// <summary>Sum.</summary>
    public static Rational operator +(Rational a, Rational b)
    {
        if (a.IsInteger && b.IsInteger) return new Rational(a.Numerator + b.Numerator);
        return new Rational(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);
    }

    /// <summary>Difference.</summary>
    public static Rational operator -(Rational a, Rational b) => a + (-b);

    /// <summary>Negation.</summary>
    public static Rational operator -(Rational a) => a.IsInteger ? new Rational(-a.Numerator) : new Rational(-a.Numerator, a.Denominator);

    /// <summary>Product.</summary>
    public static Rational operator *(Rational a, Rational b)
    {
        if (a.IsInteger && b.IsInteger) return new Rational(a.Numerator * b.Numerator);
        return new Rational(a.Numerator * b.Numerator, a.Denominator * b.Denominator);
    }

    /// <summary>Quotient.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="b"/> is zero.</exception>
    public static Rational operator /(Rational a, Rational b) => new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    /// <summary>Integer power (negative exponents allowed for non-zero values).</summary>
    /// <exception cref="BudgetExceededException">The result would have more than <see cref="MaxBits"/> bits.</exception>
    public Rational Pow(int exponent)
    {
        if (exponent == 0 || IsOne) return One;
        if (!IsZero && !Numerator.IsOne && !IsMinusOne || !IsInteger)
        {
            // Checked before computing: BigInteger.Pow would first spend seconds on a power that is then refused.
            long bits = Math.Max(BigInteger.Abs(Numerator).GetBitLength(), Denominator.GetBitLength());
            if ((bits - 1) * Math.Abs((long)exponent) > MaxBits) throw TooLarge();
        }
        if (exponent < 0) return One / Pow(-exponent);
        return IsInteger
            ? new Rational(BigInteger.Pow(Numerator, exponent))
            : new Rational(BigInteger.Pow(Numerator, exponent), BigInteger.Pow(Denominator, exponent));
    }

    private static void EnsureExact(BigInteger value)
    {
        if (!value.IsZero && BigInteger.Abs(value).GetBitLength() > MaxBits) throw TooLarge();
    }

    private static BudgetExceededException TooLarge() => new(
        "A number with more than 40,000 digits is too large to compute with exactly (exact arithmetic keeps every " +
        "digit). Hint: use smaller numbers, or a symbol in place of a huge constant.");

    /// <summary>Converts an integer.</summary>
    public static implicit operator Rational(int value) => new(value);
    /// <summary>Converts an integer.</summary>
    public static implicit operator Rational(long value) => new(value);
    /// <summary>Converts a big integer.</summary>
    public static implicit operator Rational(BigInteger value) => new(value);

    /// <inheritdoc/>
    public bool Equals(Rational other) => Numerator == other.Numerator && _denominatorMinusOne == other._denominatorMinusOne;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Rational r && Equals(r);
    /// <inheritdoc/>
    public override int GetHashCode() => StableHash.Combine(StableHash.Of(Numerator), StableHash.Of(Denominator));
    /// <inheritdoc/>
    public int CompareTo(Rational other) =>
        IsInteger && other.IsInteger
            ? Numerator.CompareTo(other.Numerator)
            : (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary>Equality.</summary>
    public static bool operator ==(Rational a, Rational b) => a.Equals(b);
    /// <summary>Inequality.</summary>
    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);
    /// <summary>Ordering.</summary>
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;
    /// <summary>Ordering.</summary>
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;
    /// <summary>Ordering.</summary>
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;
    /// <summary>Ordering.</summary>
    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    /// <summary>"3", "-1/2".</summary>
    public override string ToString() =>
        IsInteger ? Printing.IntegerText.Of(Numerator)
                  : Printing.IntegerText.Of(Numerator) + "/" + Printing.IntegerText.Of(Denominator);
}
