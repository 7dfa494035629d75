// Reference solution of the backpropagation assignment (kept out of the learner's folder; `nabla lab check` grades it
// to 100%).
// Backpropagation: teach a 1 → 6 → 7 → 2 network to draw a heart.
//
// Run it:    dotnet run backprop.cs          (compares your Jacobians with finite differences of the cost)
// Check it:  nabla lab check backprop        (grades each function and trains the network with your Jacobians)
//
// Write the four functions marked "write me" in the Backprop class: J_b3, J_b2, J_W1 and J_b1.
// J_W3 and J_W2 are written for you as worked examples. Everything else is here to help; change it at your own risk.
using System;

var (x, y) = HeartCurve.Data();
var net = Network.Random(new Random(1));
Console.WriteLine($"Cost of a random network on the heart: {Backprop.Cost(net, x, y):G6}");
Console.WriteLine("Each Jacobian against central differences of the cost (h = 1e-6):");
SelfCheck.Compare("J_W3", Backprop.J_W3, net, x, y, (n, w) => n with { W3 = w }, net.W3);
SelfCheck.Compare("J_b3", Backprop.J_b3, net, x, y, (n, b) => n with { b3 = b }, net.b3);
SelfCheck.Compare("J_W2", Backprop.J_W2, net, x, y, (n, w) => n with { W2 = w }, net.W2);
SelfCheck.Compare("J_b2", Backprop.J_b2, net, x, y, (n, b) => n with { b2 = b }, net.b2);
SelfCheck.Compare("J_W1", Backprop.J_W1, net, x, y, (n, w) => n with { W1 = w }, net.W1);
SelfCheck.Compare("J_b1", Backprop.J_b1, net, x, y, (n, b) => n with { b1 = b }, net.b1);

/// <summary>The network's weights and biases. Samples are columns: W1 is 6×1, W2 7×6, W3 2×7; biases are columns
/// (b1 6×1, b2 7×1, b3 2×1).</summary>
public sealed record Network(double[,] W1, double[,] b1, double[,] W2, double[,] b2, double[,] W3, double[,] b3)
{
    /// <summary>Every weight and bias drawn from N(0, ½²), as the course's reset_network.</summary>
    public static Network Random(Random rng) =>
        new(M.Normal(rng, 6, 1), M.Normal(rng, 6, 1), M.Normal(rng, 7, 6), M.Normal(rng, 7, 1), M.Normal(rng, 2, 7), M.Normal(rng, 2, 1));
}

/// <summary>One forward pass: the activations a0 … a3 and weighted sums z1 … z3, one column per sample.</summary>
public sealed record Pass(double[,] a0, double[,] z1, double[,] a1, double[,] z2, double[,] a2, double[,] z3, double[,] a3);

