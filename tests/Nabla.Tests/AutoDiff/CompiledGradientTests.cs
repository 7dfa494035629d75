using Nabla.AutoDiff;
using Nabla.Numerics;

namespace Nabla.Tests.AutoDiffTests;

public sealed class CompiledGradientTests
{
    private static readonly TensorShape[] NetworkShapes =
        [new(6, 1), new(7, 6), new(2, 7), new(6, 1), new(7, 1), new(2, 1)];

    private static Tensor<double> Random(TensorShape shape, Random rng, double low = -1, double high = 1)
    {
        var data = new double[shape.Length];
        for (int i = 0; i < data.Length; i++) data[i] = low + (high - low) * rng.NextDouble();
        return Tensor<double>.FromArray(data, shape.ToArray());
    }

    private static (Tensor<double> X, Tensor<double> Y) NetworkData(Random rng) =>
        (Random(new TensorShape(1, 100), rng, 0, 1), Random(new TensorShape(2, 100), rng, 0, 1));

    private static Variable Network(Variable[] p, Tensor<double> x, Tensor<double> y)
    {
        var a = Variable.Constant(x);
        for (int l = 0; l < 3; l++) a = (Variable.MatMul(p[l], a) + p[3 + l]).Sigmoid();
        return (a - Variable.Constant(y)).Square().Sum() * (1.0 / 100);
    }

    /// <summary>The tape's value and gradients of f at the inputs (the reference the compiled replay must equal).</summary>
    private static (double Value, Tensor<double>[] Grads) OnTape(Func<Variable[], Variable> f, Tensor<double>[] inputs)
    {
        var tape = new Tape();
        var vars = inputs.Select(tape.Variable).ToArray();
        var output = f(vars);
        var grads = tape.Gradients(output, vars);
        return (output.Value.ToScalar(), grads.Select(g => g.Value.Contiguous()).ToArray());
    }

    private static void AssertClose(double expected, double actual, double rtol = 1e-12)
    {
        double scale = Math.Max(1e-300, Math.Max(Math.Abs(expected), Math.Abs(actual)));
        Assert.True(Math.Abs(expected - actual) <= rtol * scale + 1e-300 || (double.IsNaN(expected) && double.IsNaN(actual)),
            $"expected {expected:R}, got {actual:R}");
    }

    private static void AssertMatchesTape(Func<Variable[], Variable> f, Tensor<double>[] inputs, CompiledGradient compiled)
    {
        var (value, expected) = OnTape(f, inputs);
        var grads = inputs.Select(t => Tensor<double>.Zeros(t.Shape)).ToArray();
        double got = compiled.Run(inputs, grads);
        AssertClose(value, got);
        for (int i = 0; i < inputs.Length; i++)
        {
            var e = expected[i].ToArray();
            var g = grads[i].ToArray();
            // Gradients that are sums of many terms can cancel: compare relative to the input's largest entry.
            double scale = e.Select(Math.Abs).DefaultIfEmpty(0).Max();
            for (int j = 0; j < e.Length; j++)
                Assert.True(Math.Abs(e[j] - g[j]) <= 1e-12 * Math.Max(scale, 1e-300) || e[j] == g[j],
                    $"input {i} element {j}: tape {e[j]:R}, compiled {g[j]:R}");
        }
    }

    [Fact]
    public void TheCourseNetworkGradientEqualsTheTapeAtSeveralWeights()
    {
        var rng = new Random(7);
        var (x, y) = NetworkData(rng);
        Func<Variable[], Variable> f = p => Network(p, x, y);
        var compiled = ReverseMode.Compile(f, NetworkShapes);
        // One compiled graph, replayed at fresh weights: the buffers must not leak state between runs.
        for (int trial = 0; trial < 5; trial++)
            AssertMatchesTape(f, NetworkShapes.Select(s => Random(s, rng)).ToArray(), compiled);
    }

