using System.Numerics;

namespace Nabla.AutoDiff;

/// <summary>
/// Forward-mode automatic differentiation: run a function on <see cref="Dual{T}"/> numbers whose tangents are a
/// direction v, and read off J·v (a Jacobian-vector product) in one pass. A full Jacobian takes one pass per input
/// (seeding each unit vector), which is cheap for few inputs; reverse mode is the tool for many inputs and one output.
/// </summary>
public static class ForwardMode
{
    /// <summary>
    /// The Jacobian-vector product: the values f(x) and the directional derivatives J(x)·v, in one forward pass.
    /// </summary>
    /// <param name="f">The function, written on dual numbers.</param>
    /// <param name="x">The point.</param>
    /// <param name="v">The direction (same length as <paramref name="x"/>).</param>
    /// <exception cref="ArgumentException">The lengths of <paramref name="x"/> and <paramref name="v"/> differ.</exception>
    public static (double[] Values, double[] Derivatives) Jvp(Func<Dual<double>[], Dual<double>[]> f, double[] x, double[] v) =>
        JvpCore(f, x, v);

    /// <summary>Single-precision <see cref="Jvp(Func{Dual{double}[], Dual{double}[]}, double[], double[])"/>.</summary>
    public static (float[] Values, float[] Derivatives) Jvp(Func<Dual<float>[], Dual<float>[]> f, float[] x, float[] v) =>
        JvpCore(f, x, v);

    /// <summary>The directional derivative ∇f(x)·v of a scalar function, in one forward pass.</summary>
    /// <exception cref="ArgumentException">The lengths of <paramref name="x"/> and <paramref name="v"/> differ.</exception>
    public static double DirectionalDerivative(Func<Dual<double>[], Dual<double>> f, double[] x, double[] v) =>
        DirectionalCore(f, x, v);

    /// <summary>Single-precision <see cref="DirectionalDerivative(Func{Dual{double}[], Dual{double}}, double[], double[])"/>.</summary>
    public static float DirectionalDerivative(Func<Dual<float>[], Dual<float>> f, float[] x, float[] v) =>
        DirectionalCore(f, x, v);

    /// <summary>The gradient ∇f(x) of a scalar function, by one forward pass per input (seed eᵢ, read ∂f/∂xᵢ).</summary>
    public static double[] Gradient(Func<Dual<double>[], Dual<double>> f, double[] x) => GradientCore(f, x);

    /// <summary>Single-precision <see cref="Gradient(Func{Dual{double}[], Dual{double}}, double[])"/>.</summary>
    public static float[] Gradient(Func<Dual<float>[], Dual<float>> f, float[] x) => GradientCore(f, x);

    /// <summary>
    /// The m×n Jacobian J[i, j] = ∂fᵢ/∂xⱼ, by n forward passes: pass j seeds the unit vector eⱼ and yields column j.
    /// </summary>
    /// <exception cref="ArgumentException">The function returns a different number of outputs on different passes.</exception>
    public static double[,] Jacobian(Func<Dual<double>[], Dual<double>[]> f, double[] x) => JacobianCore(f, x);

    /// <summary>Single-precision <see cref="Jacobian(Func{Dual{double}[], Dual{double}[]}, double[])"/>.</summary>
    public static float[,] Jacobian(Func<Dual<float>[], Dual<float>[]> f, float[] x) => JacobianCore(f, x);

    private static Dual<T>[] Seed<T>(T[] x, T[] v) where T : IFloatingPointIeee754<T>
    {
        var point = new Dual<T>[x.Length];
        for (int i = 0; i < x.Length; i++) point[i] = new Dual<T>(x[i], v[i]);
        return point;
    }

    private static Dual<T>[] SeedUnit<T>(T[] x, int j) where T : IFloatingPointIeee754<T>
    {
        var point = new Dual<T>[x.Length];
        for (int i = 0; i < x.Length; i++) point[i] = new Dual<T>(x[i], i == j ? T.One : T.Zero);
        return point;
    }

    private static void CheckDirection<T>(T[] x, T[] v)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(v);
        if (x.Length != v.Length)
            throw new ArgumentException($"The direction has {v.Length} components but the point has {x.Length}.", nameof(v));
    }

    private static (T[], T[]) JvpCore<T>(Func<Dual<T>[], Dual<T>[]> f, T[] x, T[] v) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckDirection(x, v);
        var outputs = f(Seed(x, v));
        var values = new T[outputs.Length];
        var derivatives = new T[outputs.Length];
        for (int i = 0; i < outputs.Length; i++) (values[i], derivatives[i]) = (outputs[i].Value, outputs[i].Derivative);
        return (values, derivatives);
    }

    private static T DirectionalCore<T>(Func<Dual<T>[], Dual<T>> f, T[] x, T[] v) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckDirection(x, v);
        return f(Seed(x, v)).Derivative;
    }

    private static T[] GradientCore<T>(Func<Dual<T>[], Dual<T>> f, T[] x) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        var gradient = new T[x.Length];
        for (int j = 0; j < x.Length; j++) gradient[j] = f(SeedUnit(x, j)).Derivative;
        return gradient;
    }

    private static T[,] JacobianCore<T>(Func<Dual<T>[], Dual<T>[]> f, T[] x) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        T[,]? jacobian = null;
        if (x.Length == 0) return new T[f([]).Length, 0];
        for (int j = 0; j < x.Length; j++)
        {
            var column = f(SeedUnit(x, j));
            jacobian ??= new T[column.Length, x.Length];
            if (column.Length != jacobian.GetLength(0))
                throw new ArgumentException(
                    $"The function returned {column.Length} outputs on pass {j + 1} but {jacobian.GetLength(0)} before.", nameof(f));
            for (int i = 0; i < column.Length; i++) jacobian[i, j] = column[i].Derivative;
        }
        return jacobian!;
    }
}
