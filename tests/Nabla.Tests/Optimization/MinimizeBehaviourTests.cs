using MathNet.Numerics.LinearAlgebra;
using Nabla.Optimization;
using Nabla.Symbolic;

namespace Nabla.Tests.Optimization;

/// <summary>Evaluation counts, Newton's fallback, the hybrid rule, the trace and the public API's contracts.</summary>
public sealed class MinimizeBehaviourTests
{
    [Theory]
    [InlineData(MinimizeMethod.GradientDescent, null)]
    [InlineData(MinimizeMethod.GradientDescent, LineSearchKind.Backtracking)]
    [InlineData(MinimizeMethod.GradientDescent, LineSearchKind.Wolfe)]
    [InlineData(MinimizeMethod.Momentum, null)]
    [InlineData(MinimizeMethod.Nesterov, null)]
    [InlineData(MinimizeMethod.Adam, null)]
    [InlineData(MinimizeMethod.Newton, null)]
    [InlineData(MinimizeMethod.Newton, LineSearchKind.Wolfe)]
    [InlineData(MinimizeMethod.Hybrid, null)]
    [InlineData(MinimizeMethod.Bfgs, null)]
    [InlineData(MinimizeMethod.Bfgs, LineSearchKind.Backtracking)]
    [InlineData(MinimizeMethod.Lbfgs, null)]
    public void Evaluation_counts_equal_the_calls_the_objective_saw(MinimizeMethod method, LineSearchKind? search)
    {
        foreach (var problem in new[] { CountedProblem.Rosenbrock(), CountedProblem.Himmelblau() })
        {
            var r = Optimize.Minimize(problem.Objective, [-1.2, 1],
                new MinimizeOptions { Method = method, LineSearch = search, Rate = 0.001, MaxIterations = 200 });
            Assert.Equal(problem.Values, r.FunctionEvaluations);
            Assert.Equal(problem.Gradients, r.GradientEvaluations);
            Assert.Equal(problem.Hessians, r.HessianEvaluations);
            Assert.True(r.FunctionEvaluations >= r.Iterations + 1);
            if (method is not (MinimizeMethod.Newton or MinimizeMethod.Hybrid)) Assert.Equal(0, r.HessianEvaluations);
        }
    }

    [Fact]
    public void Trace_rows_match_the_objective_at_each_iterate()
    {
        var problem = CountedProblem.Himmelblau();
        var r = Optimize.Minimize(problem.Objective, [0.5, 0.5], new MinimizeOptions { Method = MinimizeMethod.Bfgs });
        Assert.True(r.Converged);
        Assert.Equal(0, r.Trace[0].Iteration);
        Assert.Equal([0.5, 0.5], r.Trace[0].X);
        for (int k = 0; k < r.Trace.Count; k++)
        {
            var step = r.Trace[k];
            Assert.Equal(k, step.Iteration);
            var g = new double[2];
            problem.Objective.Gradient(step.X.ToArray(), g);
            Assert.Equal(problem.Objective.Value(step.X.ToArray()), step.Value, 1e-12);
            Assert.Equal(Math.Sqrt(g[0] * g[0] + g[1] * g[1]), step.GradientNorm, 1e-9);
            if (k > 0)
                Assert.Equal(Math.Sqrt(Math.Pow(step.X[0] - r.Trace[k - 1].X[0], 2) + Math.Pow(step.X[1] - r.Trace[k - 1].X[1], 2)),
                    step.StepLength, 1e-12);
        }
        Assert.Equal(r.Trace[^1].X, r.X);
    }

    [Fact]
    public void Newton_adds_a_multiple_of_I_where_the_Hessian_is_not_positive_definite()
    {
        // f = x⁴ − 2x² + y²: f_xx = 12x² − 4 < 0 at x = 0.1, so plain Newton would head for the maximum at x = 0.
        var r = Optimize.Minimize(Expr.Parse("x^4 - 2*x^2 + y^2"), new Dictionary<string, double> { ["x"] = 0.1, ["y"] = 1 },
            new MinimizeOptions { Method = MinimizeMethod.Newton });
        Assert.True(r.Converged, r.Message);
        Assert.Equal(1, r["x"], 1e-8);
        Assert.Equal(0, r["y"], 1e-8);
        Assert.Contains("not positive definite", r.Trace[1].Note);
        Assert.All(r.Trace.Skip(1).Zip(r.Trace), p => Assert.True(p.First.Value < p.Second.Value));
    }