    [Fact]
    public void TheCourseNetworkGradientMatchesCentralDifferences()
    {
        var rng = new Random(3);
        var (x, y) = NetworkData(rng);
        var compiled = ReverseMode.Compile(p => Network(p, x, y), NetworkShapes);
        var inputs = NetworkShapes.Select(s => Random(s, rng)).ToArray();
        var grads = inputs.Select(t => Tensor<double>.Zeros(t.Shape)).ToArray();
        compiled.Run(inputs, grads);

        // Independent oracle: the cost in plain tensor arithmetic, differenced one weight at a time.
        double Cost(Tensor<double>[] p)
        {
            var a = x;
            for (int l = 0; l < 3; l++) a = (Tensor<double>.MatMul(p[l], a) + p[3 + l]).Sigmoid();
            return (a - y).Square().Sum() / 100;
        }
        const double h = 1e-5;
        for (int i = 0; i < inputs.Length; i++)
            for (int j = 0; j < inputs[i].Length; j++)
            {
                var span = inputs[i].AsSpan();
                double saved = span[j];
                span[j] = saved + h;
                double up = Cost(inputs);
                span[j] = saved - h;
                double down = Cost(inputs);
                span[j] = saved;
                Assert.Equal((up - down) / (2 * h), grads[i].AsSpan()[j], 8);
            }
    }

