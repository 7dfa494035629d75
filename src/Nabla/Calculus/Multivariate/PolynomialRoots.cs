using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using Nabla.Symbolic;
using Nabla.Symbolic.Simplification;

namespace Nabla.Multivariate;

/// <summary>A real root of a polynomial: its double value, and the exact rational when it is rational.</summary>
internal readonly record struct RealRoot(double Value, Rational? Exact);

/// <summary>
/// Real roots of a univariate polynomial with rational coefficients. Rational roots are found exactly (rational root
/// theorem: p/q with p dividing the constant term and q the leading coefficient) and divided out; the rest are
/// located numerically as the real eigenvalues of the companion matrix of the square-free remainder, polished by
/// Newton's method and confirmed by an exact sign change of the polynomial around each one.
/// </summary>
internal static class PolynomialRoots
{
    /// <summary>Largest degree handled (the companion matrix is degree × degree).</summary>
    public const int MaxDegree = 200;

    private const int MaxRationalCandidates = 20_000;
    private static readonly BigInteger MaxTrialDivision = 1_000_000_000_000;

    /// <summary>The distinct real roots of <paramref name="p"/>, a polynomial in generator <paramref name="v"/> only,
    /// ascending; null when the degree is above <see cref="MaxDegree"/>.</summary>
    public static List<RealRoot>? Real(Poly p, int v)
    {
        if (p.IsZero) throw new ArgumentException("The zero polynomial has every number as a root.", nameof(p));
        if (p.Degree(v) > MaxDegree) return null;
        var ring = p.Ring;
        var roots = new List<RealRoot>();
        var x = Poly.Variable(ring, v);
        // Square-free first: a multiple root becomes simple, which is what Newton polishing and the sign test need.
        var g = Poly.Gcd(p, p.Derivative(v));
        var rest = g.IsConstant ? p : p.ExactDivide(g)!;
        if (rest.CoefficientIn(v, 0).IsZero)
        {
            roots.Add(new RealRoot(0, Rational.Zero));
            rest = rest.ExactDivide(x)!;
        }
        foreach (var r in RationalCandidates(rest, v))
        {
            if (rest.Degree(v) < 1) break;
            ring.Budget.Tick("rational roots");
            if (!rest.EvaluateUnivariate(v, r).IsZero) continue;
            roots.Add(new RealRoot(r.ToDouble(), r));
            rest = rest.ExactDivide(x.Subtract(Poly.Constant(ring, r)))!;
        }
        if (rest.Degree(v) >= 1) roots.AddRange(NumericRoots(rest, v));
        roots.Sort((a, b) => a.Value.CompareTo(b.Value));
        return roots;
    }

    /// <summary>Candidates ±p/q of the rational root theorem; none when the coefficients are too large to factor cheaply.</summary>
    private static IEnumerable<Rational> RationalCandidates(Poly p, int v)
    {
        var (_, primitive) = p.IntegerPrimitive();
        int degree = primitive.Degree(v);
        if (degree < 1) yield break;
        var constant = BigInteger.Abs(primitive.CoefficientIn(v, 0).ConstantValue.Numerator);
        var leading = BigInteger.Abs(primitive.CoefficientIn(v, degree).ConstantValue.Numerator);
        if (constant.IsZero || constant > MaxTrialDivision || leading > MaxTrialDivision) yield break;
        var ps = Factorizer.Divisors(constant);
        var qs = Factorizer.Divisors(leading);
        if ((long)ps.Count * qs.Count > MaxRationalCandidates) yield break;
        var seen = new HashSet<Rational>();
        foreach (var q in qs)
        {
            foreach (var num in ps)
            {
                var r = new Rational(num, q);
                if (!seen.Add(r)) continue;
                yield return r;
                yield return -r;
            }
        }
    }

    /// <summary>Real roots of a square-free polynomial with no rational roots (so every root is simple and irrational).</summary>
    private static List<RealRoot> NumericRoots(Poly p, int v)
    {
        int degree = p.Degree(v);
        var coefficients = new double[degree + 1];
        var lead = p.CoefficientIn(v, degree).ConstantValue;
        for (int k = 0; k <= degree; k++) coefficients[k] = (p.CoefficientIn(v, k).ConstantValue / lead).ToDouble();
        var candidates = new List<double>();
        if (degree == 1)
        {
            candidates.Add(-coefficients[0]);
        }
        else
        {
            var companion = new double[degree, degree];
            for (int j = 0; j < degree; j++) companion[0, j] = -coefficients[degree - 1 - j];
            for (int i = 1; i < degree; i++) companion[i, i - 1] = 1;
            var eigenvalues = Matrix<double>.Build.DenseOfArray(companion).Evd().EigenValues;
            foreach (var z in eigenvalues)
            {
                // Generous: a real root may come back with a small imaginary part; the sign test below rejects
                // complex pairs that merely lie close to the real axis.
                if (Math.Abs(z.Imaginary) <= 1e-4 * (1 + z.Magnitude)) candidates.Add(z.Real);
            }
        }
        var roots = new List<RealRoot>();
        foreach (var c in candidates)
        {
            double x = Polish(coefficients, c);
            if (!double.IsFinite(x) || !ChangesSign(p, v, x)) continue;
            if (roots.Any(r => Math.Abs(r.Value - x) <= 1e-12 * (1 + Math.Abs(x)))) continue;
            roots.Add(new RealRoot(x, null));
        }
        return roots;
    }

    private static double Polish(double[] c, double x)
    {
        for (int i = 0; i < 60; i++)
        {
            double value = c[^1], slope = 0;
            for (int k = c.Length - 2; k >= 0; k--)
            {
                slope = slope * x + value;
                value = value * x + c[k];
            }
            if (slope == 0 || !double.IsFinite(slope)) break;
            double step = value / slope;
            x -= step;
            if (Math.Abs(step) <= 1e-16 * (1 + Math.Abs(x))) break;
        }
        return x;
    }

    /// <summary>Exact check that p changes sign across x (so a real root lies within a hair of x).</summary>
    private static bool ChangesSign(Poly p, int v, double x)
    {
        double delta = 1e-9 * (1 + Math.Abs(x));
        int below = p.EvaluateUnivariate(v, ToRational(x - delta)).Sign;
        int above = p.EvaluateUnivariate(v, ToRational(x + delta)).Sign;
        return below * above <= 0;
    }

    /// <summary>The exact value of a finite double.</summary>
    public static Rational ToRational(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        bool negative = bits < 0;
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent++;
        else mantissa |= 1L << 52;
        exponent -= 1075;
        BigInteger numerator = negative ? -mantissa : mantissa;
        return exponent >= 0 ? new Rational(numerator << exponent) : new Rational(numerator, BigInteger.One << -exponent);
    }
}
