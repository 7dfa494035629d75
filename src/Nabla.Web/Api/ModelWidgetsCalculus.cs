using Nabla.Cli;
using Nabla.Symbolic;
using Nabla.Web.Infrastructure;

namespace Nabla.Web.Api;

/// <summary>The chain-rule widget's request: the outer function f (written in x) applied to the inner function.</summary>
public sealed record ChainRuleRequest(string? F, string? Inner, Scalar? From = null, Scalar? To = null);

/// <summary>The neuron widget's request: the activation, the weight and bias, the input range.</summary>
public sealed record NeuronRequest(string? Activation, Scalar? W = null, Scalar? B = null, Scalar? From = null, Scalar? To = null);

/// <summary>The Taylor-series widget's request.</summary>
public sealed record TaylorRequest(string? F, Scalar? A, int? MaxOrder = null, Scalar? From = null, Scalar? To = null);

/// <summary>The linearisation widget's request (b: the y-coordinate of the point when f depends on x and y; a by default).</summary>
public sealed record LinearisationRequest(string? F, Scalar? A, Scalar? B = null, Scalar? From = null, Scalar? To = null);

/// <summary>The calculus side of the model widgets: chain rule, neuron, Taylor series, linearisation.</summary>
internal static class ModelWidgetsCalculus
{
    private const int GridPoints = 241;

    public static object ChainRule(ChainRuleRequest request, CancellationToken ct)
    {
        var f = ModelInput.Function(request.F, "f");
        var inner = ModelInput.Function(request.Inner, "inner");
        var fv = ModelInput.SingleVariable(f, "f");
        var x = ModelInput.SingleVariable(inner, "inner");
        var (from, to) = ModelInput.Range(request.From, request.To, -3, 3);
        var u = (Symbol)Expr.Sym(x.Name == "u" ? "v" : "u");
        var outer = f.Substitute(fv, u);                     // f(u): the outer function in its own variable
        var du = Calculus.Diff(inner, x);
        var dyDu = Calculus.Diff(outer, u);
        var composite = outer.Substitute(u, inner);
        var direct = Calculus.Diff(composite, x);
        var chain = dyDu.Substitute(u, inner) * du;
        ct.ThrowIfCancellationRequested();

        var xs = ModelInput.Grid(from, to, GridPoints);
        var innerF = ModelInput.Compile(inner, x.Name);
        var duF = ModelInput.Compile(du, x.Name);
        var outerF = ModelInput.Compile(outer, u.Name);
        var dyDuF = ModelInput.Compile(dyDu, u.Name);
        var directF = ModelInput.Compile(direct, x.Name);
        var us = ModelInput.Sample(innerF, xs, ct);
        var ys = ModelInput.Sample(outerF, us, ct);
        var dus = ModelInput.Sample(duF, xs, ct);
        var dys = ModelInput.Sample(dyDuF, us, ct);
        var product = dus.Select((d, i) => d * dys[i]).ToArray();
        var directs = ModelInput.Sample(directF, xs, ct);
        double worst = 0;
        for (int i = 0; i < xs.Length; i++)
            if (double.IsFinite(product[i]) && double.IsFinite(directs[i]))
                worst = Math.Max(worst, Math.Abs(product[i] - directs[i]) / Math.Max(1, Math.Abs(directs[i])));
        return new
        {
            ok = true,
            variable = x.Name,
            innerVariable = u.Name,
            latex = new
            {
                inner = inner.ToLatex(),
                outer = outer.ToLatex(),
                composite = composite.ToLatex(),
                innerDerivative = du.ToLatex(),
                outerDerivative = dyDu.ToLatex(),
                chain = chain.ToLatex(),
                direct = direct.ToLatex(),
            },
            x = xs,
            u = ModelInput.Ns(us),
            y = ModelInput.Ns(ys),
            du = ModelInput.Ns(dus),
            dy = ModelInput.Ns(dys),
            product = ModelInput.Ns(product),
            direct = ModelInput.Ns(directs),
            maxRelativeDifference = worst,
        };
    }

