using Nabla.Cli;
using Nabla.Optimization;
using Nabla.Symbolic;

namespace Nabla.Web.Api;

/// <summary>The Newton-Raphson widget's request.</summary>
public sealed record NewtonRaphsonRequest(string? F, Scalar? X0, int? MaxSteps = null);

/// <summary>The gradient-descent widget's request: method "gd" (fixed steps γ), "newton" or "hybrid".</summary>
public sealed record GradientDescentRequest(string? F, Scalar? X0, Scalar? Y0, Scalar? Rate = null, string? Method = null, int? Steps = null);

/// <summary>The Lagrange widget's request: extremise f on g = 0, searching the square [−range, range]².</summary>
public sealed record LagrangeRequest(string? F, string? G, Scalar? Range = null);

/// <summary>The optimisation side of the model widgets: Newton-Raphson, descent paths, Lagrange multipliers.</summary>
internal static class ModelWidgetsOptimization
{
    public static object NewtonRaphson(NewtonRaphsonRequest request, CancellationToken ct)
    {
        var f = ModelInput.Function(request.F, "f");
        var x = ModelInput.SingleVariable(f, "f");
        double x0 = ModelInput.Number(request.X0, "x0", -1e4, 1e4);
        int maxSteps = ModelInput.Count(request.MaxSteps, "maxSteps", 1, 100, 30);
        var fx = x.Name == "x" ? f : f.Substitute(x, Expr.Sym("x"));
        var result = ModelInput.Guard(() => Roots.NewtonRaphson(fx, x0, new RootOptions { MaxIterations = maxSteps }));
        ct.ThrowIfCancellationRequested();
        var derivative = Calculus.Diff(f, x);

        // The view: the start, the root and the first iterates that stay in a sensible window.
        var shown = result.Trace.Select(s => s.X).Where(v => double.IsFinite(v) && Math.Abs(v - x0) <= 50).Take(12).Append(x0).ToList();
        if (result.Converged && Math.Abs(result.Root - x0) <= 50) shown.Add(result.Root);
        double lo = shown.Min(), hi = shown.Max();
        double pad = Math.Max(0.25 * (hi - lo), 1);
        lo -= pad; hi += pad;
        var xs = ModelInput.Grid(lo, hi, 401);
        var fs = ModelInput.Sample(ModelInput.Compile(f, x.Name), xs, ct);
        return new
        {
            ok = true,
            variable = x.Name,
            x0,
            latex = new { f = f.ToLatex(), derivative = derivative.ToLatex() },
            steps = result.Trace.Select(s => new
            {
                n = s.Iteration,
                x = ModelInput.N(s.X),
                f = ModelInput.N(s.F),
                derivative = ModelInput.N(s.Derivative),
                step = ModelInput.N(s.Step),
            }).ToArray(),
            converged = result.Converged,
            root = ModelInput.N(result.Root),
            iterations = result.Iterations,
            exit = result.Exit.ToJsonName(),
            explanation = result.Exit.Describe(),
            message = result.Message,
            x = xs,
            y = ModelInput.Ns(fs),
            yRange = ModelInput.ViewRange(fs),
        };
    }

    public static object GradientDescent(GradientDescentRequest request, CancellationToken ct)
    {
        var f = ModelInput.Function(request.F, "f");
        ModelInput.OnlyXY(f, "f");
        double x0 = ModelInput.Number(request.X0, "x0", -1e4, 1e4);
        double y0 = ModelInput.Number(request.Y0, "y0", -1e4, 1e4);
        double rate = ModelInput.Number(request.Rate, "rate", 1e-6, 10, 0.1);
        int steps = ModelInput.Count(request.Steps, "steps", 1, 1000, 50);
        var method = (request.Method ?? "gd").Trim().ToLowerInvariant() switch
        {
            "gd" or "gradient-descent" => MinimizeMethod.GradientDescent,
            "newton" => MinimizeMethod.Newton,
            "hybrid" => MinimizeMethod.Hybrid,
            _ => throw new RequestException($"unknown method '{request.Method}'", "use gd, newton or hybrid"),
        };
        var objective = ModelInput.Guard(() => Objective.FromExpr(f, ["x", "y"]));
        var result = ModelInput.Guard(() => Optimize.Minimize(objective, [x0, y0], new MinimizeOptions
        {
            Method = method,
            Rate = rate,
            MaxIterations = steps,
            DivergenceLimit = 1e8,
            TimeBudget = TimeSpan.FromSeconds(1),
        }));
        ct.ThrowIfCancellationRequested();

