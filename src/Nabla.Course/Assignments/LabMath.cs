using System.Globalization;
using System.Reflection;
using Nabla.Numerics;

namespace Nabla.Course.Assignments;

/// <summary>Arithmetic the graders use to compare a learner's answer with the reference and to recognise mistakes.</summary>
internal static class LabMath
{
    public static string Shape(double[,] a) => $"{a.GetLength(0)}×{a.GetLength(1)}";

    public static double[,] FromTensor(Tensor<double> t)
    {
        int rows = t.Shape[0], cols = t.Shape[1];
        var data = t.ToArray();
        var a = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) a[i, j] = data[i * cols + j];
        return a;
    }

    public static Tensor<double> ToTensor(double[,] a)
    {
        int rows = a.GetLength(0), cols = a.GetLength(1);
        var data = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) data[i * cols + j] = a[i, j];
        return Tensor<double>.FromArray(data, rows, cols);
    }

    public static double[] Flat(double[,] a) => a.Cast<double>().ToArray();

    /// <summary>max|a − b| / max|b| (NaN when a holds NaN; 0 when both are zero).</summary>
    public static double RelativeError(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double diff = 0, scale = 0;
        for (int i = 0; i < b.Count; i++)
        {
            double d = Math.Abs(a[i] - b[i]);
            if (double.IsNaN(d)) return double.NaN;
            diff = Math.Max(diff, d);
            scale = Math.Max(scale, Math.Abs(b[i]));
        }
        return diff == 0 ? 0 : scale == 0 ? double.PositiveInfinity : diff / scale;
    }

    public static bool Close(IReadOnlyList<double> a, IReadOnlyList<double> b, double tolerance) => RelativeError(a, b) <= tolerance;

    /// <summary>The c with a ≈ c·b when the learner's answer is a constant multiple of the reference (null when it is not).</summary>
    public static double? Multiple(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double ab = 0, bb = 0;
        for (int i = 0; i < b.Count; i++)
        {
            ab += a[i] * b[i];
            bb += b[i] * b[i];
        }
        if (!(bb > 0) || !double.IsFinite(ab)) return null;
        double c = ab / bb;
        var scaled = b.Select(v => c * v).ToArray();
        return Close(a, scaled, 1e-6) ? c : null;
    }

    public static bool Near(double value, double target) => Math.Abs(value - target) <= 1e-6 * Math.Abs(target);

    public static string Format(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>Calls a learner's function; a learner exception comes back as the exception itself (not wrapped).</summary>
    public static object? Invoke(MethodInfo method, object?[] args) =>
        method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, args, CultureInfo.InvariantCulture);

    /// <summary>Feedback for an exception thrown by the learner's function <paramref name="name"/>.</summary>
    public static LabFeedback Thrown(string name, Exception ex)
    {
        if (ex is NotImplementedException)
            return new("not-written", $"{name} is not written yet: it still throws NotImplementedException.");
        string where = WhereInLearnerCode(ex, name);
        return new("threw", $"{name} threw {ex.GetType().Name}: {ex.Message}{where}");
    }

    /// <summary>
    /// " (at line N of file.cs, in M)" for the learner's frame nearest the cause: the graded function's own line when
    /// it is on the stack (the call that failed), else the innermost frame in the learner's file; "" without line numbers.
    /// </summary>
    private static string WhereInLearnerCode(Exception ex, string function)
    {
        var trace = new System.Diagnostics.StackTrace(ex, fNeedFileInfo: true);
        System.Diagnostics.StackFrame? first = null;
        foreach (var frame in trace.GetFrames())
        {
            var method = frame.GetMethod();
            if (method?.DeclaringType?.Assembly is not { } assembly || assembly == typeof(LabMath).Assembly
                || frame.GetFileLineNumber() <= 0 || frame.GetFileName() is not { } file || !file.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
                continue;
            first ??= frame;
            if (method.Name == function) return Describe(frame);
        }
        return first is null ? "" : Describe(first);

        static string Describe(System.Diagnostics.StackFrame frame) =>
            $" (at line {frame.GetFileLineNumber()} of {Path.GetFileName(frame.GetFileName())}, in {frame.GetMethod()!.Name})";
    }
}
