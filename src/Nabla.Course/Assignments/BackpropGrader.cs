using System.Reflection;
using Nabla.NeuralNetworks;
using Nabla.Numerics;

namespace Nabla.Course.Assignments;

/// <summary>
/// Grades the backpropagation assignment. Each Jacobian is compared with the engine's reverse-mode Jacobians
/// (<see cref="CourseNetwork.ReverseModeJacobians"/>, computed without the reference file) on random networks and data;
/// a wrong one is matched against common mistakes (wrong shape, sign, factor n, missing σ', …) for feedback. The
/// training check runs stochastic steepest descent with the learner's six Jacobians.
/// </summary>
internal static class BackpropGrader
{
    /// <summary>Steps of the training run.</summary>
    public const int TrainingSteps = 4000;

    /// <summary>The training run's aggression (the course's long run).</summary>
    public const double TrainingAggression = 7;

    /// <summary>The training run's noise: each Jacobian entry is multiplied by (1 + noise·N(0, 1)).</summary>
    public const double TrainingNoise = 1;

    /// <summary>The cost the training run must settle below (median of its last five records; untrained networks start
    /// near 0.1).</summary>
    public const double TrainingThreshold = 0.02;

    /// <summary>The seed of the initial network and of the noise.</summary>
    public const int TrainingSeed = 4;

    private const double Tolerance = 1e-7;
    private const int Cases = 12;

    private static readonly string[] Names = ["J_W1", "J_b1", "J_W2", "J_b2", "J_W3", "J_b3"];
    private static readonly (int Rows, int Cols)[] Shapes = [(6, 1), (6, 1), (7, 6), (7, 1), (2, 7), (2, 1)];

    /// <summary>The learner's Network constructor and Jacobian methods, found by name.</summary>
    private sealed class Binding(ConstructorInfo network, IReadOnlyDictionary<string, MethodInfo> jacobians)
    {
        public object Network(double[][,] p) => network.Invoke([p[0], p[1], p[2], p[3], p[4], p[5]]);

        public double[,] Call(string name, object net, double[,] x, double[,] y) =>
            LabMath.Invoke(jacobians[name], [net, x, y]) as double[,]
            ?? throw new InvalidOperationException($"{name} returned null");
    }

