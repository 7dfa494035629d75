using Nabla.Course.Sandpit;
using Nabla.Tests.Course;

namespace Nabla.Tests.Sandpit;

/// <summary>The real terrain file, loaded once, and a shared library of built terrains.</summary>
internal static class SandpitTestTerrains
{
    private static readonly Lazy<SandpitLibrary> Shared = new(() => new SandpitLibrary(TerrainCatalogue.Load(CourseFixtures.ContentRoot)));

    public static SandpitLibrary Library => Shared.Value;

    public static TerrainCatalogue Catalogue => Library.Catalogue;

    public static Terrain Get(string id, int seed = 1) => Library.Get(Catalogue.Find(id)!, seed);

    /// <summary>An independent brute-force search: the lowest and highest values on an n × n grid, plain doubles.</summary>
    public static (double MinX, double MinY, double Min, double Max) GridSearch(Func<double, double, double> f, int n)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity, mx = 0, my = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double x = 6.0 * i / (n - 1), y = 6.0 * j / (n - 1), v = f(x, y);
                if (v < min) (min, mx, my) = (v, x, y);
                if (v > max) max = v;
            }
        return (mx, my, min, max);
    }

    /// <summary>The course's intro formula written out in C# (the oracle for the intro terrain).</summary>
    public static double Intro(double x, double y) =>
        -((x - 4.1) * (x - 4.1) + (y - 0.9) * (y - 0.9)) - 30 * Math.Exp(-((x - 1.5) * (x - 1.5) + (y - 3.7) * (y - 3.7)) / 2.8);
}
