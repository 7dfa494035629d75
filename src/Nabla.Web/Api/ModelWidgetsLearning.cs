using Nabla.Cli;
using Nabla.NeuralNetworks;
using Nabla.Optimization;
using Nabla.Regression;
using Nabla.Symbolic;

namespace Nabla.Web.Api;

/// <summary>
/// The network-training widget's request. The server keeps no state: the page sends back the 77 parameters it got
/// (W¹, b¹, W², b², W³, b³ flattened row by row) and how many steps were done, and the server trains
/// <see cref="Steps"/> more. No parameters: a fresh network from <see cref="Seed"/>.
/// </summary>
public sealed record NetworkTrainingRequest(int? Seed = null, int? Steps = null, double[]? Parameters = null, int? Done = null,
    Scalar? Aggression = null, Scalar? Input = null);

/// <summary>One data point of the χ² widget (σ optional: all points give one or none do).</summary>
public sealed record FitPoint(double X, double Y, double? Sigma = null);

/// <summary>
/// The χ²-fit widget's request: either points (a straight line is fitted) or <c>data = "heights"</c> (the course's
/// histogram of heights, fitted by a normal density); the steepest-descent walk takes <see cref="Steps"/> steps at
/// rate <see cref="Rate"/> (for a line: a fraction of the largest stable rate, default 0.9; for the heights: the
/// course's "aggression", default 2000). <see cref="Trial"/>: a line [slope, intercept] the learner is trying by hand;
/// its χ² is answered too.
/// </summary>
public sealed record ChiSquaredFitRequest(FitPoint[]? Points = null, string? Data = null, int? Steps = null, Scalar? Rate = null, double[]? Trial = null);

/// <summary>The learning side of the model widgets: the course network and χ² fits.</summary>
internal static class ModelWidgetsLearning
{
    private const int ParameterCount = 77;

    public static object NetworkTraining(NetworkTrainingRequest request, CancellationToken ct)
    {
        int seed = ModelInput.Count(request.Seed, "seed", 0, 1_000_000, 2);
        int steps = ModelInput.Count(request.Steps, "steps", 0, 20_000, 0);
        int done = ModelInput.Count(request.Done, "done", 0, 100_000_000, 0);
        double aggression = ModelInput.Number(request.Aggression, "aggression", 0.01, 50, 3.5);
        double input = ModelInput.Number(request.Input, "input", 0, 1, 0.25);
        CourseNetwork net;
        if (request.Parameters is null) net = CourseNetwork.Create(seed);
        else
        {
            var p = request.Parameters;
            if (p.Length != ParameterCount)
                throw new RequestException($"'parameters' has {p.Length} numbers; the 1→6→7→2 network has {ParameterCount}", "send back the parameters the last answer gave, or none to start afresh");
            if (p.Any(v => !double.IsFinite(v) || Math.Abs(v) > 1e6))
                throw new RequestException("'parameters' must be finite numbers of size at most 10⁶", "reset the network");
            net = FromParameters(p);
        }

        CourseTrainingResult? run = null;
        if (steps > 0)
        {
            run = ModelInput.Guard(() => net.Train(new CourseTrainingOptions
            {
                Iterations = steps,
                Aggression = aggression,
                Noise = 1,
                Seed = seed * 1_000_003L + done,     // a fresh noise stream per chunk, reproducible from (seed, done)
                HistoryEvery = Math.Max(1, steps / 50),
            }, null, ct));
            done += run.Iterations;
        }

