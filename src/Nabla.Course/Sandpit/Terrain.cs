using Nabla.Optimization;
using Nabla.Symbolic;

namespace Nabla.Course.Sandpit;

/// <summary>A point in the pit (metres from the south-west corner).</summary>
/// <param name="X">East.</param>
/// <param name="Y">North.</param>
public readonly record struct PitPoint(double X, double Y)
{
    /// <summary>The distance to <paramref name="other"/>.</summary>
    public double DistanceTo(PitPoint other) => Math.Sqrt((X - other.X) * (X - other.X) + (Y - other.Y) * (Y - other.Y));

    /// <summary>The point clipped to the pit's walls.</summary>
    public PitPoint Clip() => new(Math.Clamp(X, 0, SandpitRules.PitSize), Math.Clamp(Y, 0, SandpitRules.PitSize));

    /// <summary>Whether the point is inside the pit (walls included).</summary>
    public bool InPit => X is >= 0 and <= SandpitRules.PitSize && Y is >= 0 and <= SandpitRules.PitSize;
}

/// <summary>A grid of depths over the pit, for the contours shown when a round ends.</summary>
/// <param name="Xs">The grid's x values.</param>
/// <param name="Ys">The grid's y values.</param>
/// <param name="Depths">Depths[j][i] at (Xs[i], Ys[j]) (rows by y, as contour plots take them).</param>
public sealed record DepthGrid(IReadOnlyList<double> Xs, IReadOnlyList<double> Ys, IReadOnlyList<double[]> Depths);

/// <summary>
/// A terrain ready to play: f compiled with its symbolic gradient and Hessian (through <see cref="Objective"/>), its
/// global minimum (where the phone is), its other local minima (where a learner gets stuck) and its maximum, found by
/// a dense grid then local refinement. Depths are f rescaled so the minimum is −9 m and the maximum −1 m.
/// Immutable and thread-safe once built.
/// </summary>
public sealed class Terrain
{
    /// <summary>Grid points per axis of the search grid (spacing 6/240 = 0.025 m).</summary>
    public const int SearchGrid = 241;

    private readonly Objective objective;
    private readonly double scale;

    private Terrain(TerrainDefinition definition, int seed, Expr f, Objective objective, double rawMin, double rawMax,
        PitPoint phone, IReadOnlyList<PitPoint> localMinima)
    {
        Definition = definition;
        Seed = seed;
        F = f;
        this.objective = objective;
        RawMin = rawMin;
        RawMax = rawMax;
        Phone = phone;
        LocalMinima = localMinima;
        scale = (SandpitRules.TopDepth - SandpitRules.PhoneDepth) / (rawMax - rawMin);
    }

    /// <summary>The definition this terrain was drawn from.</summary>
    public TerrainDefinition Definition { get; }

    /// <summary>The seed of the draw (0 for terrains without parameters).</summary>
    public int Seed { get; }

    /// <summary>f(x, y) with the parameters drawn.</summary>
    public Expr F { get; }

    /// <summary>The smallest value of f over the pit.</summary>
    public double RawMin { get; }

    /// <summary>The largest value of f over the pit.</summary>
    public double RawMax { get; }

    /// <summary>Where the phone is: the global minimum of f over the pit.</summary>
    public PitPoint Phone { get; }

    /// <summary>The other local minima of f over the pit (walls included), where descent gets stuck.</summary>
    public IReadOnlyList<PitPoint> LocalMinima { get; }

    /// <summary>f at a point.</summary>
    public double Raw(double x, double y) => objective.Value([x, y]);

    /// <summary>The depth at a point: f rescaled to run from −9 m (the phone) to −1 m (the highest point).</summary>
    public double Depth(double x, double y) => SandpitRules.PhoneDepth + (Raw(x, y) - RawMin) * scale;

    /// <summary>∇depth at a point (m per m).</summary>
    public (double X, double Y) DepthGradient(double x, double y)
    {
        Span<double> g = stackalloc double[2];
        objective.Gradient([x, y], g);
        return (g[0] * scale, g[1] * scale);
    }

    /// <summary>The Hessian of the depth at a point, row-major [hxx, hxy, hyx, hyy].</summary>
    public double[] DepthHessian(double x, double y)
    {
        var h = new double[4];
        objective.Hessian([x, y], h);
        for (int i = 0; i < 4; i++) h[i] *= scale;
        return h;
    }

    /// <summary>The depths on an n × n grid over the pit.</summary>
    public DepthGrid Grid(int n)
    {
        if (n is < 2 or > 401) throw new ArgumentOutOfRangeException(nameof(n), "the grid has 2 to 401 points per side");
        var axis = Enumerable.Range(0, n).Select(i => SandpitRules.PitSize * i / (n - 1)).ToArray();
        var rows = new double[n][];
        for (int j = 0; j < n; j++)
        {
            rows[j] = new double[n];
            for (int i = 0; i < n; i++) rows[j][i] = Depth(axis[i], axis[j]);
        }
        return new DepthGrid(axis, axis, rows);
    }

    /// <summary>Compiles and analyses the terrain <paramref name="definition"/> drawn with <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">f is undefined somewhere in the pit, or flat.</exception>
    /// <exception cref="OperationCanceledException">The analysis ran out of time.</exception>
    public static Terrain Build(TerrainDefinition definition, int seed, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        int effectiveSeed = definition.IsRandom ? seed : 0;
        var f = definition.Instantiate(effectiveSeed);
        var objective = Objective.FromExpr(f, ["x", "y"]);
        return Analyse(definition, effectiveSeed, f, objective, cancellation);
    }

