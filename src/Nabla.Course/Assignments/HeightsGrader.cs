using System.Reflection;
using Nabla.Regression;
using Nabla.Symbolic;

namespace Nabla.Course.Assignments;

/// <summary>
/// Grades the heights assignment. The partial derivatives are compared with the engine's symbolic derivatives of
/// <see cref="HeightsAssignment.Model"/>, the step with −aggression·∇χ² built from them, and the 50-step descent with
/// <see cref="HeightsAssignment.SteepestDescent"/> (the regression engine's steepest descent): none of it comes from the
/// reference file, so the reference file is checked too.
/// </summary>
internal static class HeightsGrader
{
    /// <summary>Where the descent starts and how hard it steps (the course's values).</summary>
    public const double StartMu = 155, StartSig = 6, Aggression = 2000;

    /// <summary>Steps of the descent check.</summary>
    public const int Steps = 50;

    private const double Tolerance = 1e-8;

    private static readonly Expr DfDmu = Nabla.Calculus.Diff(HeightsAssignment.Model, "mu");
    private static readonly Expr DfDsig = Nabla.Calculus.Diff(HeightsAssignment.Model, "sig");

    private sealed record Binding(MethodInfo F, MethodInfo DfDmu, MethodInfo DfDsig, MethodInfo Step);

    private static Binding Bind(Assembly learner)
    {
        var heights = learner.GetTypes().FirstOrDefault(t => t.Name == "Heights")
            ?? throw new LabBindingException("the class Heights was not found: keep the declarations of the starter file");
        const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
        MethodInfo Scalar(string name) =>
            heights.GetMethod(name, Any, [typeof(double), typeof(double), typeof(double)]) is { } m && m.ReturnType == typeof(double) ? m
            : throw new LabBindingException($"Heights.{name}(double x, double mu, double sig) returning double was not found: keep the starter's signature");
        var step = heights.GetMethod("steepest_step", Any, [typeof(double[]), typeof(double[]), typeof(double), typeof(double), typeof(double)]);
        if (step is null || step.ReturnType != typeof(double[]))
            throw new LabBindingException("Heights.steepest_step(double[] x, double[] y, double mu, double sig, double aggression) returning double[] was not found: keep the starter's signature");
        return new Binding(Scalar("f"), Scalar("dfdmu"), Scalar("dfdsig"), step);
    }

    /// <summary>Runs one check (<c>dfdmu</c>, <c>dfdsig</c>, <c>steepest_step</c> or <c>descent</c>).</summary>
    public static CheckResult Run(AssignmentCheck check, Assembly learner)
    {
        Binding binding;
        try
        {
            binding = Bind(learner);
        }
        catch (LabBindingException ex)
        {
            return CheckResult.Failed(check, "the starter's declarations were changed", new("signature", ex.Message));
        }
        try
        {
            return check.Id switch
            {
                "dfdmu" => Partial(check, binding.DfDmu, DfDmu),
                "dfdsig" => Partial(check, binding.DfDsig, DfDsig),
                "steepest_step" => StepCheck(check, binding),
                _ => Descent(check, binding),
            };
        }
        catch (LearnerException ex)
        {
            var feedback = LabMath.Thrown(ex.Function, ex.InnerException!);
            return CheckResult.Failed(check, feedback.Id == "not-written" ? "not written yet" : "threw an exception",
                check.Kind == CheckKind.Run ? new(feedback.Id, $"the descent calls steepest_step: {feedback.Message}") : feedback);
        }
    }

    /// <summary>A learner's function threw.</summary>
    private sealed class LearnerException(string function, Exception inner) : Exception(inner.Message, inner)
    {
        public string Function { get; } = function;
    }

    private static double Call(MethodInfo m, double x, double mu, double sig)
    {
        try
        {
            return (double)LabMath.Invoke(m, [x, mu, sig])!;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new LearnerException(m.Name, ex);
        }
    }