    public static object Neuron(NeuronRequest request, CancellationToken ct)
    {
        string name = (request.Activation ?? "sigmoid").Trim().ToLowerInvariant();
        if (!Nabla.Course.Content.WidgetCatalogue.Activations.Contains(name))
            throw new RequestException($"unknown activation '{request.Activation}'",
                $"use one of {string.Join(", ", Nabla.Course.Content.WidgetCatalogue.Activations)}");
        double w = ModelInput.Number(request.W, "w", -100, 100, 1);
        double b = ModelInput.Number(request.B, "b", -100, 100, 0);
        var (from, to) = ModelInput.Range(request.From, request.To, -4, 4);
        var z = Expr.Sym("z");
        var sigma = name == "identity" ? z : Expr.Parse($"{name}(z)");
        var sigmaPrime = Calculus.Diff(sigma, "z");
        var zs = ModelInput.Grid(-6, 6, GridPoints);
        var s = ModelInput.Compile(sigma, "z");
        var sp = ModelInput.Compile(sigmaPrime, "z");
        var xs = ModelInput.Grid(from, to, GridPoints);
        var weighted = xs.Select(v => w * v + b).ToArray();
        var neuron = Expr.Add(Scalar.Of(w).Exact * Expr.Sym("x"), Scalar.Of(b).Exact);
        var output = sigma.Substitute(z, neuron);
        var outputs = ModelInput.Sample(s, weighted, ct);
        var slopes = ModelInput.Sample(sp, weighted, ct).Select(d => w * d).ToArray();
        return new
        {
            ok = true,
            activation = name,
            w,
            b,
            latex = new { sigma = sigma.ToLatex(), sigmaPrime = sigmaPrime.ToLatex(), neuron = neuron.ToLatex(), output = output.ToLatex() },
            z = zs,
            sigma = ModelInput.Ns(ModelInput.Sample(s, zs, ct)),
            sigmaPrime = ModelInput.Ns(ModelInput.Sample(sp, zs, ct)),
            x = xs,
            weighted = weighted,
            output = ModelInput.Ns(outputs),
            slope = ModelInput.Ns(slopes),
        };
    }

    public static object Taylor(TaylorRequest request, CancellationToken ct)
    {
        var f = ModelInput.Function(request.F, "f");
        var x = ModelInput.SingleVariable(f, "f");
        double a = ModelInput.Number(request.A, "a", -1000, 1000);
        int maxOrder = ModelInput.Count(request.MaxOrder, "maxOrder", 0, 30, 6);
        var (from, to) = ModelInput.Range(request.From, request.To, a - 3, a + 3);
        if (to - from > 1000) throw new RequestException("the range is wider than 1000", "choose a narrower range");
        var series = Calculus.Taylor(f, x, request.A!.Exact, maxOrder,
            new TaylorOptions { TimeBudget = TimeSpan.FromSeconds(1.5) });
        ct.ThrowIfCancellationRequested();
        var c = series.Coefficients.Select(k => k.Evaluate()).ToArray();
        var xs = ModelInput.Grid(from, to, GridPoints);
        var fs = ModelInput.Sample(ModelInput.Compile(f, x.Name), xs, ct);
        var orders = new List<object>(maxOrder + 1);
        var partial = new double[xs.Length];
        for (int k = 0; k < c.Length; k++)
        {
            ct.ThrowIfCancellationRequested();
            for (int i = 0; i < xs.Length; i++) partial[i] += c[k] * Math.Pow(xs[i] - a, k);
            var truncated = series with { Order = k, Coefficients = series.Coefficients.Take(k + 1).ToArray() };
            orders.Add(new { order = k, latex = truncated.ToLatex(), values = ModelInput.Ns(partial) });
        }
        return new
        {
            ok = true,
            variable = x.Name,
            a,
            maxOrder,
            latex = f.ToLatex(),
            coefficients = series.Coefficients.Select(k => new { latex = k.ToLatex(), value = ModelInput.N(k.Evaluate()) }).ToArray(),
            x = xs,
            f = ModelInput.Ns(fs),
            yRange = ModelInput.ViewRange(fs),
            orders,
        };
    }

