using System.Linq.Expressions;

namespace Nabla.Symbolic.Compilation;

/// <summary>
/// The compiled code shared by <see cref="CompiledFunction"/> and <see cref="CompiledVectorFunction"/>: one DAG,
/// three delegates (one point → scalar, one point → vector, one loop over a range of points), each compiled on
/// first use.
/// </summary>
internal sealed class Kernel
{
    /// <summary>Batches at least twice this long are split into chunks of this many points across cores.</summary>
    internal const int ChunkSize = 16_384;

    private readonly ExpressionDag _dag;
    private readonly Dictionary<Symbol, int> _variableIndex;
    private readonly Lazy<Func<double[], double>> _scalar;
    private readonly Lazy<Action<double[], double[]>> _vector;
    private readonly Lazy<Action<double[][], double[][], int, int>> _batch;

    public Kernel(IReadOnlyList<Expr> outputs, IReadOnlyList<Symbol> variables, int maxNodes)
    {
        Variables = variables;
        _variableIndex = new Dictionary<Symbol, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < variables.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(variables[i], nameof(variables));
            if (!_variableIndex.TryAdd(variables[i], i))
                throw new ArgumentException($"The variable '{variables[i].Name}' is listed twice.", nameof(variables));
        }
        _dag = ExpressionDag.Build(outputs, maxNodes);
        var unknown = _dag.Nodes.OfType<Symbol>().Where(s => !_variableIndex.ContainsKey(s))
            .Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            var listed = variables.Count == 0 ? "no variables" : "the variables " + string.Join(", ", variables.Select(v => v.Name));
            throw new ArgumentException(
                $"The expression uses {(unknown.Count == 1 ? "the variable" : "the variables")} {string.Join(", ", unknown.Select(u => $"'{u}'"))}, " +
                $"which {(unknown.Count == 1 ? "is" : "are")} not among {listed}.", nameof(variables));
        }
        _scalar = new Lazy<Func<double[], double>>(CompileScalar);
        _vector = new Lazy<Action<double[], double[]>>(CompileVector);
        _batch = new Lazy<Action<double[][], double[][], int, int>>(CompileBatch);
    }

    public IReadOnlyList<Symbol> Variables { get; }

    public int OutputCount => _dag.Outputs.Length;

    /// <summary>Distinct nodes computed per point (after common-subexpression elimination).</summary>
    public int NodeCount => _dag.Nodes.Length;

    public double EvaluateScalar(double[] point) => _scalar.Value(point);

    public void EvaluateVector(double[] point, double[] output) => _vector.Value(point, output);

    public void EvaluateBatch(double[][] columns, double[][] outputs, int count, bool parallel)
    {
        var kernel = _batch.Value;
        if (!parallel || count < 2 * ChunkSize)
        {
            kernel(columns, outputs, 0, count);
            return;
        }
        int chunks = (count + ChunkSize - 1) / ChunkSize;
        Parallel.For(0, chunks, c => kernel(columns, outputs, c * ChunkSize, Math.Min(count, (c + 1) * ChunkSize)));
    }

    private Func<double[], double> CompileScalar()
    {
        var point = Expression.Parameter(typeof(double[]), "point");
        var (statements, locals, result) = Body(point, store: null);
        statements.Add(result!);
        return Expression.Lambda<Func<double[], double>>(Expression.Block(typeof(double), locals, statements), point).Compile();
    }

    private Action<double[], double[]> CompileVector()
    {
        var point = Expression.Parameter(typeof(double[]), "point");
        var output = Expression.Parameter(typeof(double[]), "output");
        var (statements, locals, _) = Body(point,
            (k, value) => Expression.Assign(Expression.ArrayAccess(output, Expression.Constant(k)), value));
        statements.Add(Expression.Empty());
        return Expression.Lambda<Action<double[], double[]>>(Expression.Block(locals, statements), point, output).Compile();
    }

    /// <summary>Reads the variables of one point into locals, then computes the outputs.</summary>
    private (List<Expression> Statements, List<ParameterExpression> Locals, Expression? Result) Body(
        ParameterExpression point, Func<int, Expression, Expression>? store)
    {
        var statements = new List<Expression>();
        var locals = new List<ParameterExpression>();
        var variableLocals = new Dictionary<Symbol, ParameterExpression>(ReferenceEqualityComparer.Instance);
        foreach (var s in _dag.Nodes.OfType<Symbol>())
        {
            var local = Expression.Variable(typeof(double), s.Name);
            variableLocals[s] = local;
            locals.Add(local);
            statements.Add(Expression.Assign(local, Expression.ArrayIndex(point, Expression.Constant(_variableIndex[s]))));
        }
        var builder = KernelBuilder.Emit(_dag, s => variableLocals[s], store, statements, out var result);
        locals.AddRange(builder.Locals);
        return (statements, locals, result);
    }

    /// <summary>
    /// <c>(columns, outputs, start, end) =&gt; for (i = start; i &lt; end; i++) { x = columns[0][i]; …; outputs[k][i] = …; }</c>:
    /// the loop is part of the compiled code, so no delegate is called per point.
    /// </summary>
    private Action<double[][], double[][], int, int> CompileBatch()
    {
        var columns = Expression.Parameter(typeof(double[][]), "columns");
        var outputs = Expression.Parameter(typeof(double[][]), "outputs");
        var start = Expression.Parameter(typeof(int), "start");
        var end = Expression.Parameter(typeof(int), "end");
        var i = Expression.Variable(typeof(int), "i");
        var locals = new List<ParameterExpression> { i };
        var prologue = new List<Expression>();
        var body = new List<Expression>();

        var variableLocals = new Dictionary<Symbol, ParameterExpression>(ReferenceEqualityComparer.Instance);
        foreach (var s in _dag.Nodes.OfType<Symbol>())
        {
            var column = Expression.Variable(typeof(double[]), "column_" + s.Name);
            var local = Expression.Variable(typeof(double), s.Name);
            locals.Add(column);
            locals.Add(local);
            variableLocals[s] = local;
            prologue.Add(Expression.Assign(column, Expression.ArrayIndex(columns, Expression.Constant(_variableIndex[s]))));
            body.Add(Expression.Assign(local, Expression.ArrayIndex(column, i)));
        }
        var outputArrays = new ParameterExpression[_dag.Outputs.Length];
        for (int k = 0; k < outputArrays.Length; k++)
        {
            outputArrays[k] = Expression.Variable(typeof(double[]), "output" + k);
            locals.Add(outputArrays[k]);
            prologue.Add(Expression.Assign(outputArrays[k], Expression.ArrayIndex(outputs, Expression.Constant(k))));
        }
        var builder = KernelBuilder.Emit(_dag, s => variableLocals[s],
            (k, value) => Expression.Assign(Expression.ArrayAccess(outputArrays[k], i), value), body, out _);
        locals.AddRange(builder.Locals);

        var exit = Expression.Label("exit");
        body.Add(Expression.PreIncrementAssign(i));
        var loop = Expression.Loop(
            Expression.IfThenElse(Expression.LessThan(i, end), Expression.Block(body), Expression.Break(exit)),
            exit);
        prologue.Add(Expression.Assign(i, start));
        prologue.Add(loop);
        return Expression.Lambda<Action<double[][], double[][], int, int>>(
            Expression.Block(locals, prologue), columns, outputs, start, end).Compile();
    }
}
