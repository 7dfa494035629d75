using System.Numerics;

namespace Nabla.Symbolic.Simplification;

/// <summary>
/// Converts expressions to polynomials over a common set of generators and back. Anything that is not a sum,
/// product, number or non-negative power becomes a generator: symbols, constants, function calls (<c>sin(x)</c>),
/// powers with symbolic exponents. A base that occurs with fractional exponents uses a root as its generator:
/// with <c>x</c> and <c>x^(1/2)</c> in play the generator is <c>g = x^(1/2)</c> and <c>x = g^2</c>.
/// Negative powers are not polynomial: conversion reports failure (bring the input to one fraction first).
/// </summary>
internal static class PolynomialConverter
{
    /// <summary>Converts all <paramref name="exprs"/> over one ring, or returns null when one is not polynomial.</summary>
    public static Poly[]? TryConvert(IReadOnlyList<Expr> exprs, Budget budget)
    {
        // Pass 1: which bases occur, and the least common denominator of their exponents.
        var roots = new Dictionary<Expr, BigInteger>();
        var stack = new Stack<Expr>();
        foreach (var e in exprs) stack.Push(e);
        var seen = new HashSet<Expr>();
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (!seen.Add(e)) continue;
            budget.Tick("polynomial conversion");
            switch (e)
            {
                case Number:
                    break;
                case Sum or Product:
                    foreach (var a in e.Args) stack.Push(a);
                    break;
                case Power { Exponent: Number n } p when p.Base is not Number:
                    if (n.Value.Sign < 0) return null;
                    if (n.Value.IsInteger)
                    {
                        if (n.Value.Numerator > int.MaxValue) return null;
                        stack.Push(p.Base);
                    }
                    else
                    {
                        AddRoot(roots, p.Base, n.Value.Denominator);
                    }
                    break;
                default:
                    AddRoot(roots, e, BigInteger.One);
                    break;
            }
        }
        // Sorted so that the generator order (and so every result) is deterministic.
        var keys = roots.Keys.ToList();
        keys.Sort((a, b) => a.CompareTo(b));
        var generators = new Expr[keys.Count];
        var index = new Dictionary<Expr, (int Index, int Root)>();
        for (int i = 0; i < keys.Count; i++)
        {
            var q = roots[keys[i]];
            if (q > 64) return null;
            generators[i] = q.IsOne ? keys[i] : Expr.Pow(keys[i], Expr.Num(BigInteger.One, q));
            index[keys[i]] = (i, (int)q);
        }
        var ring = new PolyRing(generators, budget);
        var memo = new Dictionary<Expr, Poly>();
        var result = new Poly[exprs.Count];
        for (int i = 0; i < exprs.Count; i++)
        {
            var p = Convert(exprs[i], ring, index, memo, 0);
            if (p is null) return null;
            result[i] = p;
        }
        return result;
    }

    private static void AddRoot(Dictionary<Expr, BigInteger> roots, Expr b, BigInteger q)
    {
        roots[b] = roots.TryGetValue(b, out var old) ? old / BigInteger.GreatestCommonDivisor(old, q) * q : q;
    }

    private static Poly? Convert(Expr e, PolyRing ring, Dictionary<Expr, (int Index, int Root)> index, Dictionary<Expr, Poly> memo, int depth)
    {
        if (depth > Expr.MaxDepth) throw new BudgetExceededException("polynomial conversion: the expression is nested too deeply.");
        if (memo.TryGetValue(e, out var done)) return done;
        Poly? result;
        switch (e)
        {
            case Number n:
                result = Poly.Constant(ring, n.Value);
                break;
            case Sum s:
            {
                result = Poly.Constant(ring, s.Constant);
                foreach (var t in s.Terms)
                {
                    var p = Convert(t.Term, ring, index, memo, depth + 1);
                    if (p is null) return null;
                    result = result.Add(p.Scale(t.Coefficient));
                }
                break;
            }
            case Product pr:
            {
                result = Poly.Constant(ring, pr.Coefficient);
                foreach (var f in pr.Factors)
                {
                    var p = Convert(f.Exponent.IsOne ? f.Base : Power.Raw(f.Base, f.Exponent), ring, index, memo, depth + 1);
                    if (p is null) return null;
                    result = result.Multiply(p);
                }
                break;
            }
            case Power { Exponent: Number n } pw when pw.Base is not Number:
            {
                if (n.Value.Sign < 0) return null;
                if (n.Value.IsInteger)
                {
                    var b = Convert(pw.Base, ring, index, memo, depth + 1);
                    if (b is null) return null;
                    result = b.Pow((int)n.Value.Numerator);
                }
                else
                {
                    var (i, q) = index[pw.Base];
                    var k = n.Value * q; // an integer because q is a multiple of the denominator
                    if (k.Numerator > int.MaxValue) return null;
                    result = Poly.Variable(ring, i, (int)k.Numerator);
                }
                break;
            }
            default:
            {
                var (i, q) = index[e];
                result = Poly.Variable(ring, i, q);
                break;
            }
        }
        memo[e] = result;
        return result;
    }
}