        var xs = HeartCurve.Inputs();
        var ys = HeartCurve.Targets();
        double cost = net.Cost(xs, ys);
        var curve = net.SampleCurve(101);
        var jac = net.ExplicitJacobians(xs, ys);
        var forward = net.Forward(Nabla.Numerics.Tensor<double>.FromArray([input], 1, 1));
        return new
        {
            ok = true,
            seed,
            done,
            aggression,
            cost = ModelInput.N(cost),
            parameters = ModelInput.Ns(net.Parameters.SelectMany(t => t.ToArray())),
            history = run is null
                ? []
                : run.CostHistory.Select((c, k) => new { step = done - run.Iterations + Math.Min(k * run.HistoryEvery, run.Iterations), cost = ModelInput.N(c) }).ToArray(),
            exit = run?.Exit.ToJsonName(),
            message = run?.Message,
            curve = new { x = curve.X, y0 = ModelInput.Ns(curve.Y0), y1 = ModelInput.Ns(curve.Y1) },
            target = new
            {
                y0 = curve.X.Select(HeartCurve.Y0).ToArray(),
                y1 = curve.X.Select(HeartCurve.Y1).ToArray(),
            },
            input,
            forward = new
            {
                a0 = new[] { input },
                a1 = ModelInput.Ns(forward.A1.ToArray()),
                a2 = ModelInput.Ns(forward.A2.ToArray()),
                a3 = ModelInput.Ns(forward.A3.ToArray()),
                z1 = ModelInput.Ns(forward.Z1.ToArray()),
                z2 = ModelInput.Ns(forward.Z2.ToArray()),
                z3 = ModelInput.Ns(forward.Z3.ToArray()),
            },
            weights = new { w1 = Rows(net.W1), w2 = Rows(net.W2), w3 = Rows(net.W3) },
            gradients = new
            {
                w1 = Rows(jac.W1), b1 = Rows(jac.B1), w2 = Rows(jac.W2), b2 = Rows(jac.B2), w3 = Rows(jac.W3), b3 = Rows(jac.B3),
                norm = ModelInput.N(Math.Sqrt(jac.All.Sum(t => t.ToArray().Sum(v => v * v)))),
            },
        };
    }

    private static double?[][] Rows(Nabla.Numerics.Tensor<double> t)
    {
        var data = t.ToArray();
        int rows = t.Shape[0], cols = t.Shape[1];
        return Enumerable.Range(0, rows).Select(r => ModelInput.Ns(data.Skip(r * cols).Take(cols))).ToArray();
    }

    private static CourseNetwork FromParameters(double[] p)
    {
        int at = 0;
        Nabla.Numerics.Tensor<double> Take(int rows, int cols)
        {
            var t = Nabla.Numerics.Tensor<double>.FromArray(p[at..(at + rows * cols)], rows, cols);
            at += rows * cols;
            return t;
        }
        return new CourseNetwork(Take(6, 1), Take(6, 1), Take(7, 6), Take(7, 1), Take(2, 7), Take(2, 1));
    }

    public static object ChiSquaredFit(ChiSquaredFitRequest request, CancellationToken ct)
    {
        int steps = ModelInput.Count(request.Steps, "steps", 0, 2000, 60);
        string? data = request.Data?.Trim();
        if (!string.IsNullOrEmpty(data))
        {
            if (!string.Equals(data, "heights", StringComparison.OrdinalIgnoreCase))
                throw new RequestException($"unknown data set '{request.Data}'", "use \"heights\", or give points");
            return Heights(steps, ModelInput.Number(request.Rate, "rate", 1, 20_000, 2000), ct);
        }
        if (request.Trial is { } t && (t.Length != 2 || t.Any(v => !double.IsFinite(v) || Math.Abs(v) > ModelInput.MaxCoordinate)))
            throw new RequestException("'trial' must be two finite numbers [slope, intercept]", "e.g. \"trial\": [2, 1]");
        return Line(request.Points ?? DefaultPoints, steps, ModelInput.Number(request.Rate, "rate", 0.01, 1.2, 0.9), request.Trial, ct);
    }

    private static readonly FitPoint[] DefaultPoints =
        [new(0, 1.3, 0.5), new(1, 2.6, 0.5), new(2, 5.4, 0.5), new(3, 6.8, 0.5), new(4, 9.3, 0.5), new(5, 10.6, 0.5)];

    private static object Line(FitPoint[] points, int steps, double rateFraction, double[]? trial, CancellationToken ct)
    {
        if (points.Length is < 2 or > 100)
            throw new RequestException($"give 2 to 100 points, got {points.Length}", "add or remove points");
        if (points.Any(p => p is null)) throw new RequestException("a point is null", "give every point as {\"x\": 1, \"y\": 2}");
        int withSigma = points.Count(p => p.Sigma is not null);
        if (withSigma != 0 && withSigma != points.Length)
            throw new RequestException("some points have σ and some do not", "give σ for every point or for none");
        foreach (var p in points)
        {
            ModelInput.Number(p.X, "x", -ModelInput.MaxCoordinate, ModelInput.MaxCoordinate);
            ModelInput.Number(p.Y, "y", -ModelInput.MaxCoordinate, ModelInput.MaxCoordinate);
            if (p.Sigma is { } s) ModelInput.Number(s, "sigma", 1e-6, ModelInput.MaxCoordinate);
        }
        var x = points.Select(p => p.X).ToArray();
        var y = points.Select(p => p.Y).ToArray();
        double[]? sigma = withSigma > 0 ? points.Select(p => p.Sigma!.Value).ToArray() : null;
        var w = sigma?.Select(s => 1 / (s * s)).ToArray() ?? Enumerable.Repeat(1.0, x.Length).ToArray();
        var fit = ModelInput.Guard(() => Fit.Line(x, y, sigma, absoluteSigma: sigma is not null));
        ct.ThrowIfCancellationRequested();
        double m = fit.Slope, c = fit.Intercept;

