using Nabla.Course.Sandpit;

namespace Nabla.Tests.Sandpit;

public sealed class GameRuleTests
{
    private static SandpitRound NewRound(SandpitMode mode, string id = "intro") => new(id, 1, mode, [], false);

    [Fact]
    public void DipsAreNumberedAndLabelledWithTheirDepth()
    {
        var terrain = SandpitTestTerrains.Get("intro");
        var round = NewRound(SandpitMode.Depth);
        var first = SandpitGame.Dip(terrain, round, 5, 5);
        var second = SandpitGame.Dip(terrain, first.Round, 3, 1);
        Assert.Equal(1, first.Number);
        Assert.Equal(2, second.Number);
        double expected = -9 + 8 * (SandpitTestTerrains.Intro(3, 1) - terrain.RawMin) / (terrain.RawMax - terrain.RawMin);
        Assert.Equal(expected, second.Depth, 10);
        Assert.Equal($"2) {expected.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} m", second.Label);
        Assert.Equal("3) -6.42 m", SandpitGame.Label(3, -6.4213));
        Assert.Null(second.Arrow);
        Assert.Equal(DipStatus.Playing, second.Status);
    }

    [Fact]
    public void ADipWithinTheWinRadiusWinsAndJustOutsideDoesNot()
    {
        var terrain = SandpitTestTerrains.Get("intro");
        var phone = terrain.Phone;
        var miss = SandpitGame.Dip(terrain, NewRound(SandpitMode.Depth), phone.X + 0.16, phone.Y);
        Assert.Equal(DipStatus.Playing, miss.Status);
        var hit = SandpitGame.Dip(terrain, miss.Round, phone.X + 0.1, phone.Y - 0.1);
        Assert.Equal(DipStatus.Won, hit.Status);
        Assert.True(hit.Round.Won && hit.Round.Over);
        Assert.Contains("2 dips", hit.Messages[0], StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => SandpitGame.Dip(terrain, hit.Round, 1, 1));
    }

    [Fact]
    public void HurryFromTheTwentySecondDipAndTheRoundEndsAtTwentyFive()
    {
        var terrain = SandpitTestTerrains.Get("intro");
        var round = NewRound(SandpitMode.Depth);
        for (int k = 1; k <= 25; k++)
        {
            var outcome = SandpitGame.Dip(terrain, round, 5.5, 0.1 * k);
            Assert.Equal(k, outcome.Number);
            Assert.Equal(k is >= 22 and < 25, outcome.Hurry);
            Assert.Equal(k == 25 ? DipStatus.Over : DipStatus.Playing, outcome.Status);
            if (k == 22) Assert.Contains("Hurry up! 3 dips left.", outcome.Messages);
            round = outcome.Round;
        }
        Assert.True(round.Over);
        Assert.False(round.Won);
        Assert.Throws<InvalidOperationException>(() => SandpitGame.Dip(terrain, round, 1, 1));
    }

    [Fact]
    public void ADipAtAnotherLocalMinimumIsStuck()
    {
        var terrain = SandpitTestTerrains.Get("intro");
        var outcome = SandpitGame.Dip(terrain, NewRound(SandpitMode.Depth), 0.05, 5.95);
        Assert.True(outcome.Stuck);
        Assert.Contains("Stuck in a local optimum — try elsewhere.", outcome.Messages);
        Assert.False(SandpitGame.Dip(terrain, NewRound(SandpitMode.Depth), 3, 3).Stuck);
    }

    [Fact]
    public void TheGradientArrowPointsDownhillScaledAndClipped()
    {
        var terrain = SandpitTestTerrains.Get("intro");
        foreach (var (x, y) in new[] { (5.0, 5.0), (2.5, 3.0), (4.0, 1.5) })
        {
            var arrow = SandpitGame.Dip(terrain, NewRound(SandpitMode.Gradient), x, y).Arrow!;
            double norm = Math.Sqrt(arrow.Gradient.X * arrow.Gradient.X + arrow.Gradient.Y * arrow.Gradient.Y);
            double length = Math.Sqrt(arrow.ArrowDx * arrow.ArrowDx + arrow.ArrowDy * arrow.ArrowDy);
            Assert.Equal(Math.Min(SandpitRules.ArrowMaxLength, SandpitRules.ArrowScale * norm), length, 10);
            // A short step along the arrow goes down.
            Assert.True(terrain.Depth(x + 1e-3 * arrow.ArrowDx, y + 1e-3 * arrow.ArrowDy) < terrain.Depth(x, y));
        }
    }

    [Fact]
    public void DescentRunsUpToFiveStepsClippedToTheWalls()
    {
        var terrain = SandpitTestTerrains.Get("intro");
        var round = NewRound(SandpitMode.Descent);
        var outcome = SandpitGame.Dip(terrain, round, 3.5, 3, StepRules.Create("right"));
        Assert.Equal([3.5, 4.5, 5.5, 6.0], outcome.Path!.Select(p => p.X));
        Assert.All(outcome.Path!, p => Assert.Equal(3, p.Y));
        Assert.True(outcome.Path![^1].Clipped);
        Assert.Throws<ArgumentException>(() => SandpitGame.Dip(terrain, round, 3, 3));
    }

    [Fact]
    public void GradientDescentFromNearTheWellFindsThePhone()
    {
        var terrain = SandpitTestTerrains.Get("intro");
        var outcome = SandpitGame.Dip(terrain, NewRound(SandpitMode.Descent), terrain.Phone.X + 0.4, terrain.Phone.Y - 0.3, StepRules.Create("hybrid"));
        Assert.Equal(DipStatus.Won, outcome.Status);
        Assert.True(new PitPoint(outcome.Path![^1].X, outcome.Path[^1].Y).DistanceTo(terrain.Phone) <= SandpitRules.WinRadius);
    }

    [Fact]
    public void DipsOutsideThePitAreRejected()
    {
        var terrain = SandpitTestTerrains.Get("intro");
        Assert.Throws<ArgumentOutOfRangeException>(() => SandpitGame.Dip(terrain, NewRound(SandpitMode.Depth), 6.01, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SandpitGame.Dip(terrain, NewRound(SandpitMode.Depth), double.NaN, 1));
    }
}