public static class Backprop
{
    /// <summary>The logistic function σ(z) = 1/(1 + e⁻ᶻ).</summary>
    public static double Sigma(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>Its derivative σ'(z) = cosh(z/2)⁻²/4.</summary>
    public static double SigmaPrime(double z)
    {
        double c = Math.Cosh(z / 2);
        return 1 / (4 * c * c);
    }

    /// <summary>The forward pass: zⁱ = Wⁱ·aⁱ⁻¹ + bⁱ and aⁱ = σ(zⁱ) for the three layers; x is 1×n.</summary>
    public static Pass Forward(Network net, double[,] x)
    {
        var z1 = M.AddColumn(M.MatMul(net.W1, x), net.b1);
        var a1 = M.Map(z1, Sigma);
        var z2 = M.AddColumn(M.MatMul(net.W2, a1), net.b2);
        var a2 = M.Map(z2, Sigma);
        var z3 = M.AddColumn(M.MatMul(net.W3, a2), net.b3);
        var a3 = M.Map(z3, Sigma);
        return new Pass(x, z1, a1, z2, a2, z3, a3);
    }

    /// <summary>The cost C = ‖a3 − y‖²/n over the n samples (columns) of x and y.</summary>
    public static double Cost(Network net, double[,] x, double[,] y)
    {
        var d = M.Subtract(Forward(net, x).a3, y);
        double sum = 0;
        foreach (var v in d) sum += v * v;
        return sum / x.GetLength(1);
    }

    /// <summary>∂C/∂W3 (2×7), a worked example. C = Σ(a3 − y)²/n, so ∂C/∂a3 = 2(a3 − y)/n; a3 = σ(z3), so
    /// ∂a3/∂z3 = σ'(z3); z3 = W3·a2 + b3, so ∂z3/∂W3 = a2, summed over the samples by the product with a2ᵀ.</summary>
    public static double[,] J_W3(Network net, double[,] x, double[,] y)
    {
        var f = Forward(net, x);
        double n = x.GetLength(1);
        var J = M.Hadamard(M.Scale(2 / n, M.Subtract(f.a3, y)), M.Map(f.z3, SigmaPrime)); // ∂C/∂z3, 2×n
        return M.MatMul(J, M.Transpose(f.a2));
    }

    /// <summary>∂C/∂b3, shaped like b3 (2×1).</summary>
    public static double[,] J_b3(Network net, double[,] x, double[,] y)
    {
        var f = Forward(net, x);
        double n = x.GetLength(1);
        var J = M.Hadamard(M.Scale(2 / n, M.Subtract(f.a3, y)), M.Map(f.z3, SigmaPrime)); // ∂C/∂z3, 2×n
        return M.Sum(J, axis: 1);                                                           // ∂z3/∂b3 = 1: sum over the samples
    }

    /// <summary>∂C/∂W2 (7×6), a worked example: one link further back along the chain, ∂z3/∂a2 = W3 and
    /// ∂a2/∂z2 = σ'(z2).</summary>
    public static double[,] J_W2(Network net, double[,] x, double[,] y)
    {
        var f = Forward(net, x);
        double n = x.GetLength(1);
        var J = M.Hadamard(M.Scale(2 / n, M.Subtract(f.a3, y)), M.Map(f.z3, SigmaPrime)); // ∂C/∂z3, 2×n
        J = M.Hadamard(M.MatMul(M.Transpose(net.W3), J), M.Map(f.z2, SigmaPrime));       // ∂C/∂z2, 7×n
        return M.MatMul(J, M.Transpose(f.a1));
    }

    /// <summary>∂C/∂b2, shaped like b2 (7×1).</summary>
    public static double[,] J_b2(Network net, double[,] x, double[,] y)
    {
        var f = Forward(net, x);
        double n = x.GetLength(1);
        var J = M.Hadamard(M.Scale(2 / n, M.Subtract(f.a3, y)), M.Map(f.z3, SigmaPrime)); // ∂C/∂z3
        J = M.Hadamard(M.MatMul(M.Transpose(net.W3), J), M.Map(f.z2, SigmaPrime));       // ∂C/∂z2
        return M.Sum(J, axis: 1);
    }

    /// <summary>∂C/∂W1, shaped like W1 (6×1).</summary>
    public static double[,] J_W1(Network net, double[,] x, double[,] y)
    {
        var f = Forward(net, x);
        double n = x.GetLength(1);
        var J = M.Hadamard(M.Scale(2 / n, M.Subtract(f.a3, y)), M.Map(f.z3, SigmaPrime)); // ∂C/∂z3
        J = M.Hadamard(M.MatMul(M.Transpose(net.W3), J), M.Map(f.z2, SigmaPrime));       // ∂C/∂z2
        J = M.Hadamard(M.MatMul(M.Transpose(net.W2), J), M.Map(f.z1, SigmaPrime));       // ∂C/∂z1
        return M.MatMul(J, M.Transpose(f.a0));
    }

    /// <summary>∂C/∂b1, shaped like b1 (6×1).</summary>
    public static double[,] J_b1(Network net, double[,] x, double[,] y)
    {
        var f = Forward(net, x);
        double n = x.GetLength(1);
        var J = M.Hadamard(M.Scale(2 / n, M.Subtract(f.a3, y)), M.Map(f.z3, SigmaPrime)); // ∂C/∂z3
        J = M.Hadamard(M.MatMul(M.Transpose(net.W3), J), M.Map(f.z2, SigmaPrime));       // ∂C/∂z2
        J = M.Hadamard(M.MatMul(M.Transpose(net.W2), J), M.Map(f.z1, SigmaPrime));       // ∂C/∂z1
        return M.Sum(J, axis: 1);
    }
}

/// <summary>Small matrix helpers on double[rows, columns].</summary>
public static class M
{
    /// <summary>The matrix product A·B.</summary>
    public static double[,] MatMul(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), k = a.GetLength(1), m = b.GetLength(1);
        if (b.GetLength(0) != k) throw new ArgumentException($"MatMul: a {n}×{k} matrix times a {b.GetLength(0)}×{m} matrix does not fit");
        var c = new double[n, m];
        for (int i = 0; i < n; i++)
            for (int p = 0; p < k; p++)
            {
                double aip = a[i, p];
                for (int j = 0; j < m; j++) c[i, j] += aip * b[p, j];
            }
        return c;
    }

    /// <summary>The transpose Aᵀ.</summary>
    public static double[,] Transpose(double[,] a)
    {
        var t = new double[a.GetLength(1), a.GetLength(0)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) t[j, i] = a[i, j];
        return t;
    }

