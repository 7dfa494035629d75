using Nabla.Course.Content;
using Nabla.Course.Sandpit;

namespace Nabla.Tests.Sandpit;

public sealed class TerrainTests
{
    private static readonly string[] RandomIds = ["dunes", "wells", "rocks", "needle"];

    [Fact]
    public void TheTerrainFileHasSixTerrainsWithTheirModes()
    {
        var ids = SandpitTestTerrains.Catalogue.Terrains.Select(t => t.Id).ToArray();
        Assert.Equal(["intro", "dunes", "wells", "rocks", "needle", "valley"], ids);
        Assert.Equal([SandpitMode.Gradient, SandpitMode.Depth], SandpitTestTerrains.Catalogue.Find("intro")!.Modes);
        Assert.Equal(SandpitMode.Descent, SandpitTestTerrains.Catalogue.Find("valley")!.Modes[0]);
        Assert.False(SandpitTestTerrains.Catalogue.Find("intro")!.IsRandom);
        Assert.All(RandomIds, id => Assert.True(SandpitTestTerrains.Catalogue.Find(id)!.IsRandom));
    }

    [Fact]
    public void TheIntroPhoneIsTheGlobalMinimumOfAnIndependentDenseGridSearch()
    {
        var terrain = SandpitTestTerrains.Get("intro");
        var (mx, my, min, max) = SandpitTestTerrains.GridSearch(SandpitTestTerrains.Intro, 1201);
        // The well's pull shifts the minimum from (1.5, 3.7) towards the far corner: about (1.21, 4.01).
        Assert.InRange(terrain.Phone.X, mx - 0.01, mx + 0.01);
        Assert.InRange(terrain.Phone.Y, my - 0.01, my + 0.01);
        Assert.True(terrain.RawMin <= min + 1e-12, $"refined minimum {terrain.RawMin} above the grid's {min}");
        Assert.InRange(terrain.RawMin, min - 1e-3, min);
        Assert.InRange(terrain.RawMax, max, max + 1e-3);
        Assert.Equal(-9, terrain.Depth(terrain.Phone.X, terrain.Phone.Y), 9);
        // The far corner (0, 6) is a local minimum on the wall, not the phone: a place to get stuck.
        Assert.Contains(terrain.LocalMinima, p => p.DistanceTo(new PitPoint(0, 6)) < 0.05);
    }

    [Theory]
    [InlineData("intro", 1)]
    [InlineData("dunes", 3)]
    [InlineData("wells", 7)]
    [InlineData("rocks", 11)]
    [InlineData("needle", 5)]
    [InlineData("valley", 1)]
    public void DepthsRunFromMinusNineAtThePhoneToMinusOneAtTheTop(string id, int seed)
    {
        var terrain = SandpitTestTerrains.Get(id, seed);
        var f = Nabla.Symbolic.Compilation.Compiler.Compile(terrain.F, TerrainDefinition.Variables);
        var (mx, my, _, _) = SandpitTestTerrains.GridSearch((x, y) => f.Evaluate(x, y), 301);
        double lowest = double.PositiveInfinity, highest = double.NegativeInfinity;
        for (int i = 0; i <= 120; i++)
            for (int j = 0; j <= 120; j++)
            {
                double d = terrain.Depth(i * 0.05, j * 0.05);
                Assert.InRange(d, -9 - 1e-9, -1 + 1e-9);
                lowest = Math.Min(lowest, d);
                highest = Math.Max(highest, d);
            }
        Assert.InRange(lowest, -9, -8.9);
        Assert.InRange(highest, -1.1, -1);
        Assert.Equal(-9, terrain.Depth(terrain.Phone.X, terrain.Phone.Y), 9);
        // The phone agrees with an independent search of the compiled f (within a grid cell, or at a value as low).
        Assert.True(terrain.Phone.DistanceTo(new PitPoint(mx, my)) < 0.05 || terrain.RawMin <= f.Evaluate(mx, my),
            $"{id}: phone at {terrain.Phone}, grid minimum at ({mx}, {my})");
    }

