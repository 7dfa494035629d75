using CsCheck;
using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;
using Nabla.Tests.Support;

namespace Nabla.Tests.Compilation;

public sealed class CompilerTests
{
    private static readonly Expr X = Expr.Sym("x");
    private static readonly Expr Y = Expr.Sym("y");
    private static readonly Symbol Sx = (Symbol)X;
    private static readonly Symbol Sy = (Symbol)Y;

    /// <summary>
    /// The tolerance rule: NaN only where the interpreter gives NaN, the same infinity, and otherwise agreement to
    /// 1e-12 relative (the compiler mirrors the interpreter's operations, so the values are in fact identical).
    /// </summary>
    private static bool Same(double compiled, double interpreted)
    {
        if (double.IsNaN(interpreted) || double.IsNaN(compiled)) return double.IsNaN(interpreted) && double.IsNaN(compiled);
        if (double.IsInfinity(interpreted) || double.IsInfinity(compiled)) return compiled == interpreted;
        return Math.Abs(compiled - interpreted) <= 1e-12 * Math.Max(Math.Abs(compiled), Math.Abs(interpreted));
    }

    private static Dictionary<string, double> Bind(IReadOnlyList<Symbol> variables, double[] point) =>
        variables.Select((v, j) => (v.Name, point[j])).ToDictionary(p => p.Name, p => p.Item2);