    private static double[] CallStep(Binding b, double[] x, double[] y, double mu, double sig, double aggression)
    {
        object? result;
        try
        {
            result = LabMath.Invoke(b.Step, [x.ToArray(), y.ToArray(), mu, sig, aggression]);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new LearnerException("steepest_step", ex);
        }
        return result as double[] ?? throw new LearnerException("steepest_step", new InvalidOperationException("it returned null"));
    }

    private static double Eval(Expr e, double x, double mu, double sig) => e.Evaluate(("x", x), ("mu", mu), ("sig", sig));

    private static CheckResult Partial(AssignmentCheck check, MethodInfo learner, Expr reference)
    {
        var rng = new Random(check.Id == "dfdmu" ? 21 : 22);
        const int cases = 6;
        for (int c = 0; c < cases; c++)
        {
            double mu = 150 + 50 * rng.NextDouble(), sig = 3 + 12 * rng.NextDouble();
            var xs = Enumerable.Range(0, 20).Select(_ => mu + sig * (8 * rng.NextDouble() - 4)).ToArray();
            var expected = xs.Select(x => Eval(reference, x, mu, sig)).ToArray();
            var got = xs.Select(x => Call(learner, x, mu, sig)).ToArray();
            if (got.Any(double.IsNaN))
                return CheckResult.Failed(check, $"NaN at μ = {LabMath.Format(mu)}, σ = {LabMath.Format(sig)}",
                    new("nan", $"{check.Id} gave NaN: look for 0/0 or the square root of a negative number."));
            double error = LabMath.RelativeError(got, expected);
            if (error <= Tolerance) continue;
            string summary = $"wrong at μ = {LabMath.Format(mu)}, σ = {LabMath.Format(sig)} (relative error {LabMath.Format(error)})";
            return CheckResult.Failed(check, summary, DiagnosePartial(check.Id, got, xs, mu, sig, expected)
                ?? new("values", $"{check.Id} differs from ∂f/∂{(check.Id == "dfdmu" ? "μ" : "σ")} by a relative {LabMath.Format(error)} at μ = {LabMath.Format(mu)}, σ = {LabMath.Format(sig)}."));
        }
        return new CheckResult(check.Id, check.Title, check.Points, check.Points, true,
            $"matches the symbolic derivative at {cases * 20} random (x, μ, σ) (relative error ≤ 1e-8)", [], []);
    }

    private static LabFeedback? DiagnosePartial(string id, double[] got, double[] xs, double mu, double sig, double[] expected)
    {
        double F(double x) => Eval(HeightsAssignment.Model, x, mu, sig);
        bool Is(Func<double, double> variant) => LabMath.Close(got, xs.Select(variant).ToArray(), 1e-6);
        var multiple = LabMath.Multiple(got, expected);
        if (id == "dfdmu")
        {
            if (multiple is { } m && LabMath.Near(m, -1))
                return new("sign", "sign error in dfdmu: ∂/∂μ of −(x − μ)²/(2σ²) is +(x − μ)/σ², so ∂f/∂μ = f·(x − μ)/σ².");
            if (multiple is { } h && LabMath.Near(h, 0.5))
                return new("factor-2", "dfdmu is half the right value: the 2 from differentiating (x − μ)² cancels the 2 in 2σ².");
            if (Is(x => F(x) * (x - mu)) || Is(x => F(x) * (x - mu) / sig) || Is(x => -F(x) * (x - mu)))
                return new("inner-derivative", "dfdmu is missing the 1/σ² of the inner derivative: ∂/∂μ [−(x − μ)²/(2σ²)] = (x − μ)/σ².");
            if (Is(x => (x - mu) / (sig * sig)))
                return new("chain-outer", "dfdmu lost the outer function: the exponential's derivative is itself, so ∂f/∂μ = f·(x − μ)/σ².");
            return null;
        }
        if (multiple is { } s && LabMath.Near(s, -1))
            return new("sign", "sign error in dfdsig: ∂f/∂σ = f·((x − μ)²/σ³ − 1/σ).");
        if (Is(x => F(x) * (x - mu) * (x - mu) / (sig * sig * sig)))
            return new("missing-prefactor-term", "dfdsig differentiates only the exponential: the 1/σ in front gives a −f/σ term too (product rule), ∂f/∂σ = f·((x − μ)²/σ³ − 1/σ).");
        if (Is(x => -F(x) / sig))
            return new("missing-exponential-term", "dfdsig differentiates only the 1/σ in front: the exponential depends on σ too and gives f·(x − μ)²/σ³ (product rule).");
        if (Is(x => F(x) * ((x - mu) * (x - mu) / (2 * sig * sig * sig) - 1 / sig)))
            return new("factor-2", "in dfdsig, ∂/∂σ of −(x − μ)²/(2σ²) is (x − μ)²/σ³: the 2 cancels.");
        return null;
    }