    private static Terrain Analyse(TerrainDefinition definition, int seed, Expr f, Objective objective, CancellationToken cancellation)
    {
        const int n = SearchGrid;
        double h = SandpitRules.PitSize / (n - 1);
        var values = new double[n, n];
        double gridMin = double.PositiveInfinity, gridMax = double.NegativeInfinity;
        int minI = 0, minJ = 0, maxI = 0, maxJ = 0;
        Span<double> point = stackalloc double[2];
        for (int i = 0; i < n; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            for (int j = 0; j < n; j++)
            {
                point[0] = i * h;
                point[1] = j * h;
                double v = objective.Value(point);
                if (!double.IsFinite(v))
                    throw new ArgumentException($"f is not defined everywhere in the pit: at ({i * h:0.###}, {j * h:0.###}) it is {(double.IsNaN(v) ? "undefined" : "infinite")}");
                values[i, j] = v;
                if (v < gridMin) (gridMin, minI, minJ) = (v, i, j);
                if (v > gridMax) (gridMax, maxI, maxJ) = (v, i, j);
            }
        }
        if (gridMax - gridMin < 1e-9 * Math.Max(1, Math.Abs(gridMax)))
            throw new ArgumentException("f is flat over the pit: there is no deepest point to find");

        // Candidates: grid points strictly below their neighbours (walls count as edges of the pit).
        var candidates = new List<(double Value, int I, int J)>();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double v = values[i, j];
                bool lowest = true;
                for (int di = -1; di <= 1 && lowest; di++)
                    for (int dj = -1; dj <= 1; dj++)
                    {
                        if (di == 0 && dj == 0) continue;
                        int a = i + di, b = j + dj;
                        if (a < 0 || b < 0 || a >= n || b >= n) continue;
                        if (values[a, b] <= v) { lowest = false; break; }
                    }
                if (lowest) candidates.Add((v, i, j));
            }
        if (candidates.Count == 0) candidates.Add((gridMin, minI, minJ));
        candidates.Sort((p, q) => p.Value.CompareTo(q.Value));
        if (candidates.Count > SandpitRules.MaxLocalMinima) candidates.RemoveRange(SandpitRules.MaxLocalMinima, candidates.Count - SandpitRules.MaxLocalMinima);

        var minima = new List<(PitPoint Point, double Value)>();
        foreach (var (_, i, j) in candidates)
        {
            cancellation.ThrowIfCancellationRequested();
            var refined = RefineMinimum(objective, new PitPoint(i * h, j * h), h);
            if (minima.Any(m => m.Point.DistanceTo(refined.Point) < 2 * h)) continue;
            minima.Add(refined);
        }
        minima.Sort((p, q) => p.Value.CompareTo(q.Value));
        var phone = minima[0];
        var others = minima.Skip(1).Where(m => m.Point.DistanceTo(phone.Point) > SandpitRules.WinRadius).Select(m => m.Point).ToList();

        var top = RefineMinimum(Negated(objective), new PitPoint(maxI * h, maxJ * h), h);
        double rawMax = Math.Max(gridMax, -top.Value);
        double rawMin = Math.Min(gridMin, phone.Value);
        return new Terrain(definition, seed, f, objective, rawMin, rawMax, phone.Point, others);
    }

    private static Objective Negated(Objective o) => Objective.FromDelegates(["x", "y"], x => -o.Value(x), (x, g) =>
    {
        o.Gradient(x, g);
        g[0] = -g[0];
        g[1] = -g[1];
    });

    /// <summary>
    /// Refines a grid minimum: a shrinking pattern search inside the pit (which handles minima on a wall), then,
    /// for interior points, the engine's minimiser to polish; the polish is kept only when it stays nearby and lower.
    /// </summary>
    internal static (PitPoint Point, double Value) RefineMinimum(Objective objective, PitPoint start, double spacing)
    {
        var best = start;
        double bestValue = objective.Value([start.X, start.Y]);
        double step = spacing / 2;
        for (int round = 0; round < 6; round++, step /= 4)
        {
            var centre = best;
            for (int a = -4; a <= 4; a++)
                for (int b = -4; b <= 4; b++)
                {
                    var p = new PitPoint(centre.X + a * step, centre.Y + b * step).Clip();
                    double v = objective.Value([p.X, p.Y]);
                    if (v < bestValue) (best, bestValue) = (p, v);
                }
        }
        bool interior = best.X > spacing && best.Y > spacing && best.X < SandpitRules.PitSize - spacing && best.Y < SandpitRules.PitSize - spacing;
        if (!interior) return (best, bestValue);
        try
        {
            var result = Optimize.Minimize(objective, [best.X, best.Y], new MinimizeOptions
            {
                Method = MinimizeMethod.Bfgs, MaxIterations = 60, MaxStep = spacing, RecordTrace = false, GradientTolerance = 1e-10,
            });
            var polished = new PitPoint(result.X[0], result.X[1]);
            if (polished.InPit && polished.DistanceTo(best) < spacing && result.Value <= bestValue) return (polished, result.Value);
        }
        catch (ArithmeticException)
        {
            // The pattern search's answer stands when the polish cannot run.
        }
        return (best, bestValue);
    }
}
