using System.Globalization;
using Nabla.Symbolic.Compilation;
using Nabla.Symbolic.Simplification;

namespace Nabla.Symbolic.Equivalence;

/// <summary>How equivalence was decided.</summary>
public enum EquivalenceMethod
{
    /// <summary>The canonical (simplified) difference is 0.</summary>
    Symbolic,
    /// <summary>Values agree at every sampled point where both sides are defined.</summary>
    NumericSampling,
    /// <summary>Values differ at a point (see the counterexample).</summary>
    Counterexample,
    /// <summary>No point was found where both sides are defined.</summary>
    Undetermined,
}

/// <summary>A closed interval to draw one variable's sample values from.</summary>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value (at least <paramref name="Min"/>).</param>
public sealed record SamplingInterval(double Min, double Max)
{
    /// <summary>Positive values only, from 0.05 to 10 (for variables that stand for lengths, rates, variances…).</summary>
    public static SamplingInterval Positive { get; } = new(0.05, 10);
}

/// <summary>Options for <see cref="Equivalence.Check"/>.</summary>
public sealed record EquivalenceOptions
{
    /// <summary>The default options.</summary>
    public static EquivalenceOptions Default { get; } = new();
    /// <summary>Points where both sides are defined that must agree.</summary>
    public int SamplePoints { get; init; } = 24;
    /// <summary>Relative tolerance.</summary>
    public double RelativeTolerance { get; init; } = 1e-8;
    /// <summary>Absolute tolerance.</summary>
    public double AbsoluteTolerance { get; init; } = 1e-10;
    /// <summary>Seed for the sample points (results are reproducible).</summary>
    public int Seed { get; init; } = 20261127;

    /// <summary>
    /// How many points may be drawn, as a multiple of <see cref="SamplePoints"/>, before giving up with
    /// <see cref="EquivalenceMethod.Undetermined"/> (points where a side is undefined or too ill-conditioned to
    /// judge are drawn again).
    /// </summary>
    public int MaxAttemptsFactor { get; init; } = 50;

    /// <summary>
    /// Where to draw each named variable from (e.g. <c>x ∈ [0.1, 5]</c> when the exercise says x &gt; 0). Variables
    /// not listed are drawn from a mix of scales: uniform in [−3, 3], small positive (0.05…2), moderate (2…10) and
    /// large (10…100) magnitudes of either sign.
    /// </summary>
    public IReadOnlyDictionary<string, SamplingInterval>? VariableDomains { get; init; }
}

