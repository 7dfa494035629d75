using System.Numerics;
using Nabla.Symbolic;

namespace Nabla.Course.Templates;

/// <summary>
/// Parameter generators (<c>int</c>, <c>nonzero</c>, <c>rational</c>, <c>real</c>, <c>sign</c>, <c>choice</c>,
/// <c>randfun</c>): a table from name to generator. Each draws from the variant's seeded <see cref="Random"/>.
/// </summary>
public static class Generators
{
    private delegate Binding Generator(string name, IReadOnlyList<CallArg> args, Bindings env, Random rng);

    private static readonly Dictionary<string, Generator> Table = new(StringComparer.Ordinal)
    {
        ["int"] = (name, args, env, rng) => Integer(name, args, env, rng, allowZero: true),
        ["nonzero"] = (name, args, env, rng) => Integer(name, args, env, rng, allowZero: false),
        ["rational"] = RationalParam,
        ["real"] = RealParam,
        ["sign"] = (name, _, _, rng) => new Binding(name, new ScalarValue(rng.Next(2) == 0 ? Expr.MinusOne : Expr.One)),
        ["choice"] = ChoiceParam,
        ["randfun"] = RandomFunction,
    };

    /// <summary>The generator names.</summary>
    public static IReadOnlyCollection<string> Names => Table.Keys;

