using System.Globalization;

namespace Nabla.Course.Sandpit;

/// <summary>The Sandpit's rules as numbers (docs/web-sandpit.md).</summary>
public static class SandpitRules
{
    /// <summary>The pit is [0, PitSize] × [0, PitSize] metres.</summary>
    public const double PitSize = 6;

    /// <summary>The phone's depth (the global minimum).</summary>
    public const double PhoneDepth = -9;

    /// <summary>The depth of the highest point.</summary>
    public const double TopDepth = -1;

    /// <summary>A dip within this distance (m) of the phone finds it.</summary>
    public const double WinRadius = 0.15;

    /// <summary>A dip within this distance (m) of another local minimum is stuck there.</summary>
    public const double StuckRadius = 0.15;

    /// <summary>The dip at which the learner is told to hurry.</summary>
    public const int HurryAt = 22;

    /// <summary>The last dip of a round.</summary>
    public const int MaxDips = 25;

    /// <summary>Descent steps run by one dip in descent mode.</summary>
    public const int StepsPerDip = 5;

    /// <summary>The longest gradient arrow drawn (m).</summary>
    public const double ArrowMaxLength = 1.2;

    /// <summary>Arrow length per unit of |∇depth| before clipping.</summary>
    public const double ArrowScale = 0.35;

    /// <summary>The most local minima a terrain keeps (the lowest ones).</summary>
    public const int MaxLocalMinima = 200;
}

/// <summary>One dip of a round: where the learner clicked.</summary>
/// <param name="X">East (m).</param>
/// <param name="Y">North (m).</param>
public sealed record Dip(double X, double Y);

/// <summary>
/// A round as the server keeps it: the terrain (id, seed, or the learner's own f), the mode, the dips so far and
/// whether the phone was found. Everything else (depths, the phone) is re-derived from it, so a round can travel
/// in a signed token and any server node can continue it.
/// </summary>
/// <param name="TerrainId">The terrain's id (or <see cref="TerrainDefinition.CustomId"/>).</param>
/// <param name="Seed">The seed of a random terrain (0 otherwise).</param>
/// <param name="Mode">How the round is played.</param>
/// <param name="Dips">The dips so far, oldest first.</param>
/// <param name="Won">Whether the phone was found (the round is then over).</param>
/// <param name="CustomF">The learner's own f for a custom terrain, else null.</param>
public sealed record SandpitRound(string TerrainId, int Seed, SandpitMode Mode, IReadOnlyList<Dip> Dips, bool Won, string? CustomF = null)
{
    /// <summary>Whether no more dips are allowed.</summary>
    public bool Over => Won || Dips.Count >= SandpitRules.MaxDips;

    /// <summary>Dips left.</summary>
    public int DipsLeft => Math.Max(0, SandpitRules.MaxDips - Dips.Count);
}

/// <summary>The gradient report of a dip in gradient mode.</summary>
/// <param name="Gradient">∇depth at the dip (m per m).</param>
/// <param name="ArrowDx">The arrow along −∇depth, scaled by <see cref="SandpitRules.ArrowScale"/> and clipped to
/// <see cref="SandpitRules.ArrowMaxLength"/>: east component (m).</param>
/// <param name="ArrowDy">North component (m).</param>
public sealed record GradientArrow((double X, double Y) Gradient, double ArrowDx, double ArrowDy);

/// <summary>One point of a descent path.</summary>
/// <param name="X">East (m).</param>
/// <param name="Y">North (m).</param>
/// <param name="Depth">The depth there (m).</param>
/// <param name="Clipped">Whether the step that reached it was clipped at a wall.</param>
public sealed record PathPoint(double X, double Y, double Depth, bool Clipped);

/// <summary>How a round stands after a dip.</summary>
public enum DipStatus
{
    /// <summary>The round goes on.</summary>
    Playing,
    /// <summary>The phone was found.</summary>
    Won,
    /// <summary>The dips ran out.</summary>
    Over,
}

