using System.Diagnostics;

namespace Nabla.Tests.Budgets;

/// <summary>
/// "Returns within N seconds" for budget tests. The bounds are generous on purpose (CI machines are loaded): they
/// catch hangs and missing limits, never measure speed.
/// </summary>
internal static class Within
{
    public static T Seconds<T>(double seconds, Func<T> work)
    {
        var clock = Stopwatch.StartNew();
        var result = work();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(seconds), $"took {clock.Elapsed.TotalSeconds:0.0} s; the bound is {seconds} s");
        return result;
    }

    public static TException Throws<TException>(double seconds, Action work) where TException : Exception
    {
        var clock = Stopwatch.StartNew();
        var ex = Assert.ThrowsAny<TException>(work);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(seconds), $"took {clock.Elapsed.TotalSeconds:0.0} s; the bound is {seconds} s");
        return ex;
    }
}
