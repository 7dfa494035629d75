using System.Buffers;

namespace Nabla.Symbolic.Compilation;

/// <summary>
/// Several expressions (e.g. the components of a gradient) compiled together: sub-expressions shared between
/// components are computed once per point. See <see cref="Compiler.Compile(IReadOnlyList{Expr}, IReadOnlyList{Symbol}?)"/>.
/// Thread-safe.
/// </summary>
public sealed class CompiledVectorFunction
{
    private readonly Kernel _kernel;

    internal CompiledVectorFunction(IReadOnlyList<Expr> outputs, Kernel kernel)
    {
        Outputs = outputs;
        _kernel = kernel;
    }

    /// <summary>The compiled components.</summary>
    public IReadOnlyList<Expr> Outputs { get; }

    /// <summary>The number of components.</summary>
    public int OutputCount => Outputs.Count;

    /// <summary>The variables, in argument order.</summary>
    public IReadOnlyList<Symbol> Variables => _kernel.Variables;

    /// <summary>Distinct sub-expressions computed per point, over all components (shared ones counted once).</summary>
    public int OperationCount => _kernel.NodeCount;

    /// <summary>Writes the components at <paramref name="point"/> (in <see cref="Variables"/> order) into <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">The point does not have one value per variable, or the output has not one slot per component.</exception>
    public void Evaluate(ReadOnlySpan<double> point, Span<double> output)
    {
        Arguments.CheckPoint(point.Length, Variables.Count, nameof(point));
        if (output.Length != OutputCount)
            throw new ArgumentException($"The output has {output.Length} slots; the function has {OutputCount} components.", nameof(output));
        var pool = ArrayPool<double>.Shared;
        var input = pool.Rent(Math.Max(1, point.Length));
        var result = pool.Rent(Math.Max(1, OutputCount));
        try
        {
            point.CopyTo(input);
            _kernel.EvaluateVector(input, result);
            result.AsSpan(0, OutputCount).CopyTo(output);
        }
        finally
        {
            pool.Return(input);
            pool.Return(result);
        }
    }

    /// <summary>The components at a point given in <see cref="Variables"/> order.</summary>
    /// <exception cref="ArgumentException">The point does not have one value per variable.</exception>
    public double[] Evaluate(params double[] point)
    {
        ArgumentNullException.ThrowIfNull(point);
        Arguments.CheckPoint(point.Length, Variables.Count, nameof(point));
        var output = new double[OutputCount];
        _kernel.EvaluateVector(point, output);
        return output;
    }

    /// <summary>The components with variables bound by name.</summary>
    /// <exception cref="ArgumentException">A variable has no value.</exception>
    public double[] Evaluate(IReadOnlyDictionary<string, double> bindings) => Evaluate(Arguments.PointFrom(bindings, Variables));

    /// <summary>
    /// Evaluates at <c>n</c> points given column-wise (<c>columns[j][i]</c> is variable <c>j</c> at point <c>i</c>),
    /// writing component <c>k</c> at point <c>i</c> to <c>outputs[k][i]</c>; <c>n</c> is the length of the output
    /// arrays. The loop runs inside the compiled code; long batches are split across cores.
    /// </summary>
    /// <param name="columns">One array per variable, each at least <c>n</c> long.</param>
    /// <param name="outputs">One array per component, all of length <c>n</c>.</param>
    /// <param name="parallel">Split batches of 32,768 points or more across cores.</param>
    /// <exception cref="ArgumentException">Wrong number of columns or outputs, or arrays of unsuitable length.</exception>
    public void EvaluateBatch(IReadOnlyList<double[]> columns, IReadOnlyList<double[]> outputs, bool parallel = true)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count != OutputCount)
            throw new ArgumentException($"{outputs.Count} output arrays were given; the function has {OutputCount} components.", nameof(outputs));
        int n = OutputCount == 0 ? 0 : outputs[0]?.Length ?? throw new ArgumentNullException(nameof(outputs));
        var outs = new double[OutputCount][];
        for (int k = 0; k < outs.Length; k++)
        {
            outs[k] = outputs[k] ?? throw new ArgumentNullException(nameof(outputs));
            if (outs[k].Length != n)
                throw new ArgumentException($"Output array {k} has {outs[k].Length} elements; output array 0 has {n}.", nameof(outputs));
        }
        var cols = Arguments.Columns(columns, Variables.Count, n);
        if (OutputCount > 0) _kernel.EvaluateBatch(cols, outs, n, parallel);
    }

    /// <summary>Evaluates at every point of the columns (all of the same length); returns one array per component.</summary>
    /// <exception cref="ArgumentException">Wrong number of columns, columns of different lengths, or no variables.</exception>
    public double[][] EvaluateBatch(IReadOnlyList<double[]> columns)
    {
        int n = Arguments.CommonLength(columns, Variables.Count);
        var outputs = new double[OutputCount][];
        for (int k = 0; k < outputs.Length; k++) outputs[k] = new double[n];
        EvaluateBatch(columns, outputs);
        return outputs;
    }
}

/// <summary>Argument checks shared by the compiled-function types.</summary>
internal static class Arguments
{
    public static void CheckPoint(int length, int variables, string name)
    {
        if (length != variables)
            throw new ArgumentException($"The point has {length} coordinates; the function has {variables} variables.", name);
    }

    public static double[] PointFrom(IReadOnlyDictionary<string, double> bindings, IReadOnlyList<Symbol> variables)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        var point = new double[variables.Count];
        for (int j = 0; j < point.Length; j++)
        {
            if (!bindings.TryGetValue(variables[j].Name, out point[j]))
                throw new ArgumentException($"No value was given for the variable '{variables[j].Name}'.", nameof(bindings));
        }
        return point;
    }

    public static double[][] Columns(IReadOnlyList<double[]> columns, int variables, int count)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count != variables)
            throw new ArgumentException($"{columns.Count} columns were given; the function has {variables} variables.", nameof(columns));
        var cols = new double[variables][];
        for (int j = 0; j < variables; j++)
        {
            cols[j] = columns[j] ?? throw new ArgumentNullException(nameof(columns));
            if (cols[j].Length < count)
                throw new ArgumentException($"Column {j} has {cols[j].Length} values; {count} points were asked for.", nameof(columns));
        }
        return cols;
    }

    public static int CommonLength(IReadOnlyList<double[]> columns, int variables)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (variables == 0)
            throw new ArgumentException("The function has no variables, so the number of points is unknown; pass output arrays instead.", nameof(columns));
        if (columns.Count != variables)
            throw new ArgumentException($"{columns.Count} columns were given; the function has {variables} variables.", nameof(columns));
        int n = columns[0]?.Length ?? throw new ArgumentNullException(nameof(columns));
        for (int j = 1; j < columns.Count; j++)
        {
            if ((columns[j] ?? throw new ArgumentNullException(nameof(columns))).Length != n)
                throw new ArgumentException($"Column {j} has {columns[j].Length} values; column 0 has {n}.", nameof(columns));
        }
        return n;
    }
}