/// <summary>What one dip reports.</summary>
/// <param name="Number">The dip's number (1 for the first).</param>
/// <param name="X">Where it was made: east.</param>
/// <param name="Y">North.</param>
/// <param name="Depth">The depth there (m).</param>
/// <param name="Label">The marker's label, e.g. <c>3) -6.42 m</c>.</param>
/// <param name="Arrow">The gradient arrow (gradient mode), else null.</param>
/// <param name="Path">The descent path from the dip (descent mode, starting at the dip), else null.</param>
/// <param name="PathNote">Why the descent stopped early (a singular Hessian, a non-finite step…), else null.</param>
/// <param name="Status">Whether the round goes on, was won or is over.</param>
/// <param name="Stuck">Whether the dip (or its descent) ended at a local minimum that is not the phone's.</param>
/// <param name="Hurry">Whether this dip is at or past <see cref="SandpitRules.HurryAt"/> and the round goes on.</param>
/// <param name="Messages">What to tell the learner, most important first.</param>
/// <param name="Round">The round with this dip added.</param>
public sealed record DipOutcome(int Number, double X, double Y, double Depth, string Label, GradientArrow? Arrow,
    IReadOnlyList<PathPoint>? Path, string? PathNote, DipStatus Status, bool Stuck, bool Hurry, IReadOnlyList<string> Messages,
    SandpitRound Round);

/// <summary>The Sandpit's rules applied to one dip: pure, so the server, the tests and any replay agree.</summary>
public static class SandpitGame
{
    /// <summary>The marker's label: <c>3) -6.42 m</c>.</summary>
    public static string Label(int number, double depth) =>
        string.Create(CultureInfo.InvariantCulture, $"{number}) {depth:0.00} m");

    /// <summary>Plays one dip at (x, y) on <paramref name="terrain"/>.</summary>
    /// <param name="terrain">The round's terrain (built from the round's terrain and seed).</param>
    /// <param name="round">The round so far.</param>
    /// <param name="x">East, in [0, 6].</param>
    /// <param name="y">North, in [0, 6].</param>
    /// <param name="rule">The step rule (descent mode only; ignored otherwise).</param>
    /// <exception cref="InvalidOperationException">The round is over.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The point is outside the pit or not finite.</exception>
    /// <exception cref="ArgumentException">Descent mode without a rule.</exception>
    public static DipOutcome Dip(Terrain terrain, SandpitRound round, double x, double y, StepRule? rule = null)
    {
        ArgumentNullException.ThrowIfNull(terrain);
        ArgumentNullException.ThrowIfNull(round);
        if (round.Over) throw new InvalidOperationException("the round is over: start a new one");
        var start = new PitPoint(x, y);
        if (!double.IsFinite(x) || !double.IsFinite(y) || !start.InPit)
            throw new ArgumentOutOfRangeException(nameof(x), $"({x}, {y}) is outside the pit: x and y run from 0 to {SandpitRules.PitSize}");
        if (round.Mode == SandpitMode.Descent && rule is null) throw new ArgumentException("descent mode needs a step rule", nameof(rule));

        int number = round.Dips.Count + 1;
        double depth = terrain.Depth(x, y);
        GradientArrow? arrow = round.Mode == SandpitMode.Gradient ? Arrow(terrain, x, y) : null;
        List<PathPoint>? path = null;
        string? note = null;
        var last = start;
        bool won = start.DistanceTo(terrain.Phone) <= SandpitRules.WinRadius;
        if (round.Mode == SandpitMode.Descent && !won)
        {
            (path, note) = Descend(terrain, start, depth, rule!);
            int hit = path.FindIndex(p => new PitPoint(p.X, p.Y).DistanceTo(terrain.Phone) <= SandpitRules.WinRadius);
            if (hit >= 0)
            {
                won = true;
                path.RemoveRange(hit + 1, path.Count - hit - 1);
                note = null;
            }
            last = new PitPoint(path[^1].X, path[^1].Y);
        }
        else if (round.Mode == SandpitMode.Descent)
            path = [new PathPoint(x, y, depth, false)];

        var next = round with { Dips = [.. round.Dips, new Dip(x, y)], Won = won };
        bool stuck = !won && terrain.LocalMinima.Any(m => m.DistanceTo(last) <= SandpitRules.StuckRadius);
        var status = won ? DipStatus.Won : next.Over ? DipStatus.Over : DipStatus.Playing;
        bool hurry = status == DipStatus.Playing && number >= SandpitRules.HurryAt;
        var messages = new List<string>();
        if (won) messages.Add(number == 1 ? "You found the phone with your very first dip!" : $"You found the phone in {number} dips!");
        if (stuck) messages.Add("Stuck in a local optimum — try elsewhere.");
        if (note is not null) messages.Add(note);
        if (hurry) messages.Add(next.DipsLeft == 1 ? "Hurry up! Last dip." : $"Hurry up! {next.DipsLeft} dips left.");
        if (status == DipStatus.Over)
            messages.Add(string.Create(CultureInfo.InvariantCulture, $"Out of dips: the phone was at ({terrain.Phone.X:0.00}, {terrain.Phone.Y:0.00})."));
        return new DipOutcome(number, x, y, depth, Label(number, depth), arrow, path, note, status, stuck, hurry, messages, next);
    }