    [Fact]
    public void CompiledEqualsInterpretedOnRandomExpressions()
    {
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            var e = RandomExpressions.Build(rng, 4, smoothOnly: false);
            var f = Compiler.Compile(e);
            for (int p = 0; p < 6; p++)
            {
                var bindings = RandomExpressions.Point(rng);
                var point = f.Variables.Select(v => bindings[v.Name]).ToArray();
                double interpreted = e.Evaluate(bindings);
                double compiled = f.Evaluate(point);
                if (!Same(compiled, interpreted))
                    throw new Exception($"{e} at {string.Join(", ", bindings)}: compiled {compiled}, interpreted {interpreted}");
            }
        }, iter: 1000);
    }

    [Fact]
    public void VectorComponentsAndBatchesEqualPointwiseValues()
    {
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            Expr[] components = [RandomExpressions.Build(rng, 3, false), RandomExpressions.Build(rng, 3, false), RandomExpressions.Build(rng, 3, false)];
            var vector = Compiler.Compile(components);
            Symbol[] variables = [Sx, Sy, (Symbol)RandomExpressions.Z];
            var vectorXyz = Compiler.Compile(components, variables);
            const int n = 40;
            var columns = variables.Select(_ => Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 5 - 2.5).ToArray()).ToArray();
            var batch = vectorXyz.EvaluateBatch(columns);
            for (int i = 0; i < n; i++)
            {
                var point = columns.Select(c => c[i]).ToArray();
                var values = vectorXyz.Evaluate(point);
                var bindings = Bind(variables, point);
                var defaultOrder = vector.Evaluate(bindings);
                for (int k = 0; k < components.Length; k++)
                {
                    double interpreted = components[k].Evaluate(bindings);
                    if (!Same(values[k], interpreted) || !Same(defaultOrder[k], interpreted) || !Same(batch[k][i], values[k]))
                        throw new Exception($"component {k} = {components[k]} at {string.Join(", ", point)}");
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void ScalarBatchEqualsPointwise()
    {
        var e = Expr.Sin(X * Y) / (1 + Expr.Pow(X, 2)) + Expr.Ln(Y) - Expr.Sqrt(X);
        var f = Compiler.Compile(e);
        var rng = new Random(5);
        const int n = 1000;
        double[] xs = [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 6 - 3)];
        double[] ys = [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 6 - 3)];
        var batch = f.EvaluateBatch([xs, ys]);
        int nan = 0;
        for (int i = 0; i < n; i++)
        {
            double expected = e.Evaluate(("x", xs[i]), ("y", ys[i]));
            Assert.True(Same(batch[i], expected), $"point {i}");
            Assert.True(Same(f.Evaluate([xs[i], ys[i]]), expected));
            if (double.IsNaN(expected)) nan++;
        }
        Assert.InRange(nan, 100, n - 100); // both the defined and the undefined branch are exercised
    }

    [Fact]
    public void LargeParallelBatchEqualsPointwise()
    {
        // The benchmark's gradient, written by hand: f = −((x−4.1)²+(y−0.9)²) − 30·exp(−((x−1.5)²+(y−3.7)²)/2.8).
        var bump = Expr.Exp(-(Expr.Pow(X - Expr.Num(3, 2), 2) + Expr.Pow(Y - Expr.Num(37, 10), 2)) / Expr.Num(28, 10));
        var gx = -2 * (X - Expr.Num(41, 10)) + 30 * bump * 2 * (X - Expr.Num(3, 2)) / Expr.Num(28, 10);
        var gy = -2 * (Y - Expr.Num(9, 10)) + 30 * bump * 2 * (Y - Expr.Num(37, 10)) / Expr.Num(28, 10);
        var gradient = Compiler.Compile([gx, gy], [Sx, Sy]);
        const int n = 150_000;
        var rng = new Random(11);
        double[] xs = [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 6)];
        double[] ys = [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 6)];
        double[] ox = new double[n], oy = new double[n];
        gradient.EvaluateBatch([xs, ys], [ox, oy]);
        for (int s = 0; s < 2000; s++)
        {
            int i = s < 4 ? new[] { 0, Kernel.ChunkSize - 1, Kernel.ChunkSize, n - 1 }[s] : rng.Next(n);
            // Independent oracle: the same formula in plain C#.
            double b = Math.Exp(-((xs[i] - 1.5) * (xs[i] - 1.5) + (ys[i] - 3.7) * (ys[i] - 3.7)) / 2.8);
            double ex = -2 * (xs[i] - 4.1) + 30 * b * 2 * (xs[i] - 1.5) / 2.8;
            double ey = -2 * (ys[i] - 0.9) + 30 * b * 2 * (ys[i] - 3.7) / 2.8;
            Assert.Equal(ex, ox[i], 1e-10);
            Assert.Equal(ey, oy[i], 1e-10);
            var point = gradient.Evaluate(xs[i], ys[i]);
            Assert.Equal(point[0], ox[i]);
            Assert.Equal(point[1], oy[i]);
        }
        Assert.True(gradient.OperationCount < 30, $"{gradient.OperationCount} operations");
    }

    [Fact]
    public void HeavilySharedDagCompilesOncePerNode()
    {
        // f_{k+1} = sin(f_k) + f_k·f_k: the tree doubles each step (~2^40 nodes), the DAG grows by a few nodes.
        Expr f = X;
        for (int k = 0; k < 40; k++) f = Expr.Sin(f) + f * f;
        Assert.True(f.TreeSize > 1L << 40);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var compiled = Compiler.Compile(f);
        foreach (var x0 in new[] { -0.5, 0.1, -1.2 })
        {
            double v = x0;
            for (int k = 0; k < 40; k++) v = Math.Sin(v) + v * v;
            Assert.True(Same(compiled.Evaluate(x0), v), $"x = {x0}");
        }
        Assert.True(compiled.OperationCount <= 4 * 40 + 1);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "compilation must follow the DAG, not the tree");
    }

    [Fact]
    public void DeepChainsCompileWithoutRecursion()
    {
        Expr f = X;
        for (int k = 0; k < 6000; k++) f = Expr.Sin(f) + 1;
        var compiled = Compiler.Compile(f);
        double v = 0.3;
        for (int k = 0; k < 6000; k++) v = Math.Sin(v) + 1;
        Assert.Equal(v, compiled.Evaluate(0.3));
        Assert.Equal(v, compiled.EvaluateBatch([[0.3, 0.3]])[1]);
    }

    [Fact]
    public void LongSumsAndProductsMatchTheInterpreter()
    {
        var sum = Expr.Add(Enumerable.Range(1, 3000).Select(k => Expr.Num(k) * Expr.Pow(X, k % 7 + 1) * Expr.Sin(k * Y)));
        var product = Expr.Mul(Enumerable.Range(1, 500).Select(k => 1 + X / k + Expr.Cos(k * Y) / 1000));
        var f = Compiler.Compile([sum, product], [Sx, Sy]);
        var values = f.Evaluate(0.3, 0.7);
        Assert.True(Same(values[0], sum.Evaluate(("x", 0.3), ("y", 0.7))));
        Assert.True(Same(values[1], product.Evaluate(("x", 0.3), ("y", 0.7))));
    }

    [Fact]
    public void EveryFunctionMatchesTheFunctionTableIncludingOutsideItsDomain()
    {
        double[] inputs = [double.NaN, 0.0, -0.0, 1e-300, -1e-300, 0.5, -0.5, 1, -1, 2, -2, 30.5, -30.5, 800, -800,
            double.PositiveInfinity, double.NegativeInfinity, Math.PI / 2];
        foreach (var function in Enum.GetValues<MathFunction>())
        {
            Assert.True(FunctionEmitters.HasRow(function), $"{function} has no compiler row");
            var row = FunctionTable.Get(function);
            var compiled = Compiler.Compile(Expr.Call(function, X), [Sx]);
            foreach (var input in inputs)
            {
                double expected = row.Evaluate(input), actual = compiled.Evaluate(input);
                Assert.True(double.IsNaN(expected) ? double.IsNaN(actual) : expected.Equals(actual), $"{row.Name}({input}): {actual} vs {expected}");
            }
        }
    }

    [Fact]
    public void RealPowersFollowTheOddRootRule()
    {
        var f = Compiler.Compile([Expr.Pow(X, Expr.Num(1, 3)), Expr.Pow(X, Expr.Num(2, 3)), Expr.Sqrt(X), Expr.Pow(X, Expr.Num(-1, 2)),
            Expr.Pow(X, Expr.Num(5, 4)), Expr.Pow(X, Y), Expr.Pow(X, -3), Expr.Pow(X, 7)], [Sx, Sy]);
        var at = f.Evaluate(-8, 0.5);
        Assert.Equal(-2, at[0], 14);
        Assert.Equal(4, at[1], 13);
        Assert.True(double.IsNaN(at[2]));
        Assert.True(double.IsNaN(at[3]));
        Assert.True(double.IsNaN(at[4]));
        Assert.True(double.IsNaN(at[5]));
        Assert.Equal(-1.0 / 512, at[6], 15);
        Assert.Equal(-2097152, at[7]);
        var positive = f.Evaluate(2.25, 3);
        Assert.Equal(1.5, positive[2]);
        Assert.Equal(Math.Pow(2.25, 3), positive[5], 12);
        Assert.Equal(double.PositiveInfinity, Compiler.Compile(1 / X).Evaluate(0.0));
    }

    [Fact]
    public void UnknownOrDuplicateVariablesAreReportedByName()
    {
        var e = Expr.Sin(X) + Expr.Sym("theta");
        var error = Assert.Throws<ArgumentException>(() => Compiler.Compile(e, [Sx]));
        Assert.Contains("'theta'", error.Message);
        Assert.Throws<ArgumentException>(() => Compiler.Compile([X, Y], [Sx]));
        Assert.Throws<ArgumentException>(() => Compiler.Compile(X, [Sx, Sx]));
    }

    [Fact]
    public void ArgumentShapesAreChecked()
    {
        var f = Compiler.Compile(X * Y);
        Assert.Throws<ArgumentException>(() => f.Evaluate(1.0));
        Assert.Throws<ArgumentException>(() => f.EvaluateBatch([[1.0, 2.0]]));
        Assert.Throws<ArgumentException>(() => f.EvaluateBatch([[1.0, 2.0], [1.0]]));
        Assert.Throws<ArgumentException>(() => f.EvaluateBatch([[1.0], [1.0]], new double[2]));
        Assert.Throws<ArgumentException>(() => f.Evaluate(new Dictionary<string, double> { ["x"] = 1 }));
        var g = Compiler.Compile([X, Y]);
        Assert.Throws<ArgumentException>(() => g.Evaluate([1.0, 2.0], new double[3]));
        Assert.Throws<ArgumentException>(() => g.EvaluateBatch([[1.0], [2.0]], [new double[1]]));
    }

    [Fact]
    public void VariablesDefaultToTheNaturalOrderAndSpansWork()
    {
        var x2 = Expr.Sym("x2");
        var x10 = Expr.Sym("x10");
        var f = Compiler.Compile(x10 - x2);
        Assert.Equal(["x2", "x10"], f.Variables.Select(v => v.Name));
        ReadOnlySpan<double> point = [1.0, 10.0];
        Assert.Equal(9, f.Evaluate(point));
        var g = Compiler.Compile([x2 * 2, x10 + 1, Expr.Pi]);
        Span<double> output = stackalloc double[3];
        g.Evaluate(point, output);
        Assert.Equal([2.0, 11.0, Math.PI], output.ToArray());
    }

    [Fact]
    public void ConstantFunctionsNeedNoVariables()
    {
        var f = Compiler.Compile(2 * Expr.Pi + Expr.Sqrt(2));
        Assert.Empty(f.Variables);
        Assert.Equal(2 * Math.PI + Math.Sqrt(2), f.Evaluate(), 14);
        var output = new double[3];
        f.EvaluateBatch([], output);
        Assert.All(output, v => Assert.Equal(2 * Math.PI + Math.Sqrt(2), v, 14));
        Assert.Throws<ArgumentException>(() => f.EvaluateBatch([]));
    }

    [Fact]
    public void ConcurrentEvaluationIsSafe()
    {
        var e = Expr.Exp(-Expr.Pow(X, 2)) * Expr.Cos(3 * X);
        var f = Compiler.Compile(e);
        Parallel.For(0, 2000, i =>
        {
            double x = i / 500.0 - 2;
            Assert.True(Same(f.Evaluate(x), e.Evaluate(("x", x))));
        });
    }
}