        // χ² is quadratic in (m, c) with Hessian 2Σw[x², x; x, 1]; steepest descent is stable for γ < 2/λmax.
        double sxx = 0, sx = 0, s1 = 0;
        for (int i = 0; i < x.Length; i++) { sxx += w[i] * x[i] * x[i]; sx += w[i] * x[i]; s1 += w[i]; }
        double tr = 2 * (sxx + s1), det = 4 * (sxx * s1 - sx * sx);
        double lambdaMax = tr / 2 + Math.Sqrt(Math.Max(0, tr * tr / 4 - det));
        double stable = 2 / lambdaMax, rate = rateFraction * stable;

        double hm = Math.Max(4 * Finite(fit.SlopeError), 0.5 + 0.25 * Math.Abs(m));
        double hc = Math.Max(4 * Finite(fit.InterceptError), 0.5 + 0.25 * Math.Abs(c));
        var start = new Dictionary<string, double> { ["m"] = m - 0.8 * hm, ["c"] = c + 0.8 * hc };
        var walk = ModelInput.Guard(() => Fit.Curve(Expr.Parse("m*x + c"), x, y, start, sigma,
            new FitOptions { Method = FitMethod.SteepestDescent, Rate = rate, Iterations = Math.Max(steps, 1), AbsoluteSigma = sigma is not null, TimeBudget = TimeSpan.FromSeconds(1) }));
        int im = walk.ParameterNames.ToList().IndexOf("m"), ic = walk.ParameterNames.ToList().IndexOf("c");
        var path = walk.Trace.Take(steps + 1).Select(s => new { p0 = ModelInput.N(s.Parameters[im]), p1 = ModelInput.N(s.Parameters[ic]), chiSquared = ModelInput.N(s.ChiSquared) }).ToArray();

        var ms = ModelInput.Grid(m - hm, m + hm, 61);
        var cs = ModelInput.Grid(c - hc, c + hc, 61);
        var z = cs.Select(cv => ms.Select(mv =>
        {
            double chi = 0;
            for (int i = 0; i < x.Length; i++) { double r = y[i] - mv * x[i] - cv; chi += w[i] * r * r; }
            return ModelInput.N(chi);
        }).ToArray()).ToArray();
        double xlo = x.Min(), xhi = x.Max(), xpad = Math.Max(0.1 * (xhi - xlo), 0.5);
        double? trialChi = null;
        if (trial is not null)
        {
            double chi = 0;
            for (int i = 0; i < x.Length; i++) { double r = y[i] - trial[0] * x[i] - trial[1]; chi += w[i] * r * r; }
            trialChi = ModelInput.N(chi);
        }
        return new
        {
            ok = true,
            model = "line",
            parameterNames = new[] { "m", "c" },
            parameterLabels = new[] { "slope m", "intercept c" },
            points = points.Select(p => new { x = p.X, y = p.Y, sigma = p.Sigma }).ToArray(),
            slope = m,
            intercept = c,
            slopeError = ModelInput.N(fit.SlopeError),
            interceptError = ModelInput.N(fit.InterceptError),
            chiSquared = ModelInput.N(fit.Fit.ChiSquared),
            degreesOfFreedom = fit.Fit.DegreesOfFreedom,
            reducedChiSquared = ModelInput.N(fit.Fit.ReducedChiSquared),
            weighted = sigma is not null,
            rate,
            stableRate = stable,
            curve = new { x = new[] { xlo - xpad, xhi + xpad }, y = new[] { m * (xlo - xpad) + c, m * (xhi + xpad) + c } },
            path,
            surface = new { p0 = ms, p1 = cs, z },
            minimum = new[] { m, c },
            trial,
            trialChiSquared = trialChi,
            message = walk.Message,
        };
    }

