using Nabla.Cli;
using Nabla.Optimization;
using Nabla.Symbolic;

namespace Nabla.Tests.Cli;

/// <summary>
/// The numbers behind the plots (<see cref="PlotBuilder"/>), checked against closed forms and independent arithmetic:
/// tangent slopes against hand derivatives, secant slopes against rise over run, Taylor partial sums against the
/// textbook series, Newton iterates against x − f/f', gradient arrows against hand gradients.
/// </summary>
public sealed class PlotDataTests
{
    private static readonly Symbol X = (Symbol)Expr.Sym("x");
    private static readonly Symbol Y = (Symbol)Expr.Sym("y");

    private static PlotSeries Labelled(PlotFigure figure, string start) => figure.Series.Single(s => s.Label?.StartsWith(start, StringComparison.Ordinal) == true);

    private static double Slope(PlotSeries line) => (line.Y[^1] - line.Y[0]) / (line.X[^1] - line.X[0]);

    [Theory]
    [InlineData("x^3", 1.0)]
    [InlineData("sin(x)", 0.5)]
    [InlineData("exp(x)", -1.0)]
    [InlineData("ln(x)", 2.0)]
    public void TheTangentHasSlopeFPrimeAndTheSecantsCloseInOnIt(string text, double x0)
    {
        Func<double, double> f = text switch { "x^3" => v => v * v * v, "sin(x)" => Math.Sin, "exp(x)" => Math.Exp, _ => Math.Log };
        double exact = text switch { "x^3" => 3 * x0 * x0, "sin(x)" => Math.Cos(x0), "exp(x)" => Math.Exp(x0), _ => 1 / x0 };
        var figure = PlotBuilder.Secant(Expr.Parse(text), X, x0, x0 - 2, x0 + 3);
        var tangent = Labelled(figure, "tangent");
        Assert.Equal(exact, Slope(tangent), 9);
        Assert.Equal(f(x0), tangent.Y[0] + Slope(tangent) * (x0 - tangent.X[0]), 9);   // it touches the curve at x0

        double previousError = double.PositiveInfinity;
        foreach (double h in PlotBuilder.DefaultSecantSteps)
        {
            var secant = Labelled(figure, $"secant, h = {PlotBuilder.Format(h)}:");
            double riseOverRun = (f(x0 + h) - f(x0)) / h;
            Assert.Equal(riseOverRun, Slope(secant), 9);
            double error = Math.Abs(riseOverRun - exact);
            Assert.True(error < previousError, $"h = {h}: the secant slope moved away from f'(x0)");
            previousError = error;
        }
    }

    [Fact]
    public void TaylorPartialSumsMatchTheTextbookSeries()
    {
        var series = Calculus.Taylor(Expr.Parse("exp(x)"), X, Expr.Num(0), 6);
        var figure = PlotBuilder.Taylor(series, -2, 2);
        for (int order = 0; order <= 6; order++)
        {
            var curve = Labelled(figure, $"order {order}");
            for (int i = 0; i < curve.X.Count; i += 37)
            {
                double x = curve.X[i], expected = 0, term = 1;
                for (int k = 0; k <= order; k++)
                {
                    expected += term;
                    term *= x / (k + 1);
                }
                if (double.IsFinite(curve.Y[i])) Assert.Equal(expected, curve.Y[i], 9);
            }
        }
    }

    [Fact]
    public void TaylorAboutAPointUsesPowersOfXMinusA()
    {
        // 1/x about 4: 1/4 − (x−4)/16 + (x−4)²/64 − …
        var series = Calculus.Taylor(Expr.Parse("1/x"), X, Expr.Num(4), 2);
        var coefficients = series.Coefficients.Select(c => c.Evaluate(new Dictionary<string, double>())).ToArray();
        foreach (double x in new[] { 3.0, 4.5, 6.0 })
            Assert.Equal(0.25 - (x - 4) / 16 + (x - 4) * (x - 4) / 64, PlotBuilder.TaylorPartialSum(coefficients, 4, 2, x), 12);
    }

    [Theory]
    [InlineData(3, new[] { 0, 1, 2, 3 })]
    [InlineData(14, new[] { 0, 2, 4, 6, 8, 10, 12, 14 })]
    public void ManyOrdersAreThinnedEvenlyKeepingTheLast(int order, int[] shown) =>
        Assert.Equal(shown, PlotBuilder.TaylorOrdersShown(order));

