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

    /// <summary>The timed step. The first call returns the cost after one step from the fixed weights (the check the
    /// peer prints); every call restarts from the fixed weights, so later calls time the same step.</summary>
    public static Func<double> NetworkStep()
    {
        var (ws, bs, x, y) = Initial();
        bool first = true;
        return () =>
        {
            var (newWs, newBs) = Step(ws, bs, x, y);
            if (!first) return 0;
            first = false;
            return Cost(newWs, newBs, x, y);
        };
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

    private static (Tensor<double>[], Tensor<double>[]) Step(Tensor<double>[] ws, Tensor<double>[] bs, Tensor<double> x, Tensor<double> y)
    {
        var tape = new Tape();
        var w = ws.Select(tape.Variable).ToArray();
        var b = bs.Select(tape.Variable).ToArray();
        var a = tape.Constant(x);
        for (int l = 0; l < 3; l++) a = (Variable.MatMul(w[l], a) + b[l]).Sigmoid();
        var cost = (a - tape.Constant(y)).Square().Sum() * (1.0 / N);
        tape.Backward(cost);
        return (w.Select(v => v.Value - v.Grad! * Rate).ToArray(), b.Select(v => v.Value - v.Grad! * Rate).ToArray());
    }

    private static double Cost(Tensor<double>[] ws, Tensor<double>[] bs, Tensor<double> x, Tensor<double> y)
    {
        var a = x;
        for (int l = 0; l < 3; l++) a = (Tensor<double>.MatMul(ws[l], a) + bs[l]).Sigmoid();
        return (a - y).Square().Sum() / N;
    }
}