    private static double Finite(double v) => double.IsFinite(v) ? v : 0;

    /// <summary>The parts of the heights picture that do not depend on the request: the χ² minimum and surface.</summary>
    private sealed record HeightsPicture(FitResult Best, int Mu, int Sig, double[] Mus, double[] Sigs, double?[][] Z);

    // Computed once, on first use (or by the warm-up at start-up), and only read afterwards.
    private static readonly Lazy<HeightsPicture> HeightsReference = new(BuildHeightsPicture);

    /// <summary>Starts computing the request-independent heights picture in the background (called at start-up).</summary>
    public static void WarmUp() => ThreadPool.QueueUserWorkItem(_ => { try { _ = HeightsReference.Value; } catch (Exception) { } });

    private static HeightsPicture BuildHeightsPicture()
    {
        var best = HeightsAssignment.LevenbergMarquardt();
        var centres = HeightsAssignment.Centres;
        var freq = HeightsAssignment.Frequencies;
        var model = ModelInput.Compile(HeightsAssignment.Model, "x", "mu", "sig");
        var mus = ModelInput.Grid(150, 195, 46);
        var sigs = ModelInput.Grid(2, 16, 36);
        var z = sigs.Select(sv => mus.Select(mv =>
        {
            double chi = 0;
            for (int i = 0; i < centres.Count; i++) { double r = freq[i] - model.Evaluate(centres[i], mv, sv); chi += r * r; }
            return ModelInput.N(chi);
        }).ToArray()).ToArray();
        var names = best.ParameterNames.ToList();
        return new HeightsPicture(best, names.IndexOf("mu"), names.IndexOf("sig"), mus, sigs, z);
    }

    private static object Heights(int steps, double aggression, CancellationToken ct)
    {
        var walk = ModelInput.Guard(() => HeightsAssignment.SteepestDescent(155, 6, aggression, Math.Max(steps, 1)));
        var picture = HeightsReference.Value;
        var best = picture.Best;
        ct.ThrowIfCancellationRequested();
        var centres = HeightsAssignment.Centres;
        var freq = HeightsAssignment.Frequencies;
        var model = ModelInput.Compile(HeightsAssignment.Model, "x", "mu", "sig");
        int im = walk.ParameterNames.ToList().IndexOf("mu"), isg = walk.ParameterNames.ToList().IndexOf("sig");
        int bm = picture.Mu, bs = picture.Sig;
        var path = walk.Trace.Take(steps + 1).Select(s => new { p0 = ModelInput.N(s.Parameters[im]), p1 = ModelInput.N(s.Parameters[isg]), chiSquared = ModelInput.N(s.ChiSquared) }).ToArray();
        var mus = picture.Mus;
        var sigs = picture.Sigs;
        var z = picture.Z;
        var lastStep = walk.Trace.Count > 0 ? walk.Trace[Math.Min(steps, walk.Trace.Count - 1)].Parameters : walk.Parameters;
        double[] last = [lastStep[im], lastStep[isg]];
        var xs = ModelInput.Grid(150, 205, 221);
        var shown = Enumerable.Range(0, centres.Count).Where(i => centres[i] is > 150 and < 205).ToArray();
        return new
        {
            ok = true,
            model = "gaussian",
            parameterNames = new[] { "mu", "sig" },
            parameterLabels = new[] { "mean μ", "width σ" },
            histogram = new { x = shown.Select(i => centres[i]).ToArray(), y = shown.Select(i => freq[i]).ToArray(), width = HeightsAssignment.BinWidth },
            mu = ModelInput.N(last[0]),
            sig = ModelInput.N(last[1]),
            chiSquared = ModelInput.N(path.Length > 0 ? path[^1].chiSquared ?? double.NaN : walk.ChiSquared),
            best = new { mu = best.Parameters[bm], sig = best.Parameters[bs], chiSquared = best.ChiSquared },
            rate = aggression,
            curve = new { x = xs, y = ModelInput.Ns(xs.Select(v => model.Evaluate(v, last[0], last[1]))) },
            path,
            surface = new { p0 = mus, p1 = sigs, z },
            minimum = new[] { best.Parameters[bm], best.Parameters[bs] },
            message = walk.Message,
        };
    }
}