    /// <summary>The gradient arrow at (x, y): along −∇depth, ArrowScale·|∇depth| long, clipped to ArrowMaxLength.</summary>
    public static GradientArrow Arrow(Terrain terrain, double x, double y)
    {
        ArgumentNullException.ThrowIfNull(terrain);
        var g = terrain.DepthGradient(x, y);
        double norm = Math.Sqrt(g.X * g.X + g.Y * g.Y);
        if (norm < 1e-12) return new GradientArrow(g, 0, 0);
        double length = Math.Min(SandpitRules.ArrowMaxLength, SandpitRules.ArrowScale * norm);
        return new GradientArrow(g, -g.X / norm * length, -g.Y / norm * length);
    }

    /// <summary>
    /// Up to <see cref="SandpitRules.StepsPerDip"/> steps of <paramref name="rule"/> from <paramref name="start"/>; a
    /// step leaving the pit is clipped to the wall (each coordinate clamped). Stops early on a step that cannot be
    /// taken or does not move.
    /// </summary>
    public static (List<PathPoint> Path, string? Note) Descend(Terrain terrain, PitPoint start, double startDepth, StepRule rule)
    {
        ArgumentNullException.ThrowIfNull(terrain);
        ArgumentNullException.ThrowIfNull(rule);
        var path = new List<PathPoint> { new(start.X, start.Y, startDepth, false) };
        var at = start;
        for (int k = 0; k < SandpitRules.StepsPerDip; k++)
        {
            var j = terrain.DepthGradient(at.X, at.Y);
            double dx, dy;
            try
            {
                (dx, dy) = rule.Step(j, terrain.DepthHessian(at.X, at.Y));
            }
            catch (StepRuleException ex)
            {
                return (path, string.Create(CultureInfo.InvariantCulture, $"The descent stopped at ({at.X:0.00}, {at.Y:0.00}): {ex.Message}."));
            }
            if (!double.IsFinite(dx) || !double.IsFinite(dy))
                return (path, string.Create(CultureInfo.InvariantCulture, $"The descent stopped at ({at.X:0.00}, {at.Y:0.00}): the step is not a finite number."));
            var target = new PitPoint(at.X + dx, at.Y + dy);
            var landed = target.Clip();
            if (landed.DistanceTo(at) < 1e-9) break;
            at = landed;
            path.Add(new PathPoint(at.X, at.Y, terrain.Depth(at.X, at.Y), !target.InPit));
        }
        return (path, null);
    }
}
