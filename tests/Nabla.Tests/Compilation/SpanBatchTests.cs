using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;

namespace Nabla.Tests.Compilation;

public sealed class SpanBatchTests
{
    private static readonly Symbol X = (Symbol)Expr.Sym("x");
    private static readonly Symbol Y = (Symbol)Expr.Sym("y");

    [Fact]
    public void OneVariableSpanBatchMatchesMathForAMillionPoints()
    {
        var f = Compiler.Compile(Expr.Sin(X) * Expr.Exp(-Expr.Pow(X, 2)), [X]);
        const int n = 1_000_000;
        var xs = new double[n];
        for (int i = 0; i < n; i++) xs[i] = -5 + 10.0 * i / n;
        var ys = new double[n];
        f.EvaluateBatch(xs.AsSpan(), ys.AsSpan());
        for (int i = 0; i < n; i += 997)
            Assert.Equal(Math.Sin(xs[i]) * Math.Exp(-xs[i] * xs[i]), ys[i], 12);
        Assert.Equal(Math.Sin(xs[^1]) * Math.Exp(-xs[^1] * xs[^1]), ys[^1], 12);
    }

    [Fact]
    public void ColumnMajorSpanBatchMatchesPointwise()
    {
        var f = Compiler.Compile(Expr.Pow(X, 2) * Y - Expr.Cos(X * Y), [X, Y]);
        const int n = 70_001; // not a multiple of the chunk size
        var coordinates = new double[2 * n];
        var rng = new Random(3);
        for (int i = 0; i < coordinates.Length; i++) coordinates[i] = rng.NextDouble() * 4 - 2;
        var output = new double[n];
        f.EvaluateBatch(coordinates.AsSpan(), output.AsSpan());
        for (int i = 0; i < n; i += 101)
        {
            double x = coordinates[i], y = coordinates[n + i];
            Assert.Equal(x * x * y - Math.Cos(x * y), output[i], 12);
        }
    }

    [Fact]
    public void WrongSpanLengthIsAClearError()
    {
        var f = Compiler.Compile(X + Y, [X, Y]);
        var error = Assert.Throws<ArgumentException>(() => f.EvaluateBatch(new double[5].AsSpan(), new double[3].AsSpan()));
        Assert.Contains("column-major", error.Message);
    }
}