    [Fact]
    public void NewtonStepsRunAlongTangentsToTheAxis()
    {
        var f = Expr.Parse("x^2 - 2");
        var result = Roots.NewtonRaphson(f, 1, new RootOptions { RecordTrace = true });
        var figure = PlotBuilder.Newton(f, X, result);
        var iterates = Labelled(figure, "iterates");
        // x_{k+1} = x_k − (x_k² − 2)/(2 x_k), computed here by hand: 1, 1.5, 1.41666…
        double x = 1;
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(x, iterates.X[k], 12);
            Assert.Equal(x * x - 2, iterates.Y[k], 12);
            x -= (x * x - 2) / (2 * x);
        }
        var steps = Labelled(figure, "tangent");
        // Each step: (x_k, f(x_k)) → (x_{k+1}, 0) → (x_{k+1}, f(x_{k+1})), then a gap; the first leg has slope f'(x_k) = 2 x_k.
        for (int k = 0; k + 1 < Math.Min(4, iterates.X.Count); k++)
        {
            int at = 4 * k;
            Assert.Equal(0, steps.Y[at + 1]);
            Assert.Equal(2 * iterates.X[k], (steps.Y[at + 1] - steps.Y[at]) / (steps.X[at + 1] - steps.X[at]), 9);
            Assert.True(double.IsNaN(steps.X[at + 3]));
        }
    }

    [Fact]
    public void GradientArrowsAreTheGradientAtTheirBase()
    {
        var figure = PlotBuilder.Contour(Expr.Parse("x^2 + 3y^2"), X, Y, new PlotLimits(-3, 3, -2, 2));
        Assert.Equal(PlotBuilder.ArrowsPerSide * PlotBuilder.ArrowsPerSide, figure.Arrows.Count);
        foreach (var a in figure.Arrows)
        {
            Assert.Equal(2 * a.X, a.Dx, 12);
            Assert.Equal(6 * a.Y, a.Dy, 12);
            Assert.InRange(a.X, -3, 3);
            Assert.InRange(a.Y, -2, 2);
        }
        var grid = figure.Grid!;
        for (int i = 0; i < grid.Y.Length; i += 11)
            for (int j = 0; j < grid.X.Length; j += 13)
                Assert.Equal(grid.X[j] * grid.X[j] + 3 * grid.Y[i] * grid.Y[i], grid.Z[i, j], 12);
    }

    [Fact]
    public void NoArrowsWhereTheFunctionIsUndefined()
    {
        // ln(x y) is undefined where x y < 0, though its gradient (1/x, 1/y) has values there.
        var figure = PlotBuilder.Contour(Expr.Parse("ln(x y)"), X, Y, new PlotLimits(-3, 3, -3, 3));
        Assert.NotEmpty(figure.Arrows);
        Assert.All(figure.Arrows, a => Assert.True(a.X * a.Y > 0));
        Assert.Contains(figure.Grid!.Z.Cast<double>(), double.IsNaN);
    }

    [Fact]
    public void TheDescentPathIsTheMinimisersTrace()
    {
        var f = Expr.Parse("x^2 + 10 y^2");
        var result = Optimize.Minimize(f, new Dictionary<string, double> { ["x"] = -4, ["y"] = 1 },
            new MinimizeOptions { Method = MinimizeMethod.GradientDescent, Rate = 0.09, RecordTrace = true });
        var figure = PlotBuilder.Descent(f, result);
        var path = Labelled(figure, "path");
        Assert.Equal(-4, path.X[0]);
        Assert.Equal(1, path.Y[0]);
        // Gradient descent by hand: (x, y) ← (x − 0.09·2x, y − 0.09·20y).
        double x = -4, y = 1;
        for (int k = 0; k < 5; k++)
        {
            Assert.Equal(x, path.X[k], 12);
            Assert.Equal(y, path.Y[k], 12);
            (x, y) = (x - 0.09 * 2 * x, y - 0.09 * 20 * y);
        }
        Assert.True(figure.SquareUnits);
        Assert.InRange(-4, figure.Limits.XMin, figure.Limits.XMax);
        Assert.InRange(0, figure.Limits.XMin, figure.Limits.XMax);
    }

    [Fact]
    public void ADescentInThreeVariablesCannotBeDrawn()
    {
        var f = Expr.Parse("x^2 + y^2 + z^2");
        var result = Optimize.Minimize(f, new Dictionary<string, double> { ["x"] = 1, ["y"] = 1, ["z"] = 1 });
        Assert.Throws<RequestException>(() => PlotBuilder.Descent(f, result));
    }

    [Fact]
    public void ALossThatFallsByDecadesIsDrawnOnALogScale()
    {
        double[] history = [1, 0.1, 0.01, 0.001];
        var figure = PlotBuilder.Loss(history, 50, "loss");
        Assert.True(figure.LogY);
        Assert.Equal([0.0, 50, 100, 150], figure.Series[0].X);
        Assert.Equal([0.0, -1, -2, -3], figure.Series[0].Y.Select(v => Math.Round(v, 12)));

        var flat = PlotBuilder.Loss([0.5, 0.4, 0.3], 1, "loss");
        Assert.False(flat.LogY);
        Assert.Equal([0.5, 0.4, 0.3], flat.Series[0].Y);
    }

    [Fact]
    public void UndefinedValuesAreGapsAndPolesDoNotSetTheScale()
    {
        var ln = PlotBuilder.Function(Expr.Parse("ln(x)"), X, -2, 3);
        var curve = ln.Series[0];
        for (int i = 0; i < curve.X.Count; i++)
            if (curve.X[i] <= 0) Assert.True(double.IsNaN(curve.Y[i]));
            else if (curve.X[i] > 0.1) Assert.Equal(Math.Log(curve.X[i]), curve.Y[i], 12);

        var pole = PlotBuilder.Function(Expr.Parse("1/x"), X, -5, 5);
        Assert.InRange(pole.Limits.YMax, 1, 100);
        Assert.InRange(pole.Limits.YMin, -100, -1);
    }

    [Fact]
    public void FiniteRunsSplitAtGaps()
    {
        double[] x = [0, 1, 2, 3, 4, 5, 6];
        double[] y = [1, double.NaN, 2, 3, double.PositiveInfinity, 4, 5];
        var runs = PlotRenderer.FiniteRuns(x, y).ToList();
        Assert.Equal(3, runs.Count);
        Assert.Equal([0.0], runs[0].X);
        Assert.Equal([2.0, 3], runs[1].X);
        Assert.Equal([4.0, 5], runs[2].Y);
    }

    [Fact]
    public void ContourLevelsRiseStrictlyAndSkipNaN()
    {
        var z = new double[10, 10];
        for (int i = 0; i < 10; i++)
            for (int j = 0; j < 10; j++)
                z[i, j] = i == j ? double.NaN : i * 10 + j;
        var levels = PlotRenderer.ContourLevels(z, 8);
        Assert.Equal(8, levels.Count);
        for (int k = 1; k < levels.Count; k++) Assert.True(levels[k] > levels[k - 1]);
        Assert.Empty(PlotRenderer.ContourLevels(new double[3, 3], 5));   // a constant has no contours
    }

    [Fact]
    public void ResidualSegmentsRunFromEachPointToTheModel()
    {
        var segments = FitPlotter.ResidualSegments([0, 1, 2], [1.5, 2, double.NaN], [0.5, -0.25, 1]);
        Assert.Equal(2, segments.Count);
        Assert.Equal((0.0, 1.5, 1.0), segments[0]);
        Assert.Equal((1.0, 2.0, 2.25), segments[1]);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(-2.75)]
    [InlineData(1e-300)]
    [InlineData(123456789.123)]
    public void ExactValuesAreTheDoublesThemselves(double value) =>
        Assert.Equal(value, PlotOutcomes.Exact(value).Evaluate(new Dictionary<string, double>()));

    [Fact]
    public void DiffPlotsSliceOtherVariablesAtThePoint()
    {
        // d/dx (x² y) at y = 2 is 4x; the curve is 2x².
        var outcome = new Responder(NablaEngine.Instance).Diff(new DiffRequest("x^2 y", "x", 1, [new PointValue("x", "1"), new PointValue("y", "2")]));
        var figure = PlotOutcomes.ForOutcome(outcome);
        var (f, derivative) = (figure.Series[0], figure.Series[1]);
        for (int i = 0; i < f.X.Count; i += 50)
        {
            double x = f.X[i];
            if (double.IsFinite(f.Y[i])) Assert.Equal(2 * x * x, f.Y[i], 9);
            if (double.IsFinite(derivative.Y[i])) Assert.Equal(4 * x, derivative.Y[i], 9);
        }
        Assert.InRange(1.0, f.X[0], f.X[^1]);
    }
}