    /// <summary>Draws parameter <paramref name="name"/> from <paramref name="spec"/>, e.g. <c>int(2, 9, exclude=[a])</c>.</summary>
    /// <exception cref="TemplateException">Unknown generator or bad arguments.</exception>
    public static Binding Draw(string name, string spec, Bindings env, Random rng, int line = 1)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(rng);
        if (!CallSyntax.TryParseCall(spec, out var generator, out var args))
            throw new TemplateException($"parameter \"{name}\": \"{spec}\" is not a generator call such as int(1, 9)", line);
        if (!Table.TryGetValue(generator, out var draw))
            throw new TemplateException($"parameter \"{name}\": unknown generator \"{generator}\" (use {string.Join(", ", Table.Keys)})", line);
        try
        {
            return draw(name, args, env, rng);
        }
        catch (TemplateException ex)
        {
            throw new TemplateException($"parameter \"{name}\": {ex.Message}", line, ex);
        }
        catch (SymbolicException ex)
        {
            throw new TemplateException($"parameter \"{name}\": {ex.Message}", line, ex);
        }
    }

    private static Rational Number(string text, Bindings env)
    {
        var e = env.Resolve(text);
        if (e is Number n) return n.Value;
        throw new TemplateException($"\"{text}\" must be a number");
    }

    private static IReadOnlyList<CallArg> Positional(IReadOnlyList<CallArg> args, int count, string usage)
    {
        var p = args.Where(a => a.Key is null).ToList();
        if (p.Count != count) throw new TemplateException($"expected {usage}");
        return p;
    }

    private static Binding Integer(string name, IReadOnlyList<CallArg> args, Bindings env, Random rng, bool allowZero)
    {
        var p = Positional(args, 2, allowZero ? "int(lo, hi[, exclude=[…]])" : "nonzero(lo, hi)");
        var lo = Number(p[0].Text, env);
        var hi = Number(p[1].Text, env);
        if (!lo.IsInteger || !hi.IsInteger || lo > hi) throw new TemplateException("the range must be integers lo ≤ hi");
        var excluded = new HashSet<BigInteger>();
        if (!allowZero) excluded.Add(BigInteger.Zero);
        foreach (var a in args.Where(a => a.Key is not null))
        {
            if (a.Key != "exclude") throw new TemplateException($"unknown option \"{a.Key}\"");
            foreach (var item in CallSyntax.ListItems(a.Text) ?? [a.Text])
            {
                var v = Number(item, env);
                if (v.IsInteger) excluded.Add(v.Numerator);
            }
        }
        var candidates = new List<BigInteger>();
        for (var v = lo.Numerator; v <= hi.Numerator && candidates.Count <= 10_000; v++)
            if (!excluded.Contains(v)) candidates.Add(v);
        if (candidates.Count == 0) throw new TemplateException("no value is left in the range after the exclusions");
        return new Binding(name, new ScalarValue(Expr.Num(new Rational(candidates[rng.Next(candidates.Count)]))));
    }

    private static Binding RationalParam(string name, IReadOnlyList<CallArg> args, Bindings env, Random rng)
    {
        var p = Positional(args, 2, "rational(lo, hi, den=[…])");
        var lo = Number(p[0].Text, env);
        var hi = Number(p[1].Text, env);
        var denText = args.FirstOrDefault(a => a.Key == "den")?.Text ?? "[2, 3, 4]";
        var dens = (CallSyntax.ListItems(denText) ?? [denText]).Select(d => Number(d, env)).Where(d => d.IsInteger && d.Sign > 0).ToList();
        if (dens.Count == 0 || lo > hi) throw new TemplateException("rational needs lo ≤ hi and positive integer denominators");
        // Prefer values that are not whole numbers (the point of a rational parameter); fall back to any in range.
        for (int attempt = 0; attempt < 100; attempt++)
        {
            var den = dens[rng.Next(dens.Count)];
            var min = Ceiling(lo * den);
            var max = Floor(hi * den);
            if (min > max) continue;
            var num = min + (BigInteger)rng.NextInt64(0, (long)(max - min) + 1);
            var value = new Rational(num, den.Numerator);
            if (!value.IsInteger || attempt >= 50) return new Binding(name, new ScalarValue(Expr.Num(value)));
        }
        throw new TemplateException("no fraction with the given denominators lies in the range");
    }

    private static Binding RealParam(string name, IReadOnlyList<CallArg> args, Bindings env, Random rng)
    {
        var p = Positional(args, 3, "real(lo, hi, step)");
        var lo = Number(p[0].Text, env);
        var hi = Number(p[1].Text, env);
        var step = Number(p[2].Text, env);
        if (step.Sign <= 0 || lo > hi) throw new TemplateException("real needs lo ≤ hi and a positive step");
        var count = Floor((hi - lo) / step);
        if (count > 1_000_000) throw new TemplateException("real: too many steps in the range");
        var k = rng.NextInt64(0, (long)count + 1);
        return new Binding(name, new ScalarValue(Expr.Num(lo + step * new Rational(k))));
    }

    private static Binding ChoiceParam(string name, IReadOnlyList<CallArg> args, Bindings env, Random rng)
    {
        if (args.Count == 0) throw new TemplateException("choice needs at least one option");
        var piece = env.Fill(CallSyntax.Unquote(args[rng.Next(args.Count)].Text));
        // A piece that is an expression (a number, "x^2 + 1") is bound as one, so {name:latex} typesets it;
        // a bare function name such as sin stays verbatim.
        if (!FunctionTable.TryGetByName(piece, out _) && Expr.TryParse(piece, out var e))
            return new Binding(name, new ScalarValue(e));
        return new Binding(name, null, piece);
    }

    private static Binding RandomFunction(string name, IReadOnlyList<CallArg> args, Bindings env, Random rng)
    {
        var positional = args.Where(a => a.Key is null).ToList();
        if (positional.Count != 1) throw new TemplateException("expected randfun(var, depth=1|2|3)");
        var variable = Expr.Sym(positional[0].Text.Trim());
        int depth = 1;
        if (args.FirstOrDefault(a => a.Key == "depth") is { } d)
        {
            var v = Number(d.Text, env);
            if (!v.IsInteger || v < 1 || v > 3) throw new TemplateException("randfun depth must be 1, 2 or 3");
            depth = (int)v.Numerator;
        }
        return new Binding(name, new ScalarValue(RandomPiece(variable, depth, rng)));
    }

    /// <summary>
    /// A random function of <paramref name="x"/> from safe pieces (defined on all reals): integer polynomials,
    /// sin, cos, exp, ln(1+x²), and at higher depth their products and compositions.
    /// </summary>
    public static Expr RandomPiece(Expr x, int depth, Random rng)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(rng);
        if (depth <= 1) return Atom(x, rng);
        var a = RandomPiece(x, depth - 1, rng);
        switch (rng.Next(3))
        {
            case 0:
                return a * Atom(x, rng);
            case 1:
                // Compose a safe outer function with a polynomial inner one, so the result stays defined everywhere.
                var inner = Polynomial(x, rng);
                return rng.Next(3) switch
                {
                    0 => Expr.Sin(inner),
                    1 => Expr.Cos(inner),
                    _ => Expr.Exp(inner * Expr.Num(1, 2 + rng.Next(3))),
                } * (depth >= 3 ? a : Expr.One);
            default:
                return a + Atom(x, rng);
        }
    }

    private static int Coefficient(Random rng)
    {
        int c = rng.Next(1, 6);
        return rng.Next(2) == 0 ? c : -c;
    }

    private static Expr Polynomial(Expr x, Random rng) =>
        Coefficient(rng) * Expr.Pow(x, rng.Next(1, 4)) + rng.Next(-4, 5);

    private static Expr Atom(Expr x, Random rng) => rng.Next(6) switch
    {
        0 => Polynomial(x, rng),
        1 => Coefficient(rng) * Expr.Sin(rng.Next(1, 4) * x),
        2 => Coefficient(rng) * Expr.Cos(rng.Next(1, 4) * x),
        3 => Expr.Exp(Coefficient(rng) * x / 2),
        4 => Expr.Ln(1 + Expr.Pow(x, 2)),
        _ => Coefficient(rng) * Expr.Pow(x, rng.Next(2, 5)),
    };

    private static BigInteger Floor(Rational r) => BigInteger.Divide(r.Numerator - (r.Sign < 0 && !r.IsInteger ? r.Denominator - 1 : 0), r.Denominator);

    private static BigInteger Ceiling(Rational r) => -Floor(-r);
}