    public static object Linearisation(LinearisationRequest request, CancellationToken ct)
    {
        var f = ModelInput.Function(request.F, "f");
        double a = ModelInput.Number(request.A, "a", -1000, 1000);
        var free = f.FreeSymbols;
        if (free.Count == 2) return Plane(f, request, a, ct);
        var x = ModelInput.SingleVariable(f, "f");
        var (from, to) = ModelInput.Range(request.From, request.To, a - 3, a + 3);
        var line = Calculus.Taylor(f, x, request.A!.Exact, 1);
        var second = Calculus.Taylor(f, x, request.A!.Exact, 2);
        double f0 = line.Coefficients[0].Evaluate(), slope = line.Coefficients.Count > 1 ? line.Coefficients[1].Evaluate() : 0;
        double half2 = second.Coefficients.Count > 2 ? second.Coefficients[2].Evaluate() : 0;
        if (!double.IsFinite(f0) || !double.IsFinite(slope))
            throw new RequestException($"f or its derivative is not defined at a = {ModelInput.Show(a)}", "choose another point");
        var xs = ModelInput.Grid(from, to, GridPoints);
        var fs = ModelInput.Sample(ModelInput.Compile(f, x.Name), xs, ct);
        var tangent = xs.Select(v => f0 + slope * (v - a)).ToArray();
        return new
        {
            ok = true,
            dimension = 1,
            variable = x.Name,
            a,
            value = f0,
            slope,
            curvature = ModelInput.N(2 * half2),
            latex = new { f = f.ToLatex(), tangent = line.ToLatex() },
            x = xs,
            f = ModelInput.Ns(fs),
            tangent = ModelInput.Ns(tangent),
            error = ModelInput.Ns(fs.Select((v, i) => Math.Abs(v - tangent[i]))),
            yRange = ModelInput.ViewRange(fs.Concat(tangent.Where((_, i) => Math.Abs(xs[i] - a) < 0.5 * (to - from)))),
        };
    }

    private static object Plane(Expr f, LinearisationRequest request, double a, CancellationToken ct)
    {
        ModelInput.OnlyXY(f, "f");
        double b = ModelInput.Number(request.B, "b", -1000, 1000, a);
        var bExact = request.B?.Exact ?? request.A!.Exact;
        var x = (Symbol)Expr.Sym("x");
        var y = (Symbol)Expr.Sym("y");
        var plane = Calculus.Taylor(f, new Dictionary<Symbol, Expr> { [x] = request.A!.Exact, [y] = bExact }, 1);
        var grad = Calculus.Gradient(f, [x, y]);
        var point = new Dictionary<string, double> { ["x"] = a, ["y"] = b };
        double f0 = f.Evaluate(point), fx = grad[0].Evaluate(point), fy = grad[1].Evaluate(point);
        if (!double.IsFinite(f0) || !double.IsFinite(fx) || !double.IsFinite(fy))
            throw new RequestException($"f or its gradient is not defined at ({ModelInput.Show(a)}, {ModelInput.Show(b)})", "choose another point");
        const int n = 41;
        var xs = ModelInput.Grid(a - 2, a + 2, n);
        var ys = ModelInput.Grid(b - 2, b + 2, n);
        var fz = ModelInput.SampleGrid(ModelInput.Compile(f, "x", "y"), xs, ys, ct);
        var pz = ys.Select(yv => xs.Select(xv => ModelInput.N(f0 + fx * (xv - a) + fy * (yv - b))).ToArray()).ToArray();
        var ez = fz.Select((row, j) => row.Select((v, i) => v is { } fv && pz[j][i] is { } pv ? (double?)Math.Abs(fv - pv) : null).ToArray()).ToArray();
        return new
        {
            ok = true,
            dimension = 2,
            a,
            b,
            value = f0,
            gradient = new[] { fx, fy },
            latex = new { f = f.ToLatex(), tangent = plane.Polynomial.ToLatex() },
            x = xs,
            y = ys,
            f = fz,
            tangent = pz,
            error = ez,
        };
    }
}