/// <summary>The verdict, with the evidence.</summary>
/// <param name="Equivalent">True when the two expressions are judged equal.</param>
/// <param name="Method">How it was decided.</param>
/// <param name="Counterexample">A point where they differ, when not equivalent.</param>
/// <param name="ValueA">The first expression's value at the counterexample.</param>
/// <param name="ValueB">The second expression's value at the counterexample.</param>
/// <param name="PointsTested">Sample points where both sides were defined and compared (for a counterexample, the agreeing points before it plus the counterexample itself).</param>
public sealed record EquivalenceResult(
    bool Equivalent,
    EquivalenceMethod Method,
    IReadOnlyDictionary<string, double>? Counterexample,
    double? ValueA,
    double? ValueB,
    int PointsTested)
{
    /// <summary>One sentence for a learner or a grader, e.g. "Not equivalent: at x = -1.3 the first expression is
    /// 1.3 and the second is -1.3."</summary>
    public string Describe() => Method switch
    {
        EquivalenceMethod.Symbolic => "Equivalent: the difference simplifies to 0.",
        EquivalenceMethod.NumericSampling =>
            $"Equivalent: the values agree at all {PointsTested} sample point{(PointsTested == 1 ? "" : "s")} where both expressions are defined.",
        EquivalenceMethod.Counterexample =>
            $"Not equivalent: {(Counterexample is { Count: > 0 } c ? "at " + string.Join(", ", c.Select(kv => $"{kv.Key} = {Format(kv.Value)}")) + " " : "")}" +
            $"the first expression is {Format(ValueA ?? double.NaN)} and the second is {Format(ValueB ?? double.NaN)}.",
        _ => PointsTested == 0
            ? "Undetermined: no point was found where both expressions are defined."
            : $"Undetermined: only {PointsTested} point{(PointsTested == 1 ? "" : "s")} where both expressions are defined (and well-conditioned) could be found.",
    };

    private static string Format(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}

/// <summary>
/// Decides whether two expressions are the same function: the basis of grading a learner's answer against a
/// reference. First symbolically (the canonical difference is 0), otherwise by evaluating both at reproducible random
/// points where both are defined, with a tolerance that accounts for rounding error (see
/// <c>docs/equivalence-and-compilation.md</c>).
/// </summary>
/// <remarks>
/// Equivalence is judged on the <em>common domain</em>: points where either side is undefined (NaN or ±∞) are
/// skipped. So <c>ln(x^2)</c> and <c>2·ln(x)</c> are equivalent (they agree wherever both are defined, x &gt; 0), while
/// <c>sqrt(x^2)</c> and <c>x</c> are not (they differ at every x &lt; 0).
/// </remarks>
public static class Equivalence
{
    /// <summary>The largest expression (distinct sub-expressions) that is sampled.</summary>
    private const int MaxNodes = 200_000;

    /// <summary>Decides whether <paramref name="a"/> and <paramref name="b"/> are the same function.</summary>
    /// <exception cref="ArgumentException">Invalid options (non-positive sample count, an empty or non-finite interval).</exception>
    /// <exception cref="BudgetExceededException">The expressions are too large to sample.</exception>
    public static EquivalenceResult Check(Expr a, Expr b, EquivalenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        options ??= EquivalenceOptions.Default;
        Validate(options);

        var difference = Expr.Subtract(a, b);
        if (ReferenceEquals(a, b) || difference.IsZero)
            return new EquivalenceResult(true, EquivalenceMethod.Symbolic, null, null, null, 0);
        var sampled = Sample(a, b, options);
        // Polynomial and rational identities are also decided symbolically when expansion stays small. Sampling still
        // runs first, so a counterexample (which would expose a simplifier bug) always wins.
        if (sampled.Method != EquivalenceMethod.Counterexample && ExpandsToZero(difference))
            return sampled with { Equivalent = true, Method = EquivalenceMethod.Symbolic };
        return sampled;
    }

    private static readonly SimplifyOptions ExpansionBudget = new() { MaxNodes = 5_000, TimeBudget = TimeSpan.FromMilliseconds(200) };

    private static bool ExpandsToZero(Expr difference)
    {
        try
        {
            return Simplifier.Cancel(Simplifier.Together(Simplifier.Expand(difference, ExpansionBudget), ExpansionBudget), ExpansionBudget).IsZero;
        }
        catch (SymbolicException)
        {
            return false; // budget exceeded or a form expansion cannot handle: sampling has decided
        }
    }

    /// <summary>Shorthand for <c>Check(a, b).Equivalent</c>.</summary>
    public static bool AreEquivalent(Expr a, Expr b) => Check(a, b).Equivalent;

    private static void Validate(EquivalenceOptions options)
    {
        if (options.SamplePoints < 1) throw new ArgumentException("SamplePoints must be at least 1.", nameof(options));
        if (options.MaxAttemptsFactor < 1) throw new ArgumentException("MaxAttemptsFactor must be at least 1.", nameof(options));
        if (!(options.RelativeTolerance >= 0) || !(options.AbsoluteTolerance >= 0))
            throw new ArgumentException("Tolerances must be non-negative numbers.", nameof(options));
        if (options.VariableDomains is { } domains)
        {
            foreach (var (name, interval) in domains)
            {
                if (interval is null || !double.IsFinite(interval.Min) || !double.IsFinite(interval.Max) || interval.Min > interval.Max)
                    throw new ArgumentException($"The sampling interval for '{name}' must be finite with Min <= Max.", nameof(options));
            }
        }
    }

    /// <summary>The numeric test: draw points, skip undefined ones, compare with a rounding-aware tolerance.</summary>
    private static EquivalenceResult Sample(Expr a, Expr b, EquivalenceOptions options)
    {
        var variables = Compiler.UnionOfFreeSymbols([a, b]);
        var evaluator = new ErrorBoundEvaluator([a, b], variables, MaxNodes);
        var sampler = new PointSampler(variables, options);
        var point = new double[variables.Count];
        Span<BoundedValue> values = stackalloc BoundedValue[2];
        int needed = variables.Count == 0 ? 1 : options.SamplePoints; // a constant has one value
        long attempts = variables.Count == 0 ? 1 : (long)options.SamplePoints * options.MaxAttemptsFactor;
        int agreeing = 0;
        for (long attempt = 0; attempt < attempts && agreeing < needed; attempt++)
        {
            sampler.Next(point);
            evaluator.Evaluate(point, values);
            var (va, ea) = values[0];
            var (vb, eb) = values[1];
            if (!double.IsFinite(va) || !double.IsFinite(vb)) continue; // outside the common domain
            double rounding = RoundingSafety * (ea + eb);
            double scale = Math.Max(Math.Abs(va), Math.Abs(vb));
            double tolerance = options.AbsoluteTolerance + options.RelativeTolerance * scale + rounding;
            if (Math.Abs(va - vb) > tolerance) // also when the rounding bound is finite: a real difference
            {
                var counterexample = new Dictionary<string, double>(StringComparer.Ordinal);
                for (int j = 0; j < variables.Count; j++) counterexample[variables[j].Name] = point[j];
                return new EquivalenceResult(false, EquivalenceMethod.Counterexample, counterexample, va, vb, agreeing + 1);
            }
            // Agreement counts only where rounding cannot hide a difference of the requested size.
            if (rounding <= ConditioningLimit * Math.Max(1, scale)) agreeing++;
        }
        return agreeing >= needed
            ? new EquivalenceResult(true, EquivalenceMethod.NumericSampling, null, null, null, agreeing)
            : new EquivalenceResult(false, EquivalenceMethod.Undetermined, null, null, null, agreeing);
    }

    /// <summary>Multiplies the first-order rounding bound, which is an estimate rather than a proof.</summary>
    private const double RoundingSafety = 16;

    /// <summary>A point whose possible rounding error exceeds this fraction of the values is too ill-conditioned to
    /// count as agreement (it is drawn again); it can still show a difference larger than the rounding.</summary>
    private const double ConditioningLimit = 1e-6;
}

/// <summary>Draws reproducible sample points (one value per variable) from the option's intervals or a mix of scales.</summary>
internal sealed class PointSampler
{
    private readonly Random _random;
    private readonly SamplingInterval?[] _intervals;

    public PointSampler(IReadOnlyList<Symbol> variables, EquivalenceOptions options)
    {
        _random = new Random(options.Seed);
        _intervals = new SamplingInterval?[variables.Count];
        for (int j = 0; j < variables.Count; j++)
            if (options.VariableDomains is { } d && d.TryGetValue(variables[j].Name, out var interval)) _intervals[j] = interval;
    }

    public void Next(Span<double> point)
    {
        for (int j = 0; j < point.Length; j++)
            point[j] = _intervals[j] is { } interval ? Uniform(interval.Min, interval.Max) : MixedScale();
    }

    private double Uniform(double min, double max) => min + (max - min) * _random.NextDouble();

    /// <summary>
    /// Half the draws are near 0 (where most textbook functions live), the rest spread over magnitudes up to 100 of
    /// either sign, log-uniformly inside each band. Random doubles are never the integers (0, ±1, multiples of π…)
    /// where special cases hide a difference.
    /// </summary>
    private double MixedScale()
    {
        double band = _random.NextDouble();
        double sign = _random.NextDouble() < 0.5 ? -1 : 1;
        return band switch
        {
            < 0.35 => Uniform(-3, 3),
            < 0.65 => sign * LogUniform(0.05, 2),
            < 0.90 => sign * Uniform(2, 10),
            _ => sign * LogUniform(10, 100),
        };
    }

    private double LogUniform(double min, double max) => Math.Exp(Uniform(Math.Log(min), Math.Log(max)));
}