    private static Binding Bind(Assembly learner)
    {
        var types = learner.GetTypes();
        var network = types.FirstOrDefault(t => t.Name == "Network")
            ?? throw new LabBindingException("the record Network was not found: keep the declarations of the starter file");
        var ctor = network.GetConstructor(Enumerable.Repeat(typeof(double[,]), 6).ToArray())
            ?? throw new LabBindingException("Network has no constructor Network(W1, b1, W2, b2, W3, b3) of six double[,]: keep the starter's record");
        var backprop = types.FirstOrDefault(t => t.Name == "Backprop")
            ?? throw new LabBindingException("the class Backprop was not found: keep the declarations of the starter file");
        var methods = new Dictionary<string, MethodInfo>();
        foreach (var name in Names)
        {
            var m = backprop.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [network, typeof(double[,]), typeof(double[,])]);
            if (m is null || m.ReturnType != typeof(double[,]))
                throw new LabBindingException($"Backprop.{name}(Network net, double[,] x, double[,] y) returning double[,] was not found: keep the starter's signature");
            methods[name] = m;
        }
        return new Binding(ctor, methods);
    }

    /// <summary>Runs one check (<c>J_b3</c>, <c>J_b2</c>, <c>J_W1</c>, <c>J_b1</c> or <c>training</c>).</summary>
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
        return check.Id == "training" ? Train(check, binding) : CheckJacobian(check, binding);
    }

    private static CheckResult CheckJacobian(AssignmentCheck check, Binding binding)
    {
        string name = check.Id;
        int index = Array.IndexOf(Names, name);
        var rng = new Random(11 + index);
        for (int c = 0; c < Cases; c++)
        {
            double scale = c < 4 ? 0.5 : c < 8 ? 1.5 : 3;           // larger weights saturate some sigmoids
            var p = Shapes.Select(s => Normal(rng, s.Rows, s.Cols, scale)).ToArray();
            int n = rng.Next(5, 41);
            var x = Uniform(rng, 1, n);
            var y = Uniform(rng, 2, n);
            var engine = new CourseNetwork(LabMath.ToTensor(p[0]), LabMath.ToTensor(p[1]), LabMath.ToTensor(p[2]),
                LabMath.ToTensor(p[3]), LabMath.ToTensor(p[4]), LabMath.ToTensor(p[5]));
            var expected = LabMath.FromTensor(engine.ReverseModeJacobians(LabMath.ToTensor(x), LabMath.ToTensor(y)).All[index]);
            double[,] got;
            try
            {
                got = binding.Call(name, binding.Network(p), Copy(x), Copy(y));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var feedback = LabMath.Thrown(name, ex);
                return new CheckResult(name, check.Title, 0, check.Points, false,
                    feedback.Id == "not-written" ? "not written yet" : "threw an exception", [feedback], []);
            }
            var problem = Diagnose(name, index, got, expected, p, x, y);
            if (problem is not null)
                return new CheckResult(name, check.Title, 0, check.Points, false,
                    $"wrong on random network {c + 1} of {Cases} ({n} samples)", [problem], []);
        }
        return new CheckResult(name, check.Title, check.Points, check.Points, true,
            $"matches the reverse-mode Jacobian on {Cases} random networks (relative error ≤ 1e-7)", [], []);
    }

    /// <summary>Null when <paramref name="got"/> matches; otherwise the most specific feedback rule that fits.</summary>
    private static LabFeedback? Diagnose(string name, int index, double[,] got, double[,] expected, double[][,] p, double[,] x, double[,] y)
    {
        int rows = expected.GetLength(0), cols = expected.GetLength(1), n = x.GetLength(1);
        int gr = got.GetLength(0), gc = got.GetLength(1);
        bool bias = name.StartsWith("J_b", StringComparison.Ordinal);
        string param = name[2..];
        string weight = "W" + name[^1];
        if (gr != rows || gc != cols)
        {
            if (bias && gr == rows && gc == n)
                return new("bias-not-summed", $"{name} is {gr}×{gc}, one column per sample: a bias Jacobian sums over the samples (M.Sum(J, axis: 1)), so it has the shape of {param}, {rows}×1.");
            if (bias && gr == 1 && gc == n)
                return new("wrong-axis", $"{name} is 1×{n}: you summed over the wrong axis. Axis 0 adds up the neurons; the samples are the columns, so sum with axis 1 to get {rows}×1.");
            var (wr, wc) = bias ? Shapes[index - 1] : (-1, -1);
            if (bias && gr == wr && gc == wc)
                return new("bias-shaped-like-weight", $"{name} has the shape of {weight} ({wr}×{wc}): a bias Jacobian sums over the samples — ∂z/∂b = 1, so there is no aᵀ factor.");
            if (gr == cols && gc == rows)
                return new("transposed", $"{name} is {gr}×{gc}, the transpose of {param}'s shape {rows}×{cols}: "
                    + (bias ? "biases are columns." : "a weight Jacobian is J·aᵀ; the product the other way round (a·Jᵀ) gives its transpose."));
            return new("shape", $"{name} is {gr}×{gc}, but {param} is {rows}×{cols}: every Jacobian has the shape of its parameter.");
        }
        var a = LabMath.Flat(got);
        var b = LabMath.Flat(expected);
        if (a.Any(double.IsNaN)) return new("nan", $"{name} has NaN entries: look for 0/0 or ∞ − ∞ (the data has no NaN).");
        double error = LabMath.RelativeError(a, b);
        if (error <= Tolerance) return null;
        if (LabMath.Multiple(a, b) is { } multiple)
        {
            if (LabMath.Near(multiple, -1))
                return new("sign", $"sign error in {name}: the cost's derivative is ∂C/∂a3 = 2(a3 − y)/n, not 2(y − a3)/n.");
            if (LabMath.Near(multiple, n))
                return new("no-division", $"{name} is n = {n} times too large: you did not divide by the number of samples (C = ‖a3 − y‖²/n).");
            if (LabMath.Near(multiple, 1.0 / n))
                return new("divided-twice", $"{name} is n = {n} times too small: you divided by the number of samples twice.");
            if (LabMath.Near(multiple, 0.5))
                return new("factor-2", $"{name} is half the right value: the derivative of the square gives the factor 2 in 2(a3 − y)/n.");
            if (LabMath.Near(multiple, 2))
                return new("doubled", $"{name} is twice the right value: the factor 2 appears once, in 2(a3 − y)/n.");
        }
        int deepest = name switch { "J_W3" or "J_b3" => 3, "J_W2" or "J_b2" => 2, _ => 1 };
        Func<double, double> One = _ => 1;
        bool Is(Func<int, Func<double, double>> factor) => LabMath.Close(a, LabMath.Flat(Variant(name, p, x, y, factor)), 1e-6);
        for (int layer = 3; layer >= deepest; layer--)
        {
            if (Is(l => l == layer ? One : CourseNetwork.SigmaPrime))
                return new($"missing-sigma-prime-{layer}", $"{name} is missing the factor σ'(z{layer}): the link a{layer} = σ(z{layer}) of the chain contributes σ'(z{layer}), entry by entry.");
            if (Is(l => l == layer ? CourseNetwork.Sigma : CourseNetwork.SigmaPrime))
                return new("sigma-for-prime", $"{name} multiplies by σ(z{layer}) where the chain rule needs σ'(z{layer}) = cosh(z{layer}/2)⁻²/4.");
        }
        if (deepest < 3 && Is(_ => One))
            return new("missing-sigma-prime", $"{name} has none of the σ' factors: every layer aⁱ = σ(zⁱ) contributes σ'(zⁱ) to the chain.");
        if (Is(_ => CourseNetwork.Sigma))
            return new("sigma-for-prime", $"{name} multiplies by σ(z) where the chain rule needs σ'(z) = cosh(z/2)⁻²/4.");
        if (name == "J_b1" && LabMath.Close(a, LabMath.Flat(Variant("J_W1", p, x, y, _ => CourseNetwork.SigmaPrime)), 1e-6))
            return new("bias-like-weight", $"{name} was computed like J_W1, with the factor a0ᵀ: ∂z1/∂b1 = 1, so a bias Jacobian only sums J over the samples.");
        return new("values", $"{name} differs from the reference by a relative {LabMath.Format(error)} on a random network with {n} samples: compare each link of your chain with J_W3 and J_W2.");
    }

    /// <summary>The chain rule with a chosen factor in place of each layer's σ'(z) (1 or σ for the mistakes to recognise).</summary>
    private static double[,] Variant(string name, double[][,] p, double[,] x, double[,] y, Func<int, Func<double, double>> factor)
    {
        double n = x.GetLength(1);
        var z1 = AddColumn(MatMul(p[0], x), p[1]);
        var a1 = Map(z1, CourseNetwork.Sigma);
        var z2 = AddColumn(MatMul(p[2], a1), p[3]);
        var a2 = Map(z2, CourseNetwork.Sigma);
        var z3 = AddColumn(MatMul(p[4], a2), p[5]);
        var a3 = Map(z3, CourseNetwork.Sigma);
        var d = Zip(a3, y, (u, v) => 2 * (u - v) / n);
        var j = Zip(d, Map(z3, factor(3)), (u, v) => u * v);
        if (name == "J_b3") return RowSums(j);
        if (name == "J_W3") return MatMul(j, Transpose(a2));
        j = Zip(MatMul(Transpose(p[4]), j), Map(z2, factor(2)), (u, v) => u * v);
        if (name == "J_b2") return RowSums(j);
        if (name == "J_W2") return MatMul(j, Transpose(a1));
        j = Zip(MatMul(Transpose(p[2]), j), Map(z1, factor(1)), (u, v) => u * v);
        return name == "J_b1" ? RowSums(j) : MatMul(j, Transpose(x));
    }

    private static CheckResult Train(AssignmentCheck check, Binding binding)
    {
        var (x, y) = (LabMath.FromTensor(HeartCurve.Inputs()), LabMath.FromTensor(HeartCurve.Targets()));
        var start = CourseNetwork.Create(TrainingSeed);
        var p = start.Parameters.Select(LabMath.FromTensor).ToArray();
        var noise = new Random(TrainingSeed);
        const int every = TrainingSteps / 100;
        var steps = new List<double> { 0 };
        var costs = new List<double> { start.Cost(HeartCurve.Inputs(), HeartCurve.Targets()) };
        string? stopped = null;
        for (int step = 1; step <= TrainingSteps && stopped is null; step++)
        {
            double[][,] jacobians;
            string current = "";
            try
            {
                var net = binding.Network(p);
                jacobians = new double[6][,];
                for (int k = 0; k < 6; k++)
                {
                    current = Names[k];
                    jacobians[k] = binding.Call(Names[k], net, x, y);
                    if (jacobians[k].GetLength(0) != Shapes[k].Rows || jacobians[k].GetLength(1) != Shapes[k].Cols)
                        throw new InvalidOperationException($"it is {LabMath.Shape(jacobians[k])}, not {Shapes[k].Rows}×{Shapes[k].Cols}");
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var thrown = LabMath.Thrown(current, ex);
                return CheckResult.Failed(check, $"training stopped at step {step}",
                    new(thrown.Id == "not-written" ? "not-written" : "training-threw", $"training needs all six Jacobians; at step {step}, {thrown.Message}"));
            }
            for (int k = 0; k < 6; k++)
                for (int i = 0; i < p[k].GetLength(0); i++)
                    for (int jj = 0; jj < p[k].GetLength(1); jj++)
                        p[k][i, jj] -= TrainingAggression * jacobians[k][i, jj] * (1 + TrainingNoise * Gaussian(noise));
            if (step % every == 0 || step == TrainingSteps)
            {
                double cost = Engine(p).Cost(HeartCurve.Inputs(), HeartCurve.Targets());
                steps.Add(step);
                costs.Add(cost);
                if (!double.IsFinite(cost)) stopped = $"the cost became {cost} at step {step}";
            }
        }
        double final = costs[^1];
        // The noisy descent has spikes; a correct solution's rounding differs from the engine's and its chaotic path
        // may end on one, so the verdict is the median of the last five records (the last 160 steps).
        double settled = costs.Skip(Math.Max(0, costs.Count - 5)).Order().ElementAt(Math.Min(costs.Count, 5) / 2);
        var plots = Plots(Engine(p), steps, costs, final);
        if (stopped is not null)
            return new CheckResult(check.Id, check.Title, 0, check.Points, false, stopped,
                [new("training-diverged", $"training diverged: {stopped}. A Jacobian with the wrong sign or scale pushes the weights uphill.")], plots);
        bool passed = settled < TrainingThreshold;
        string summary = $"cost {LabMath.Format(costs[0])} → {LabMath.Format(final)} after {TrainingSteps:N0} steps (median of the last 5 records {LabMath.Format(settled)}, needs < {TrainingThreshold})";
        return passed
            ? new CheckResult(check.Id, check.Title, check.Points, check.Points, true, summary, [], plots)
            : new CheckResult(check.Id, check.Title, 0, check.Points, false, summary,
                [new("training-cost", $"the network did not learn the heart: the cost settled at {LabMath.Format(settled)}, above {TrainingThreshold}. "
                    + "With correct Jacobians the cost falls below that; check the functions the other checks flag.")], plots);
    }

    private static IReadOnlyList<LabPlot> Plots(CourseNetwork trained, List<double> steps, List<double> costs, double final)
    {
        var targets = HeartCurve.Targets().ToArray();
        int n = HeartCurve.SampleCount;
        var curve = trained.SampleCurve(201);
        var heart = new LabPlot("heart", $"The learned curve over the target heart (cost {LabMath.Format(final)})", "a3₀ (horizontal)", "a3₁ (vertical)",
        [
            new("target heart (100 samples)", LabSeriesKind.Points, targets[..n], targets[n..]),
            new("your network's curve, x from 0 to 1", LabSeriesKind.Line, curve.Y0, curve.Y1),
        ]);
        var finite = Enumerable.Range(0, costs.Count).Where(i => double.IsFinite(costs[i]) && costs[i] > 0).ToArray();
        var cost = new LabPlot("cost", "The cost during training", "step", "cost C = ‖a3 − y‖²/n",
            [new("cost", LabSeriesKind.Line, finite.Select(i => steps[i]).ToArray(), finite.Select(i => costs[i]).ToArray())], LogY: true);
        return [heart, cost];
    }

    private static CourseNetwork Engine(double[][,] p) =>
        new(LabMath.ToTensor(p[0]), LabMath.ToTensor(p[1]), LabMath.ToTensor(p[2]), LabMath.ToTensor(p[3]), LabMath.ToTensor(p[4]), LabMath.ToTensor(p[5]));

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static double[,] Normal(Random rng, int rows, int cols, double scale)
    {
        var a = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) a[i, j] = scale * Gaussian(rng);
        return a;
    }

    private static double[,] Uniform(Random rng, int rows, int cols)
    {
        var a = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) a[i, j] = rng.NextDouble();
        return a;
    }

    private static double[,] Copy(double[,] a) => (double[,])a.Clone();

    private static double[,] MatMul(double[,] a, double[,] b) =>
        LabMath.FromTensor(Tensor<double>.MatMul(LabMath.ToTensor(a), LabMath.ToTensor(b)));

    private static double[,] Transpose(double[,] a) => LabMath.FromTensor(LabMath.ToTensor(a).Transpose());

    private static double[,] AddColumn(double[,] a, double[,] b) => Zip(a, b, (u, v) => u + v, broadcast: true);

    private static double[,] Map(double[,] a, Func<double, double> f)
    {
        var c = new double[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) c[i, j] = f(a[i, j]);
        return c;
    }

    private static double[,] Zip(double[,] a, double[,] b, Func<double, double, double> f, bool broadcast = false)
    {
        var c = new double[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) c[i, j] = f(a[i, j], b[i, broadcast ? 0 : j]);
        return c;
    }

    private static double[,] RowSums(double[,] a)
    {
        var s = new double[a.GetLength(0), 1];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) s[i, 0] += a[i, j];
        return s;
    }
}

/// <summary>The learner's file no longer has a declaration the grader calls.</summary>
internal sealed class LabBindingException(string message) : Exception(message);