    /// <summary>−aggression·∇χ² with ∇χ² = −2 Σ (y − f)·∇f, from the given partials.</summary>
    private static double[] ReferenceStep(double[] x, double[] y, double mu, double sig, double aggression,
        Func<double, double> f, Func<double, double> dmu, Func<double, double> dsig)
    {
        double gMu = 0, gSig = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double r = y[i] - f(x[i]);
            gMu += -2 * r * dmu(x[i]);
            gSig += -2 * r * dsig(x[i]);
        }
        return [-aggression * gMu, -aggression * gSig];
    }

    private static CheckResult StepCheck(AssignmentCheck check, Binding b)
    {
        var x = HeightsAssignment.Centres.ToArray();
        var y = HeightsAssignment.Frequencies.ToArray();
        var rng = new Random(23);
        var cases = new List<(double Mu, double Sig, double Aggression)> { (StartMu, StartSig, Aggression) };
        for (int c = 0; c < 4; c++) cases.Add((160 + 30 * rng.NextDouble(), 5 + 10 * rng.NextDouble(), c % 2 == 0 ? 500 : 10));
        LabFeedback? note = null;
        foreach (var (mu, sig, aggression) in cases)
        {
            var expected = ReferenceStep(x, y, mu, sig, aggression, v => Eval(HeightsAssignment.Model, v, mu, sig),
                v => Eval(DfDmu, v, mu, sig), v => Eval(DfDsig, v, mu, sig));
            var got = CallStep(b, x, y, mu, sig, aggression);
            string at = $"μ = {LabMath.Format(mu)}, σ = {LabMath.Format(sig)}, aggression {aggression}";
            if (got.Length != 2)
                return CheckResult.Failed(check, $"returned {got.Length} numbers", new("length", $"steepest_step must return two numbers, [Δμ, Δσ]; it returned {got.Length}."));
            if (got.Any(double.IsNaN))
                return CheckResult.Failed(check, $"NaN at {at}", new("nan", "steepest_step gave NaN: look for 0/0 in the sum over the bins."));
            if (StepClose(got, expected)) continue;
            // Right formula, wrong partials: the step is right given the learner's own dfdmu and dfdsig.
            double[]? ownPartials = null;
            try
            {
                ownPartials = ReferenceStep(x, y, mu, sig, aggression, v => Call(b.F, v, mu, sig), v => Call(b.DfDmu, v, mu, sig), v => Call(b.DfDsig, v, mu, sig));
            }
            catch (LearnerException)
            {
                // The learner's partials throw; the step cannot have used them.
            }
            if (ownPartials is not null && StepClose(got, ownPartials))
            {
                note = new("uses-wrong-partials", "steepest_step is right, but it calls your dfdmu/dfdsig, which are wrong: the step will be right once they are.");
                continue;
            }
            var multiple = LabMath.Multiple(got, expected);
            LabFeedback feedback = multiple switch
            {
                { } m when LabMath.Near(m, -1) => new("wrong-aggression-sign", "the step goes uphill: step = −aggression·∇χ², but yours is +aggression·∇χ² (check the sign of the aggression and of 2(y − f))."),
                { } m when LabMath.Near(m, 0.5) => new("factor-2", "the step is half the right size: ∇χ² = −2 Σ (y − f)·∂f/∂p, with the factor 2."),
                { } m when LabMath.Near(m, 1 / aggression) => new("no-aggression", "the step is not multiplied by the aggression: step = −aggression·∇χ²."),
                { } m when LabMath.Near(m, -1 / aggression) => new("returned-gradient", "you returned ∇χ² itself: the step is −aggression·∇χ²."),
                _ => new("values", $"steepest_step differs from −aggression·∇χ² at {at}: ∇χ² = −2 Σᵢ (yᵢ − f(xᵢ))·(∂f/∂μ, ∂f/∂σ)."),
            };
            return CheckResult.Failed(check, $"wrong at {at}", feedback);
        }
        return new CheckResult(check.Id, check.Title, check.Points, check.Points, true,
            note is null ? $"matches −aggression·∇χ² at {cases.Count} points" : "right, given your partial derivatives", note is null ? [] : [note], []);
    }

    private static bool StepClose(double[] got, double[] expected)
    {
        double scale = Math.Max(Math.Abs(expected[0]), Math.Abs(expected[1]));
        for (int i = 0; i < 2; i++)
            if (!(Math.Abs(got[i] - expected[i]) <= 1e-7 * Math.Abs(expected[i]) + 1e-12 * scale)) return false;
        return true;
    }

    private static CheckResult Descent(AssignmentCheck check, Binding b)
    {
        var x = HeightsAssignment.Centres.ToArray();
        var y = HeightsAssignment.Frequencies.ToArray();
        var mus = new List<double> { StartMu };
        var sigs = new List<double> { StartSig };
        double mu = StartMu, sig = StartSig;
        for (int k = 0; k < Steps; k++)
        {
            var step = CallStep(b, x, y, mu, sig, Aggression);
            if (step.Length != 2) return CheckResult.Failed(check, "steepest_step returned the wrong length", new("length", "steepest_step must return two numbers, [Δμ, Δσ]."));
            mu += step[0];
            sig += step[1];
            mus.Add(mu);
            sigs.Add(sig);
            if (!double.IsFinite(mu) || !double.IsFinite(sig)) break;
        }
        var reference = HeightsAssignment.SteepestDescent(StartMu, StartSig, Aggression, Steps);
        double refMu = reference["mu"], refSig = reference["sig"];
        double chi2 = ChiSquared(x, y, mu, sig);
        var plots = Plots(x, y, mus, sigs, chi2, reference);
        string summary = $"after {Steps} steps: μ = {LabMath.Format(mu)}, σ = {LabMath.Format(sig)}, χ² = {LabMath.Format(chi2)} (reference μ = {LabMath.Format(refMu)}, σ = {LabMath.Format(refSig)})";
        bool passed = Math.Abs(mu - refMu) <= 1e-6 * Math.Abs(refMu) && Math.Abs(sig - refSig) <= 1e-6 * Math.Abs(refSig);
        if (passed) return new CheckResult(check.Id, check.Title, check.Points, check.Points, true, summary, [], plots);
        LabFeedback feedback = !double.IsFinite(mu) || !double.IsFinite(sig)
            ? new("descent-diverged", "the descent ran away to a non-finite μ or σ: a step with the wrong sign or size climbs χ² instead of descending it.")
            : Enumerable.Range(1, mus.Count - 1).Count(k => ChiSquared(x, y, mus[k], sigs[k]) > ChiSquared(x, y, mus[k - 1], sigs[k - 1])) > (mus.Count - 1) / 2
                ? new("descent-uphill", "χ² rose on most of the 50 steps: the steps go uphill (step = −aggression·∇χ²).")
                : new("descent-off", $"the descent ends away from the reference (μ = {LabMath.Format(refMu)}, σ = {LabMath.Format(refSig)}): the checks of the functions above say which one is off.");
        return new CheckResult(check.Id, check.Title, 0, check.Points, false, summary, [feedback], plots);
    }

    private static double ChiSquared(double[] x, double[] y, double mu, double sig)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double r = y[i] - Math.Exp(-(x[i] - mu) * (x[i] - mu) / (2 * sig * sig)) / (sig * Math.Sqrt(2 * Math.PI));
            sum += r * r;
        }
        return sum;
    }

    private static IReadOnlyList<LabPlot> Plots(double[] x, double[] y, List<double> mus, List<double> sigs, double chi2, FitResult reference)
    {
        var finite = Enumerable.Range(0, mus.Count).Where(i => double.IsFinite(mus[i]) && double.IsFinite(sigs[i])).ToArray();
        double[] pathMu = finite.Select(i => mus[i]).ToArray(), pathSig = finite.Select(i => sigs[i]).ToArray();
        var best = HeightsAssignment.LevenbergMarquardt();
        double muLo = Math.Min(pathMu.Append(best["mu"]).Min(), 150), muHi = Math.Max(pathMu.Append(best["mu"]).Max(), 190);
        double sigLo = Math.Max(0.5, Math.Min(pathSig.Append(best["sig"]).Min(), 4)), sigHi = Math.Max(pathSig.Append(best["sig"]).Max(), 14);
        // A run-away path would squash the map: keep it to plausible heights.
        (muLo, muHi, sigHi) = (Math.Max(muLo, 60), Math.Min(muHi, 290), Math.Min(sigHi, 100));
        const int grid = 61;
        var gx = Enumerable.Range(0, grid).Select(i => muLo + (muHi - muLo) * i / (grid - 1)).ToArray();
        var gy = Enumerable.Range(0, grid).Select(i => sigLo + (sigHi - sigLo) * i / (grid - 1)).ToArray();
        var z = gy.Select(s => (IReadOnlyList<double>)gx.Select(m => ChiSquared(x, y, m, s)).ToArray()).ToArray();
        var path = new LabPlot("path", $"Your descent on the χ² map ({pathMu.Length - 1} steps at aggression {Aggression})", "μ", "σ",
        [
            new("your path from (155, 6)", LabSeriesKind.Path, pathMu, pathSig),
            new("reference after 50 steps", LabSeriesKind.Points, [reference["mu"]], [reference["sig"]]),
            new("χ² minimum", LabSeriesKind.Points, [best["mu"]], [best["sig"]]),
        ], new LabContour(gx, gy, z, "χ²"));
        double mu = pathMu.Length > 0 ? pathMu[^1] : double.NaN, sig = pathSig.Length > 0 ? pathSig[^1] : double.NaN;
        var shown = Enumerable.Range(0, x.Length).Where(i => x[i] is >= 140 and <= 220).ToArray();
        var curveX = Enumerable.Range(0, 241).Select(i => 140 + i / 3.0).ToArray();
        var curveY = curveX.Select(v => Eval(HeightsAssignment.Model, v, mu, sig)).ToArray();
        var fit = new LabPlot("fit", $"Your fit on the histogram: μ = {LabMath.Format(mu)}, σ = {LabMath.Format(sig)}, χ² = {LabMath.Format(chi2)}",
            "height (cm)", "frequency density",
        [
            new("heights (bins of 2.5 cm)", LabSeriesKind.Bars, shown.Select(i => x[i]).ToArray(), shown.Select(i => y[i]).ToArray()),
            new("your fitted Gaussian", LabSeriesKind.Line, curveX, curveY),
        ]);
        return [path, fit];
    }
}
