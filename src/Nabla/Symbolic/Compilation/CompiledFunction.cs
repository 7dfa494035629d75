using System.Buffers;

namespace Nabla.Symbolic.Compilation;

/// <summary>
/// A scalar expression compiled to a delegate (see <see cref="Compiler.Compile(Expr, IReadOnlyList{Symbol}?)"/>).
/// Thread-safe: any number of threads may evaluate it at once.
/// </summary>
public sealed class CompiledFunction
{
    private readonly Kernel _kernel;

    internal CompiledFunction(Expr expression, Kernel kernel)
    {
        Expression = expression;
        _kernel = kernel;
    }

    /// <summary>The compiled expression.</summary>
    public Expr Expression { get; }

    /// <summary>The variables, in argument order.</summary>
    public IReadOnlyList<Symbol> Variables => _kernel.Variables;

    /// <summary>Distinct sub-expressions computed per point (shared ones counted once).</summary>
    public int OperationCount => _kernel.NodeCount;

    /// <summary>The value at a point given in <see cref="Variables"/> order.</summary>
    /// <exception cref="ArgumentException">The point does not have one value per variable.</exception>
    public double Evaluate(params double[] point)
    {
        ArgumentNullException.ThrowIfNull(point);
        Arguments.CheckPoint(point.Length, Variables.Count, nameof(point));
        return _kernel.EvaluateScalar(point);
    }

    /// <summary>The value at a point given in <see cref="Variables"/> order.</summary>
    /// <exception cref="ArgumentException">The point does not have one value per variable.</exception>
    public double Evaluate(ReadOnlySpan<double> point)
    {
        Arguments.CheckPoint(point.Length, Variables.Count, nameof(point));
        var buffer = ArrayPool<double>.Shared.Rent(Math.Max(1, point.Length));
        try
        {
            point.CopyTo(buffer);
            return _kernel.EvaluateScalar(buffer);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>The value with variables bound by name (as <see cref="Expr.Evaluate(IReadOnlyDictionary{string, double})"/>).</summary>
    /// <exception cref="ArgumentException">A variable has no value.</exception>
    public double Evaluate(IReadOnlyDictionary<string, double> bindings) => Evaluate(Arguments.PointFrom(bindings, Variables));

    /// <summary>
    /// Evaluates at <c>output.Length</c> points given column-wise: <c>columns[j][i]</c> is variable <c>j</c> at point
    /// <c>i</c>. The loop runs inside the compiled code; long batches are split across cores.
    /// </summary>
    /// <param name="columns">One array per variable, in <see cref="Variables"/> order, each at least as long as <paramref name="output"/>.</param>
    /// <param name="output">Receives the values.</param>
    /// <param name="parallel">Split batches of 32,768 points or more across cores.</param>
    /// <exception cref="ArgumentException">Wrong number of columns, or a column is too short.</exception>
    public void EvaluateBatch(IReadOnlyList<double[]> columns, double[] output, bool parallel = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        var cols = Arguments.Columns(columns, Variables.Count, output.Length);
        _kernel.EvaluateBatch(cols, [output], output.Length, parallel);
    }

    /// <summary>Evaluates at every point of the columns (all of the same length) and returns the values.</summary>
    /// <exception cref="ArgumentException">Wrong number of columns, columns of different lengths, or no variables
    /// (then the number of points is unknown: use the overload with an output array).</exception>
    public double[] EvaluateBatch(IReadOnlyList<double[]> columns)
    {
        var output = new double[Arguments.CommonLength(columns, Variables.Count)];
        EvaluateBatch(columns, output);
        return output;
    }

    /// <summary>
    /// Span form for plotting and other callers that own their buffers: evaluates at <c>output.Length</c> points
    /// whose coordinates are laid out column-major in <paramref name="columnMajor"/> (variable <c>j</c> at point
    /// <c>i</c> is <c>columnMajor[j * output.Length + i]</c>; for one variable it is simply the x values). Runs in
    /// chunks through pooled buffers, so it allocates nothing per call beyond the pool.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="columnMajor"/> does not hold exactly
    /// <c>Variables.Count × output.Length</c> values.</exception>
    public void EvaluateBatch(ReadOnlySpan<double> columnMajor, Span<double> output)
    {
        int n = output.Length;
        int variables = Variables.Count;
        if (columnMajor.Length != (long)variables * n)
            throw new ArgumentException(
                $"Expected {variables} × {n} = {(long)variables * n} coordinates (column-major), got {columnMajor.Length}.",
                nameof(columnMajor));
        int chunk = Math.Min(n, 4 * Kernel.ChunkSize);
        if (chunk == 0) return;
        var pool = System.Buffers.ArrayPool<double>.Shared;
        var columns = new double[variables][];
        var result = pool.Rent(chunk);
        for (int j = 0; j < variables; j++) columns[j] = pool.Rent(chunk);
        try
        {
            for (int start = 0; start < n; start += chunk)
            {
                int count = Math.Min(chunk, n - start);
                for (int j = 0; j < variables; j++) columnMajor.Slice(j * n + start, count).CopyTo(columns[j]);
                _kernel.EvaluateBatch(columns, [result], count, parallel: true);
                result.AsSpan(0, count).CopyTo(output.Slice(start, count));
            }
        }
        finally
        {
            pool.Return(result);
            foreach (var column in columns) pool.Return(column);
        }
    }
}