    [Fact]
    public void Hybrid_takes_the_Newton_step_unless_it_is_uphill_or_too_long()
    {
        var problem = CountedProblem.Himmelblau();
        const double rate = 0.01, maxStep = 0.5;
        var r = Optimize.Minimize(problem.Objective, [0.3, -0.2], new MinimizeOptions
        {
            Method = MinimizeMethod.Hybrid, LineSearch = LineSearchKind.Fixed, Rate = rate, MaxStep = maxStep, MaxIterations = 400,
        });
        Assert.True(r.Converged, r.Message);
        int newtonSteps = 0, gradientSteps = 0;
        for (int k = 0; k + 1 < r.Trace.Count; k++)
        {
            var x = r.Trace[k].X.ToArray();
            var g = new double[2];
            var h = new double[4];
            problem.Objective.Gradient(x, g);
            problem.Objective.Hessian(x, h);
            var newton = Matrix<double>.Build.DenseOfRowMajor(2, 2, h).Solve(Vector<double>.Build.DenseOfArray([-g[0], -g[1]]));
            bool useNewton = newton.DotProduct(Vector<double>.Build.DenseOfArray(g)) < 0 && newton.L2Norm() <= maxStep;
            double[] expected;
            if (useNewton) { expected = newton.ToArray(); newtonSteps++; }
            else
            {
                expected = [-rate * g[0], -rate * g[1]];
                double length = Math.Sqrt(expected[0] * expected[0] + expected[1] * expected[1]);
                if (length > maxStep) expected = [expected[0] * maxStep / length, expected[1] * maxStep / length];
                gradientSteps++;
                Assert.StartsWith("hybrid: gradient step", r.Trace[k + 1].Note);
            }
            for (int i = 0; i < 2; i++) Assert.Equal(x[i] + expected[i], r.Trace[k + 1].X[i], 1e-9);
        }
        Assert.True(newtonSteps > 0 && gradientSteps > 0, $"{newtonSteps} Newton steps, {gradientSteps} gradient steps");
    }

    [Fact]
    public void Momentum_and_Nesterov_follow_their_update_rules()
    {
        // f = x²/2 · 3: gradient 3x. Momentum: v ← βv − γ·3x, x ← x + v; Nesterov: the gradient at x + βv.
        const double gamma = 0.05, beta = 0.8;
        foreach (var nesterov in new[] { false, true })
        {
            var r = Optimize.Minimize(Expr.Parse("3*x^2/2"), new Dictionary<string, double> { ["x"] = 2 }, new MinimizeOptions
            {
                Method = nesterov ? MinimizeMethod.Nesterov : MinimizeMethod.Momentum, Rate = gamma, Momentum = beta, MaxIterations = 20,
                GradientTolerance = 0,
            });
            double x = 2, v = 0;
            for (int k = 1; k < r.Trace.Count; k++)
            {
                v = beta * v - gamma * 3 * (nesterov ? x + beta * v : x);
                x += v;
                Assert.Equal(x, r.Trace[k].X[0], 1e-13);
            }
        }
    }

    [Fact]
    public void Adam_follows_its_update_rule()
    {
        const double alpha = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var r = Optimize.Minimize(Expr.Parse("x^2"), new Dictionary<string, double> { ["x"] = 1 }, new MinimizeOptions
        {
            Method = MinimizeMethod.Adam, Rate = alpha, MaxIterations = 25, GradientTolerance = 0,
        });
        double x = 1, m = 0, v = 0;
        for (int t = 1; t < r.Trace.Count; t++)
        {
            double g = 2 * x;
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            x -= alpha * (m / (1 - Math.Pow(b1, t))) / (Math.Sqrt(v / (1 - Math.Pow(b2, t))) + eps);
            Assert.Equal(x, r.Trace[t].X[0], 1e-13);
        }
    }

