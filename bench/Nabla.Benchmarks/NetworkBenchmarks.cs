using Nabla.AutoDiff;
using Nabla.Numerics;

namespace Nabla.Benchmarks;

/// <summary>
/// The course network 1 → 6 → 7 → 2 (sigmoid on every layer, 100 samples, cost ‖a³ − y‖²/n): one forward pass on a
/// reverse-mode tape, one backward sweep, one SGD update. Same closed-form weights and data as
/// bench/peers/numpy_network.py, so the check values agree.
/// </summary>
public static class NetworkBenchmarks
{
    private static readonly int[] Sizes = [1, 6, 7, 2];
    private const int N = 100;
    private const double Rate = 0.5;

    /// <summary>The timed step: the loss is compiled once (<see cref="ReverseMode.Compile"/>, outside the timing), and
    /// each call replays forward + backward into preallocated buffers and updates the weights in place. Every call
    /// first restores the fixed weights, so all calls time the same step; the first returns the cost after that step
    /// (the check the peer prints).</summary>
    public static Func<double> NetworkStep()
    {
        var (ws, bs, x, y) = Initial();
        Tensor<double>[] parameters = [.. ws, .. bs];
        var initial = parameters.Select(p => p.ToArray()).ToArray();
        var grads = parameters.Select(p => Tensor<double>.Zeros(p.Shape)).ToArray();
        var step = ReverseMode.Compile(v => Loss(v, x, y), parameters.Select(p => p.Shape).ToArray());
        bool first = true;
        return () =>
        {
            for (int i = 0; i < parameters.Length; i++) initial[i].CopyTo(parameters[i].AsSpan());
            step.Run(parameters, grads);
            for (int i = 0; i < parameters.Length; i++)
            {
                var p = parameters[i].AsSpan();
                var g = grads[i].AsSpan();
                for (int j = 0; j < p.Length; j++) p[j] -= Rate * g[j];
            }
            if (!first) return 0;
            first = false;
            return Cost(ws, bs, x, y);
        };
    }

    /// <summary>
    /// The same step on the course network's explicit chain-rule kernel (issue 7's <c>CourseNetwork</c> training loop:
    /// the Jacobians J_W3 = (2(a³ − y) ⊙ σ'(z³))·a²ᵀ/n … written out, fused and vectorised): one sweep over the samples
    /// computes the forward pass and every Jacobian, then θ ← θ − 0.5·J — the NumPy step's work, no more. Each call
    /// first restores the fixed weights, so all calls time the same step; the first call also returns the cost after
    /// that step (the check the peer prints), by one forward pass outside the step.
    /// </summary>
    public static Func<double> NetworkStepExplicit()
    {
        var (ws, bs, x, y) = Initial();
        var net = new Nabla.NeuralNetworks.CourseNetwork(ws[0], bs[0], ws[1], bs[1], ws[2], bs[2]);
        var kernel = new Nabla.NeuralNetworks.CourseNetworkKernel(x.AsSpan(), y.AsSpan(), seed: 1);
        kernel.LoadParameters(net);
        var initial = kernel.Parameters.ToArray();
        bool first = true;
        return () =>
        {
            initial.CopyTo(kernel.Parameters);
            kernel.Step(Rate);
            if (!first) return 0;
            first = false;
            return kernel.Evaluate();
        };
    }

    /// <summary>The cost ‖a³ − y‖²/n as a function of (W¹, W², W³, b¹, b², b³), recorded once by the compiler.</summary>
    private static Variable Loss(Variable[] p, Tensor<double> x, Tensor<double> y)
    {
        var a = Variable.Constant(x);
        for (int l = 0; l < 3; l++) a = (Variable.MatMul(p[l], a) + p[3 + l]).Sigmoid();
        return (a - Variable.Constant(y)).Square().Sum() * (1.0 / N);
    }

    private static (Tensor<double>[] Ws, Tensor<double>[] Bs, Tensor<double> X, Tensor<double> Y) Initial()
    {
        var ws = new Tensor<double>[3];
        var bs = new Tensor<double>[3];
        for (int layer = 1; layer <= 3; layer++)
        {
            int rows = Sizes[layer], cols = Sizes[layer - 1];
            var w = Tensor<double>.Zeros(rows, cols);
            var b = Tensor<double>.Zeros(rows, 1);
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++) w[i, j] = 0.5 * Math.Sin(1.3 * (i + 1) + 0.7 * (j + 1) + layer);
                b[i, 0] = 0.1 * Math.Cos(i + layer);
            }
            ws[layer - 1] = w;
            bs[layer - 1] = b;
        }
        var x = Tensor<double>.Zeros(1, N);
        var y = Tensor<double>.Zeros(2, N);
        for (int k = 0; k < N; k++)
        {
            double t = k / (double)(N - 1);
            x[0, k] = t;
            y[0, k] = 0.5 + 0.4 * Math.Sin(2 * Math.PI * t);
            y[1, k] = 0.5 + 0.4 * Math.Cos(2 * Math.PI * t);
        }
        return (ws, bs, x, y);
    }

    private static double Cost(Tensor<double>[] ws, Tensor<double>[] bs, Tensor<double> x, Tensor<double> y)
    {
        var a = x;
        for (int l = 0; l < 3; l++) a = (Tensor<double>.MatMul(ws[l], a) + bs[l]).Sigmoid();
        return (a - y).Square().Sum() / N;
    }
}