        // The contour window holds the start, the end and the path while it stays within reach of the start.
        var near = result.Trace.Where(s => s.X.All(double.IsFinite) && Math.Abs(s.X[0] - x0) + Math.Abs(s.X[1] - y0) <= 40).ToList();
        double xlo = near.Select(s => s.X[0]).Append(x0).Min(), xhi = near.Select(s => s.X[0]).Append(x0).Max();
        double ylo = near.Select(s => s.X[1]).Append(y0).Min(), yhi = near.Select(s => s.X[1]).Append(y0).Max();
        double half = Math.Max(Math.Max(xhi - xlo, yhi - ylo) * 0.65, 1);
        double cx = (xlo + xhi) / 2, cy = (ylo + yhi) / 2;
        var xs = ModelInput.Grid(cx - half, cx + half, 61);
        var ys = ModelInput.Grid(cy - half, cy + half, 61);
        var z = ModelInput.SampleGrid(ModelInput.Compile(f, "x", "y"), xs, ys, ct);
        return new
        {
            ok = true,
            method = method.ToJsonName(),
            rate,
            latex = f.ToLatex(),
            path = result.Trace.Select(s => new
            {
                n = s.Iteration,
                x = ModelInput.N(s.X[0]),
                y = ModelInput.N(s.X[1]),
                value = ModelInput.N(s.Value),
                gradientNorm = ModelInput.N(s.GradientNorm),
                note = s.Note,
            }).ToArray(),
            final = new { x = ModelInput.N(result.X[0]), y = ModelInput.N(result.X[1]), value = ModelInput.N(result.Value) },
            iterations = result.Iterations,
            converged = result.Converged,
            exit = result.Exit.ToJsonName(),
            explanation = result.Exit.Describe(),
            message = result.Message,
            grid = new { x = xs, y = ys, z },
        };
    }

    public static object Lagrange(LagrangeRequest request, CancellationToken ct)
    {
        var f = ModelInput.Function(request.F, "f");
        var g = ModelInput.Function(request.G, "g");
        ModelInput.OnlyXY(f, "f");
        ModelInput.OnlyXY(g, "g");
        double range = ModelInput.Number(request.Range, "range", 0.1, 1000, 4);
        string[] names = ["x", "y"];
        var result = ModelInput.Guard(() => Optimize.Lagrange(f, [g], names, options: new LagrangeOptions
        {
            Box = [(-range, range), (-range, range)],
            Starts = 60,
            Seed = 1,
            TimeBudget = TimeSpan.FromSeconds(1.2),
        }));
        ct.ThrowIfCancellationRequested();
        var vars = names.Select(n => (Symbol)Expr.Sym(n)).ToArray();
        var gradF = Nabla.Symbolic.Compilation.Compiler.Compile(Calculus.Gradient(f, vars), vars);
        var gradG = Nabla.Symbolic.Compilation.Compiler.Compile(Calculus.Gradient(g, vars), vars);
        var points = result.Points.Select(p =>
        {
            var df = gradF.Evaluate(p.X[0], p.X[1]);
            var dg = gradG.Evaluate(p.X[0], p.X[1]);
            return new
            {
                x = ModelInput.N(p.X[0]),
                y = ModelInput.N(p.X[1]),
                lambda = ModelInput.N(p.Multipliers[0]),
                value = ModelInput.N(p.Value),
                kind = p.Kind.ToJsonName(),
                reason = p.Reason,
                gradF = ModelInput.Ns(df),
                gradG = ModelInput.Ns(dg),
                words = Words(p),
            };
        }).ToArray();
        var xs = ModelInput.Grid(-range, range, 81);
        var fz = ModelInput.SampleGrid(ModelInput.Compile(f, names), xs, xs, ct);
        var gz = ModelInput.SampleGrid(ModelInput.Compile(g, names), xs, xs, ct);
        return new
        {
            ok = true,
            latex = new { f = f.ToLatex(), g = g.ToLatex(), lagrangian = result.Lagrangian.ToLatex() },
            points,
            globalMin = result.GlobalMin is { } min ? result.Points.ToList().IndexOf(min) : -1,
            globalMax = result.GlobalMax is { } max ? result.Points.ToList().IndexOf(max) : -1,
            exit = result.Exit.ToJsonName(),
            message = result.Message,
            grid = new { x = xs, y = xs, f = fz, g = gz },
        };
    }

    private static string Words(ConstrainedPoint p)
    {
        string where = $"({ModelInput.Show(p.X[0])}, {ModelInput.Show(p.X[1])})";
        string what = p.Kind switch
        {
            ConstrainedPointKind.Minimum => "a constrained minimum",
            ConstrainedPointKind.Maximum => "a constrained maximum",
            ConstrainedPointKind.Saddle => "neither a maximum nor a minimum along the constraint",
            _ => "a stationary point the second-order test cannot classify",
        };
        return $"At {where}, f = {ModelInput.Show(p.Value)} is {what}; there ∇f = λ∇g with λ = {ModelInput.Show(p.Multipliers[0])}, so the level curve of f touches the constraint.";
    }
}
