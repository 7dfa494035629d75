using Nabla.Optimization;

namespace Nabla.Tests.Optimization;

/// <summary>Every accepted line-search step satisfies its conditions, checked from the trace with the gradient
/// recomputed here (Armijo and strong Wolfe are invariant to scaling d, so Δx = αd serves as the direction).</summary>
public sealed class LineSearchConditionTests
{
    private const double C1 = 1e-4, C2 = 0.9;

    public static TheoryData<MinimizeMethod, LineSearchKind, double, double> Runs => new()
    {
        { MinimizeMethod.GradientDescent, LineSearchKind.Backtracking, -1.2, 1 },
        { MinimizeMethod.Newton, LineSearchKind.Backtracking, -1.2, 1 },
        { MinimizeMethod.Newton, LineSearchKind.Backtracking, 0, 0 },
        { MinimizeMethod.Hybrid, LineSearchKind.Backtracking, -1.2, 1 },
        { MinimizeMethod.Bfgs, LineSearchKind.Backtracking, -1.2, 1 },
        { MinimizeMethod.GradientDescent, LineSearchKind.Wolfe, -1.2, 1 },
        { MinimizeMethod.Bfgs, LineSearchKind.Wolfe, -1.2, 1 },
        { MinimizeMethod.Lbfgs, LineSearchKind.Wolfe, -1.2, 1 },
        { MinimizeMethod.Newton, LineSearchKind.Wolfe, 0, 0 },
        { MinimizeMethod.Bfgs, LineSearchKind.Wolfe, 2, -2 },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void Accepted_steps_satisfy_the_conditions(MinimizeMethod method, LineSearchKind search, double x0, double y0)
    {
        foreach (var problem in new[] { CountedProblem.Rosenbrock(), CountedProblem.Himmelblau() })
        {
            var r = Optimize.Minimize(problem.Objective, [x0, y0], new MinimizeOptions
            {
                Method = method, LineSearch = search, SufficientDecrease = C1, Curvature = C2, MaxIterations = 300,
            });
            Assert.True(r.Iterations > 0);
            for (int k = 0; k + 1 < r.Trace.Count; k++)
            {
                var (a, b) = (r.Trace[k], r.Trace[k + 1]);
                double[] dx = [b.X[0] - a.X[0], b.X[1] - a.X[1]];
                var ga = new double[2];
                var gb = new double[2];
                problem.Objective.Gradient(a.X.ToArray(), ga);
                problem.Objective.Gradient(b.X.ToArray(), gb);
                double slopeA = ga[0] * dx[0] + ga[1] * dx[1], slopeB = gb[0] * dx[0] + gb[1] * dx[1];
                double slack = 1e-12 * (1 + Math.Abs(a.Value));
                Assert.True(slopeA < 0, $"step {k + 1} is not downhill");
                Assert.True(b.Value <= a.Value + C1 * slopeA + slack, $"Armijo fails at step {k + 1}: {b.Value} > {a.Value} + {C1 * slopeA}");
                if (search == LineSearchKind.Wolfe)
                    Assert.True(Math.Abs(slopeB) <= C2 * Math.Abs(slopeA) + 1e-12 * Math.Abs(slopeA) + 1e-300,
                        $"strong Wolfe curvature fails at step {k + 1}: |{slopeB}| > {C2}·|{slopeA}|");
            }
        }
    }

    [Fact]
    public void Backtracking_backs_off_from_points_outside_the_domain()
    {
        // f = x − ln(x) has its minimum at x = 1; from x = 0.1 Newton's first full step lands at a negative x.
        var r = Optimize.Minimize(Nabla.Symbolic.Expr.Parse("x - ln(x)"), new Dictionary<string, double> { ["x"] = 3 },
            new MinimizeOptions { Method = MinimizeMethod.GradientDescent, LineSearch = LineSearchKind.Backtracking, Rate = 10 });
        Assert.True(r.Converged, r.Message);
        Assert.Equal(1, r["x"], 1e-7);
        Assert.Contains(r.Trace, s => s.Alpha < 10);
    }
}