    [Fact]
    public void Expression_overload_checks_the_start_names()
    {
        var f = Expr.Parse("x^2 + y^2");
        var missing = Assert.Throws<ArgumentException>(() => Optimize.Minimize(f, new Dictionary<string, double> { ["x"] = 1 }));
        Assert.Contains("'y'", missing.Message);
        var extra = Assert.Throws<ArgumentException>(() =>
            Optimize.Minimize(f, new Dictionary<string, double> { ["x"] = 1, ["y"] = 1, ["z"] = 0 }));
        Assert.Contains("'z'", extra.Message);
        Assert.Throws<ArgumentException>(() => Optimize.Minimize(Expr.Num(3), new Dictionary<string, double>()));
    }

    [Fact]
    public void Variables_are_in_natural_order_and_the_indexer_finds_them()
    {
        var r = Optimize.Minimize(Expr.Parse("(x10 - 1)^2 + (x2 - 2)^2"), new Dictionary<string, double> { ["x10"] = 0, ["x2"] = 0 });
        Assert.Equal(["x2", "x10"], r.Variables);
        Assert.Equal(2, r["x2"], 1e-8);
        Assert.Equal(1, r["x10"], 1e-8);
        Assert.Throws<KeyNotFoundException>(() => r["y"]);
    }

    [Fact]
    public void Method_names_round_trip_and_unknown_names_list_the_valid_ones()
    {
        foreach (var m in Enum.GetValues<MinimizeMethod>())
        {
            Assert.Equal(m, Optimize.ParseMethod(m.ToJsonName()));
            Assert.Equal(m, Optimize.ParseMethod(m.ToJsonName().ToUpperInvariant()));
        }
        Assert.Equal(["gd", "momentum", "nesterov", "adam", "newton", "hybrid", "bfgs", "lbfgs"],
            Enum.GetValues<MinimizeMethod>().Select(m => m.ToJsonName()));
        var e = Assert.Throws<ArgumentException>(() => Optimize.ParseMethod("sgd"));
        Assert.Contains("lbfgs", e.Message);
    }

    [Theory]
    [InlineData("Rate")]
    [InlineData("Momentum")]
    [InlineData("MaxIterations")]
    [InlineData("Memory")]
    [InlineData("Curvature")]
    [InlineData("LineSearch")]
    public void Invalid_options_name_the_setting(string setting)
    {
        var options = setting switch
        {
            "Rate" => new MinimizeOptions { Rate = 0 },
            "Momentum" => new MinimizeOptions { Momentum = 1 },
            "MaxIterations" => new MinimizeOptions { MaxIterations = -1 },
            "Memory" => new MinimizeOptions { Memory = 0 },
            "Curvature" => new MinimizeOptions { Curvature = 1e-5 },
            _ => new MinimizeOptions { Method = MinimizeMethod.Adam, LineSearch = LineSearchKind.Wolfe },
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Optimize.Minimize(Expr.Parse("x^2"), new Dictionary<string, double> { ["x"] = 1 }, options));
        Assert.Equal(setting, e.ParamName);
    }

    [Fact]
    public void Programming_errors_throw()
    {
        var noHessian = Objective.FromDelegates(1, x => x[0] * x[0], (x, g) => g[0] = 2 * x[0]);
        Assert.Throws<ArgumentException>(() => Optimize.Minimize(noHessian, [1.0], new MinimizeOptions { Method = MinimizeMethod.Newton }));
        Assert.Throws<ArgumentException>(() => Optimize.Minimize(noHessian, [1.0, 2.0]));
        Assert.Throws<ArgumentNullException>(() => Optimize.Minimize(null!, [1.0]));
        Assert.True(Optimize.Minimize(noHessian, [1.0]).Converged);
    }

    [Fact]
    public void Default_line_searches_follow_the_method()
    {
        Assert.Equal(LineSearchKind.Fixed, new MinimizeOptions { Method = MinimizeMethod.GradientDescent }.EffectiveLineSearch);
        Assert.Equal(LineSearchKind.Backtracking, new MinimizeOptions { Method = MinimizeMethod.Newton }.EffectiveLineSearch);
        Assert.Equal(LineSearchKind.Backtracking, new MinimizeOptions { Method = MinimizeMethod.Hybrid }.EffectiveLineSearch);
        Assert.Equal(LineSearchKind.Wolfe, new MinimizeOptions().EffectiveLineSearch);
        Assert.Equal(LineSearchKind.Wolfe, new MinimizeOptions { Method = MinimizeMethod.Lbfgs }.EffectiveLineSearch);
    }
}