    /// <summary>A + b with the column b added to every column of A.</summary>
    public static double[,] AddColumn(double[,] a, double[,] b)
    {
        if (b.GetLength(0) != a.GetLength(0) || b.GetLength(1) != 1)
            throw new ArgumentException($"AddColumn: b must be a {a.GetLength(0)}×1 column, got {b.GetLength(0)}×{b.GetLength(1)}");
        var c = new double[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) c[i, j] = a[i, j] + b[i, 0];
        return c;
    }

    /// <summary>A − B, entry by entry.</summary>
    public static double[,] Subtract(double[,] a, double[,] b) => Zip(a, b, (p, q) => p - q, "Subtract");

    /// <summary>A ⊙ B, the entry-by-entry (Hadamard) product.</summary>
    public static double[,] Hadamard(double[,] a, double[,] b) => Zip(a, b, (p, q) => p * q, "Hadamard");

    /// <summary>s·A.</summary>
    public static double[,] Scale(double s, double[,] a) => Map(a, v => s * v);

    /// <summary>f applied to every entry.</summary>
    public static double[,] Map(double[,] a, Func<double, double> f)
    {
        var c = new double[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) c[i, j] = f(a[i, j]);
        return c;
    }

    /// <summary>Sums along an axis, keeping two dimensions (NumPy's sum(axis, keepdims=True)): axis 0 adds the rows
    /// together (1×columns), axis 1 adds the columns together (rows×1).</summary>
    public static double[,] Sum(double[,] a, int axis)
    {
        int rows = a.GetLength(0), cols = a.GetLength(1);
        var s = axis == 0 ? new double[1, cols] : axis == 1 ? new double[rows, 1] : throw new ArgumentException("Sum: axis must be 0 or 1");
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                if (axis == 0) s[0, j] += a[i, j];
                else s[i, 0] += a[i, j];
        return s;
    }

    /// <summary>A rows×cols matrix of N(0, ½²) draws.</summary>
    public static double[,] Normal(Random rng, int rows, int cols)
    {
        var c = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                c[i, j] = 0.5 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        return c;
    }

    private static double[,] Zip(double[,] a, double[,] b, Func<double, double, double> f, string name)
    {
        if (a.GetLength(0) != b.GetLength(0) || a.GetLength(1) != b.GetLength(1))
            throw new ArgumentException($"{name}: shapes {a.GetLength(0)}×{a.GetLength(1)} and {b.GetLength(0)}×{b.GetLength(1)} differ");
        var c = new double[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) c[i, j] = f(a[i, j], b[i, j]);
        return c;
    }
}

/// <summary>The training data: x = 0, 0.01, …, 0.99 (1×100) and the heart's two coordinates y (2×100).</summary>
public static class HeartCurve
{
    public static (double[,] x, double[,] y) Data()
    {
        var x = new double[1, 100];
        var y = new double[2, 100];
        for (int i = 0; i < 100; i++)
        {
            double t = i / 100.0, w = 2 * Math.PI * t;
            x[0, i] = t;
            y[0, i] = (16 * Math.Pow(Math.Sin(w), 3) / 20 + 1) / 2;
            y[1, i] = ((13 * Math.Cos(w) - 5 * Math.Cos(2 * w) - 2 * Math.Cos(3 * w) - Math.Cos(4 * w)) / 20 + 1) / 2;
        }
        return (x, y);
    }
}

/// <summary>Compares a Jacobian with central differences of the cost, entry by entry.</summary>
public static class SelfCheck
{
    public static void Compare(string name, Func<Network, double[,], double[,], double[,]> jacobian, Network net, double[,] x, double[,] y,
        Func<Network, double[,], Network> with, double[,] parameter)
    {
        double[,] mine;
        try
        {
            mine = jacobian(net, x, y);
        }
        catch (NotImplementedException)
        {
            Console.WriteLine($"  {name}: not written yet");
            return;
        }
        int rows = parameter.GetLength(0), cols = parameter.GetLength(1);
        if (mine.GetLength(0) != rows || mine.GetLength(1) != cols)
        {
            Console.WriteLine($"  {name}: is {mine.GetLength(0)}×{mine.GetLength(1)}, but its parameter is {rows}×{cols}");
            return;
        }
        double worst = 0, largest = 0;
        const double h = 1e-6;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                var up = (double[,])parameter.Clone();
                var down = (double[,])parameter.Clone();
                up[i, j] += h;
                down[i, j] -= h;
                double numeric = (Backprop.Cost(with(net, up), x, y) - Backprop.Cost(with(net, down), x, y)) / (2 * h);
                worst = Math.Max(worst, Math.Abs(mine[i, j] - numeric));
                largest = Math.Max(largest, Math.Abs(numeric));
            }
        string verdict = worst <= 1e-6 * Math.Max(largest, 1e-3) ? "agrees" : "DIFFERS";
        Console.WriteLine($"  {name}: {verdict} (largest difference {worst:G3}, largest entry {largest:G3})");
    }
}