    [Fact]
    public void RunAllocatesNothingOnceWarm()
    {
        var rng = new Random(11);
        var (x, y) = NetworkData(rng);
        var compiled = ReverseMode.Compile(p => Network(p, x, y), NetworkShapes);
        var inputs = NetworkShapes.Select(s => Random(s, rng)).ToArray();
        var grads = inputs.Select(t => Tensor<double>.Zeros(t.Shape)).ToArray();
        compiled.Run(inputs, grads);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) compiled.Run(inputs, grads);
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(0, after - before);
    }

    [Fact]
    public void EveryKernelMatchesTheTapeWithBroadcasting()
    {
        var rng = new Random(5);
        TensorShape[] shapes = [new(3, 4), new(3, 1), new(1, 4), new(4, 2), default];
        Func<Variable[], Variable>[] functions =
        [
            v => (v[0] + v[1]).Tanh().Sum() + (v[0] - v[2]).Exp().Mean(),
            v => (v[1] * v[0] / (v[2].Square() + 1.0)).Sum(),
            v => ((v[0] * v[4]).Relu() - v[4]).Square().Mean() * 3.0,
            v => Variable.MatMul(v[0].Sigmoid(), v[3]).Square().Sum() + (-(v[2] - 0.5)).Sum(),
            v => ((v[0] - v[0]) + v[1].Square() + 2.0).Log().Sum() + (v[4] / v[1]).Sum(),
            v => Variable.Mse(Variable.MatMul(v[0], v[3]).Tanh(), Tensor<double>.Ones(3, 2)) + (v[0].Sign() * v[0]).Sum() + v[2].Step().Sum(),
            v => (v[1] - v[2]).Sum() * v[4].Sum(),
        ];
        foreach (var f in functions)
        {
            var compiled = ReverseMode.Compile(f, shapes);
            for (int trial = 0; trial < 3; trial++)
                AssertMatchesTape(f, shapes.Select(s => Random(s, rng)).ToArray(), compiled);
        }
    }

    [Fact]
    public void RandomSmallGraphsMatchTheTape()
    {
        TensorShape[] shapes = [new(2, 3), new(2, 1), new(1, 3), default];
        for (int seed = 0; seed < 200; seed++)
        {
            var f = RandomGraph(seed);
            var compiled = ReverseMode.Compile(f, shapes);
            var rng = new Random(1000 + seed);
            AssertMatchesTape(f, shapes.Select(s => Random(s, rng)).ToArray(), compiled);
        }
    }

    /// <summary>A random straight-line program of supported operations over the inputs and earlier results.</summary>
    private static Func<Variable[], Variable> RandomGraph(int seed) => inputs =>
    {
        var rng = new Random(seed);
        var pool = new List<Variable>(inputs);
        for (int step = 0; step < 8; step++)
        {
            var a = pool[rng.Next(pool.Count)];
            var b = pool[rng.Next(pool.Count)];
            Variable next;
            try
            {
                next = rng.Next(12) switch
                {
                    0 => a + b,
                    1 => a - b,
                    2 => a * b,
                    3 => a / (b.Square() + 1.0),
                    4 => a.Sigmoid(),
                    5 => a.Tanh(),
                    6 => a.Tanh().Exp(),
                    7 => (a.Square() + 0.5).Log(),
                    8 => a.Relu() + a * 0.1,
                    9 => -a * 1.5,
                    10 => a.Sum() + b,
                    _ => a.Mean() * b,
                };
            }
            catch (ArgumentException)
            {
                continue; // shapes that do not broadcast together, e.g. (2, 3) with (2, 1)ᵀ: skip this step
            }
            pool.Add(next);
        }
        var total = pool[^1].Sum();
        foreach (var v in pool.Skip(inputs.Length)) total += v.Mean() * 0.25;
        return total;
    };

    [Fact]
    public void LargeMatricesGoThroughGemmAndStillMatch()
    {
        var rng = new Random(9);
        TensorShape[] shapes = [new(40, 50), new(50, 45)];
        Func<Variable[], Variable> f = v => Variable.MatMul(v[0], v[1]).Tanh().Sum();
        var compiled = ReverseMode.Compile(f, shapes);
        var inputs = shapes.Select(s => Random(s, rng)).ToArray();
        var (value, expected) = OnTape(f, inputs);
        var grads = inputs.Select(t => Tensor<double>.Zeros(t.Shape)).ToArray();
        AssertClose(value, compiled.Run(inputs, grads), 1e-11);
        for (int i = 0; i < 2; i++) Assert.True(grads[i].AllClose(expected[i], 1e-10, 1e-12));
    }

    [Theory]
    [InlineData("sigmoid", false)]
    [InlineData("tanh", false)]
    [InlineData("relu", false)]
    [InlineData("sigmoid", true)]
    [InlineData("tanh", true)]
    public void DenseLayersAreFusedAndStillMatchTheTape(string activation, bool large)
    {
        // W·X + b through an activation compiles to one fused step per layer; the gradients must not change.
        var rng = new Random(activation.Length * 7 + (large ? 1 : 0));
        int m = large ? 40 : 5, k = large ? 30 : 3, n = large ? 50 : 11;
        TensorShape[] shapes = [new(m, k), new(m, 1), new(k, n)];
        Variable Act(Variable z) => activation switch { "sigmoid" => z.Sigmoid(), "tanh" => z.Tanh(), _ => z.Relu() };
        Func<Variable[], Variable> f = v => (Act(Variable.MatMul(v[0], v[2]) + v[1]) * Variable.Constant(Random(new TensorShape(m, n), new Random(3)))).Sum();
        var compiled = ReverseMode.Compile(f, shapes);
        Assert.Equal(3, compiled.OperationCount);   // affine, multiply, sum
        for (int trial = 0; trial < 3; trial++)
            AssertMatchesTape(f, shapes.Select(s => Random(s, rng, -2, 2)).ToArray(), compiled);
    }

    [Fact]
    public void StackedDenseLayersOfRandomShapesMatchTheTape()
    {
        // Two layers, so ∂/∂X of the second flows into the first: random widths and sample counts, many of them not a
        // multiple of the vector width (8 or 4) or shorter than one vector, through every fused activation.
        var rng = new Random(21);
        string[] activations = ["sigmoid", "tanh", "relu"];
        for (int trial = 0; trial < 60; trial++)
        {
            int n = trial < 12 ? trial + 1 : rng.Next(1, 140), k = rng.Next(1, 10), h = rng.Next(1, 9), m = rng.Next(1, 6);
            string act = activations[trial % 3];
            Variable Act(Variable z) => act switch { "sigmoid" => z.Sigmoid(), "tanh" => z.Tanh(), _ => z.Relu() };
            var target = Random(new TensorShape(m, n), rng);
            TensorShape[] shapes = [new(h, k), new(h, 1), new(m, h), new(m, 1), new(k, n)];
            Func<Variable[], Variable> f = v =>
            {
                var hidden = Act(Variable.MatMul(v[0], v[4]) + v[1]);
                return (Act(Variable.MatMul(v[2], hidden) + v[3]) - Variable.Constant(target)).Square().Sum() * (1.0 / n);
            };
            var compiled = ReverseMode.Compile(f, shapes);
            Assert.Equal(2 + 2, compiled.OperationCount);   // two fused layers; the squared distance, scale
            AssertMatchesTape(f, shapes.Select(s => Random(s, rng, -2, 2)).ToArray(), compiled);
        }
    }

    [Fact]
    public void SquaredSumsAreFusedAndMatchTheTapeOnRandomLengths()
    {
        // Sum((a − b)²) with both operands inputs (both gradients), Mse against a constant, Sum(a²), and a broadcast
        // difference (not fused): lengths from 1 to well past a few vector widths.
        var rng = new Random(23);
        for (int trial = 0; trial < 40; trial++)
        {
            int rows = rng.Next(1, 4), n = trial < 20 ? trial + 1 : rng.Next(1, 90);
            var target = Random(new TensorShape(rows, n), rng);
            TensorShape[] shapes = [new(rows, n), new(rows, n), new(rows, 1)];
            (Func<Variable[], Variable> F, int Ops)[] cases =
            [
                (v => (v[0] - v[1]).Square().Sum(), 1),
                (v => Variable.Mse(v[0].Tanh(), target), 3),    // tanh, squared distance, scale
                // sum of squares, scale; subtract, sum of squares (one squared distance when n = 1: no broadcasting); add
                (v => v[1].Square().Sum() * 2.0 + (v[0] - v[2]).Square().Sum(), n == 1 ? 4 : 5),
            ];
            foreach (var (f, ops) in cases)
            {
                var compiled = ReverseMode.Compile(f, shapes);
                Assert.Equal(ops, compiled.OperationCount);
                AssertMatchesTape(f, shapes.Select(s => Random(s, rng, -2, 2)).ToArray(), compiled);
            }
        }
    }

    [Fact]
    public void ASquareReadElsewhereIsNotFusedIntoItsSum()
    {
        var rng = new Random(24);
        TensorShape[] shapes = [new(3, 5)];
        Func<Variable[], Variable> f = v =>
        {
            var square = (v[0] - 0.5).Square();
            return square.Sum() + (square * v[0]).Sum();
        };
        var compiled = ReverseMode.Compile(f, shapes);
        Assert.Equal(6, compiled.OperationCount);   // add-scalar, square, sum, multiply, sum, add
        AssertMatchesTape(f, shapes.Select(s => Random(s, rng)).ToArray(), compiled);
    }

    [Fact]
    public void TheCompiledSigmoidMatchesTheTapeOnEveryLengthAndEdgeValue()
    {
        // Whole vectors, four-vector blocks and the tail take different paths: lengths 1 … 80, with saturating
        // arguments (|z| ≥ 709), zeros and a NaN mixed in. The tape's σ is the reference.
        var rng = new Random(25);
        double[] edges = [0.0, -0.0, 40.0, -40.0, 710.0, -710.0, 1e300, -1e300, double.NaN];
        for (int n = 1; n <= 80; n++)
        {
            var data = new double[n];
            for (int i = 0; i < n; i++) data[i] = rng.Next(4) == 0 ? edges[rng.Next(edges.Length)] : 12 * rng.NextDouble() - 6;
            var input = Tensor<double>.FromArray(data, n);
            var weights = Random(new TensorShape(n), rng);
            Func<Variable[], Variable> f = v => (v[0].Sigmoid() * Variable.Constant(weights)).Sum();
            var compiled = ReverseMode.Compile(f, new TensorShape(n));
            var (value, expected) = OnTape(f, [input]);
            var grad = Tensor<double>.Zeros(n);
            AssertClose(value, compiled.Run([input], [grad]));
            var e = expected[0].ToArray();
            var g = grad.ToArray();
            // Relative to the largest entry, as elsewhere: below z ≈ −709 the vector sigmoid clamps its argument and
            // returns ~1e-308 where the tape's underflows to 0.
            double scale = e.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
            for (int i = 0; i < n; i++)
                Assert.True(e[i] == g[i] || Math.Abs(e[i] - g[i]) <= 1e-12 * Math.Max(scale, 1e-300) || double.IsNaN(e[i]) && double.IsNaN(g[i]),
                    $"n = {n}, element {i} (z = {data[i]:R}): tape {e[i]:R}, compiled {g[i]:R}");
        }
    }

    [Fact]
    public void UnfusedSmallProductsOfRandomShapesMatchTheTape()
    {
        // A product read twice is not fused: the plain matrix-product kernels, forward and backward, on odd shapes.
        var rng = new Random(22);
        for (int trial = 0; trial < 40; trial++)
        {
            int m = rng.Next(1, 7), k = rng.Next(1, 9), n = rng.Next(1, 70);
            TensorShape[] shapes = [new(m, k), new(k, n)];
            Func<Variable[], Variable> f = v =>
            {
                var product = Variable.MatMul(v[0], v[1]);
                return product.Tanh().Sum() + product.Square().Mean();
            };
            var compiled = ReverseMode.Compile(f, shapes);
            AssertMatchesTape(f, shapes.Select(s => Random(s, rng, -2, 2)).ToArray(), compiled);
        }
    }

    [Fact]
    public void TheCourseNetworkCompilesToThreeDenseLayersAndTheLoss()
    {
        var (x, y) = NetworkData(new Random(5));
        var compiled = ReverseMode.Compile(p => Network(p, x, y), NetworkShapes);
        Assert.Equal(3 + 2, compiled.OperationCount);   // three fused layers; the squared distance, scale
    }

    [Fact]
    public void ALayerWhoseProductIsReadElsewhereIsNotFused()
    {
        var rng = new Random(12);
        TensorShape[] shapes = [new(4, 3), new(4, 1), new(3, 6)];
        Func<Variable[], Variable> f = v =>
        {
            var product = Variable.MatMul(v[0], v[2]);
            return (product + v[1]).Sigmoid().Sum() + product.Square().Sum();
        };
        var compiled = ReverseMode.Compile(f, shapes);
        Assert.Equal(6, compiled.OperationCount);   // matmul, add, sigmoid, sum, sum of squares, add
        AssertMatchesTape(f, shapes.Select(s => Random(s, rng)).ToArray(), compiled);
    }

    [Fact]
    public void ABiasOnTheLeftAndAConstantBiasAreFusedToo()
    {
        var rng = new Random(13);
        var bias = Random(new TensorShape(4, 1), new Random(4));
        TensorShape[] shapes = [new(4, 3), new(3, 6)];
        Func<Variable[], Variable> f = v => (Variable.Constant(bias) + Variable.MatMul(v[0], v[1])).Tanh().Square().Sum();
        var compiled = ReverseMode.Compile(f, shapes);
        Assert.Equal(2, compiled.OperationCount);   // affine, sum of squares
        AssertMatchesTape(f, shapes.Select(s => Random(s, rng)).ToArray(), compiled);
    }

    [Fact]
    public void AnOperationWithoutAKernelIsNamed()
    {
        var ex = Assert.Throws<NotSupportedException>(() =>
            ReverseMode.Compile(v => v[0].Transpose().Sin().Sum(), new TensorShape(2, 3)));
        Assert.Contains("Sin", ex.Message);
        ex = Assert.Throws<NotSupportedException>(() => ReverseMode.Compile(v => v[0].Transpose().Sum(), new TensorShape(2, 3)));
        Assert.Contains("Transpose", ex.Message);
    }

    [Fact]
    public void ConstantsAreCapturedAndInputsAreChecked()
    {
        var data = Tensor<double>.FromArray([1.0, 2.0, 3.0]);
        var compiled = ReverseMode.Compile(v => (v[0] * Variable.Constant(data)).Sum(), new TensorShape(3));
        var x = Tensor<double>.FromArray([4.0, 5.0, 6.0]);
        var g = Tensor<double>.Zeros(3);
        Assert.Equal(32.0, compiled.Run([x], [g]));
        Assert.Equal([1.0, 2.0, 3.0], g.ToArray());
        Assert.Equal(32.0, compiled.Evaluate([x]));
        Assert.Throws<ArgumentException>(() => compiled.Run([Tensor<double>.Zeros(4)], [g]));
        Assert.Throws<ArgumentException>(() => compiled.Run([x], []));
        Assert.Throws<InvalidOperationException>(() => ReverseMode.Compile(v => v[0] * 2.0, new TensorShape(3)));
    }
}