    [Fact]
    public void TheDepthGradientAndHessianMatchFiniteDifferencesOfTheDepth()
    {
        var terrain = SandpitTestTerrains.Get("dunes", 2);
        const double h = 1e-5;
        foreach (var (x, y) in new[] { (1.0, 2.0), (3.3, 0.7), (5.1, 4.4) })
        {
            var g = terrain.DepthGradient(x, y);
            double gx = (terrain.Depth(x + h, y) - terrain.Depth(x - h, y)) / (2 * h);
            double gy = (terrain.Depth(x, y + h) - terrain.Depth(x, y - h)) / (2 * h);
            Assert.Equal(gx, g.X, 5);
            Assert.Equal(gy, g.Y, 5);
            var hess = terrain.DepthHessian(x, y);
            var gxPlus = terrain.DepthGradient(x + h, y);
            var gxMinus = terrain.DepthGradient(x - h, y);
            Assert.Equal((gxPlus.X - gxMinus.X) / (2 * h), hess[0], 4);
            Assert.Equal((gxPlus.Y - gxMinus.Y) / (2 * h), hess[2], 4);
        }
    }

    [Fact]
    public void RandomTerrainsAreDeterministicPerSeedAndDifferBetweenSeeds()
    {
        foreach (var id in RandomIds)
        {
            var definition = SandpitTestTerrains.Catalogue.Find(id)!;
            var first = definition.Instantiate(42);
            var again = definition.Instantiate(42);
            var other = definition.Instantiate(43);
            Assert.Same(first, again);
            Assert.NotSame(first, other);
            Assert.Equal(["x", "y"], first.FreeSymbols.Select(s => s.Name));
        }
        Assert.Equal(SeededDraw.Unit(9, "dunes", "a12"), SeededDraw.Unit(9, "dunes", "a12"));
        Assert.NotEqual(SeededDraw.Unit(9, "dunes", "a12"), SeededDraw.Unit(9, "dunes", "a21"));
    }

    [Fact]
    public void SeededDrawsAreSpreadOverTheUnitInterval()
    {
        var draws = Enumerable.Range(0, 4000).Select(i => SeededDraw.Unit(i, "t", "a")).ToArray();
        Assert.All(draws, d => Assert.InRange(d, 0, 1 - 1e-16));
        for (int bin = 0; bin < 10; bin++)
            Assert.InRange(draws.Count(d => d >= bin / 10.0 && d < (bin + 1) / 10.0), 320, 480);
    }

    [Fact]
    public void TheWellsTerrainHidesThePhoneInTheDeepWellOnTheGrid()
    {
        for (int seed = 1; seed <= 4; seed++)
        {
            var terrain = SandpitTestTerrains.Get("wells", seed);
            var definition = terrain.Definition;
            double u = definition.Parameters.Single(p => p.Family == "u").Draw(SeededDraw.Unit(seed, "wells", "u")).ToDouble();
            double v = definition.Parameters.Single(p => p.Family == "v").Draw(SeededDraw.Unit(seed, "wells", "v")).ToDouble();
            Assert.True(terrain.Phone.DistanceTo(new PitPoint(u, v)) < 0.5, $"seed {seed}: phone {terrain.Phone}, deep well ({u}, {v})");
            Assert.NotEmpty(terrain.LocalMinima);
        }
    }

    [Fact]
    public void ACustomFormulaIsCheckedForVariablesDomainAndFlatness()
    {
        var lib = SandpitTestTerrains.Library;
        var bowl = lib.Custom("(x-2)^2 + (y-5)^2");
        Assert.True(bowl.Phone.DistanceTo(new PitPoint(2, 5)) < 1e-4);
        Assert.Throws<ArgumentException>(() => lib.Custom("x + z"));
        Assert.Contains("undefined", Assert.Throws<ArgumentException>(() => lib.Custom("ln(x - 1)")).Message);
        Assert.Contains("flat", Assert.Throws<ArgumentException>(() => lib.Custom("3")).Message);
        Assert.Throws<Nabla.Symbolic.Parsing.ParseException>(() => lib.Custom("x +* y"));
    }

    [Fact]
    public void TheTerrainFileIsValidatedWithLines()
    {
        const string yaml = """
            terrains:
              - id: a
                title: A
                modes: [depth, flying]
                f: "x + y"
              - id: b
                title: B
                modes: [depth]
                f: "x + w1"
              - id: c
                title: C
                modes: [depth]
                f: "x + k1"
                parameters:
                  k: { uniform: [2, 1] }
            """;
        var ex = Assert.Throws<ContentException>(() => TerrainCatalogue.Parse(yaml));
        Assert.Contains(ex.Problems, p => p.Message.Contains("flying", StringComparison.Ordinal) && p.Line == 2);
        Assert.Contains(ex.Problems, p => p.Message.Contains("w1", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Message.Contains("low < high", StringComparison.Ordinal));
    }
}
