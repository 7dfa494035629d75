using System.Linq.Expressions;
using System.Reflection;

namespace Nabla.Symbolic.Compilation;

/// <summary>
/// Writes the straight-line code of an <see cref="ExpressionDag"/> as System.Linq.Expressions statements.
/// </summary>
/// <remarks>
/// <para>Every node read more than once is computed once into a local (common-subexpression elimination); a node
/// read once is inlined into its reader, until the inlined tree gets <see cref="MaxInlineDepth"/> deep, when it is
/// stored in a local too (so the expression compiler never recurses deeply, and long sums become accumulations).</para>
/// <para>Locals are reused once their last reader has been written (like register allocation), so a large DAG needs
/// only as many locals as values are alive at once.</para>
/// <para>The arithmetic mirrors <see cref="Expr.Evaluate(IReadOnlyDictionary{string, double})"/> operation for
/// operation (same order of additions and multiplications, the same power and function rules), so compiled values
/// equal interpreted values.</para>
/// </remarks>
internal sealed class KernelBuilder
{
    private const int MaxInlineDepth = 24;

    private static readonly MethodInfo PowIntMethod =
        typeof(Expr).GetMethod(nameof(Expr.PowInt), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo PowMethod = typeof(Math).GetMethod(nameof(Math.Pow), [typeof(double), typeof(double)])!;
    private static readonly MethodInfo SqrtMethod = FunctionEmitters.MathMethod(nameof(Math.Sqrt));

    /// <summary>A computed value: an expression, how deep it is, and the local slots it reads (each read once).</summary>
    private readonly record struct Value(Expression Expr, int Depth, List<int>? Reads)
    {
        public bool IsSimple => Expr is ParameterExpression or ConstantExpression;
    }

    private readonly ExpressionDag _dag;
    private readonly List<Expression> _statements = [];
    private readonly List<ParameterExpression> _locals = [];
    private readonly Stack<ParameterExpression> _free = new();
    private readonly List<ParameterExpression> _slotLocal = [];
    private readonly List<int> _slotRemaining = [];

    private KernelBuilder(ExpressionDag dag) => _dag = dag;

    /// <summary>The locals the statements use (declare them in the enclosing block).</summary>
    public IReadOnlyList<ParameterExpression> Locals => _locals;

    /// <summary>
    /// Emits the statements computing every output of <paramref name="dag"/>.
    /// </summary>
    /// <param name="dag">The linearised expressions.</param>
    /// <param name="variableValue">The expression holding a variable's value (a local or parameter).</param>
    /// <param name="store">Makes the statement that delivers output <c>k</c>; <c>null</c> collects the value instead
    /// (the single output of a scalar function is then returned by <paramref name="result"/>).</param>
    /// <param name="statements">Receives the statements.</param>
    /// <param name="result">The value of the last output when <paramref name="store"/> is null.</param>
    /// <returns>The builder, whose <see cref="Locals"/> the caller must declare; the statements are appended to
    /// <paramref name="statements"/>.</returns>
    public static KernelBuilder Emit(ExpressionDag dag, Func<Symbol, Expression> variableValue,
        Func<int, Expression, Expression>? store, List<Expression> statements, out Expression? result)
    {
        var builder = new KernelBuilder(dag);
        result = builder.Run(variableValue, store);
        statements.AddRange(builder._statements);
        return builder;
    }

    private Expression? Run(Func<Symbol, Expression> variableValue, Func<int, Expression, Expression>? store)
    {
        var nodes = _dag.Nodes;
        var values = new Value[nodes.Length];
        var outputsOf = new List<int>?[nodes.Length];
        for (int k = 0; k < _dag.Outputs.Length; k++) (outputsOf[_dag.Outputs[k]] ??= []).Add(k);
        Expression? result = null;
        for (int n = 0; n < nodes.Length; n++)
        {
            var kids = _dag.Children[n];
            var v = nodes[n] switch
            {
                Number num => new Value(Expression.Constant(num.Value.ToDouble()), 1, null),
                Constant c => new Value(Expression.Constant(c.Value), 1, null),
                Symbol s => new Value(variableValue(s), 1, null),
                Sum sum => EmitSum(sum, kids, values),
                Product p => EmitProduct(p, kids, values),
                Power pw => EmitPower(pw, kids, values),
                Function f => EmitFunction(f, values[kids[0]]),
                var other => throw new InvalidOperationException($"Unexpected node kind {other.Kind}."),
            };
            if ((v.Reads is not null || !v.IsSimple) && (_dag.UseCounts[n] > 1 || v.Depth > MaxInlineDepth))
                v = Spill(v, _dag.UseCounts[n]);
            values[n] = v;
            if (outputsOf[n] is { } outs)
            {
                foreach (var k in outs)
                {
                    if (store is null) result = Consume(v);
                    else _statements.Add(store(k, Consume(v)));
                }
            }
        }
        return result;
    }

    private Value EmitSum(Sum sum, int[] kids, Value[] values)
    {
        // result = constant; result += coefficient·term, in the interpreter's order.
        Value acc = new(Expression.Constant(sum.Constant.ToDouble()), 1, null);
        for (int i = 0; i < kids.Length; i++)
        {
            var term = values[kids[i]];
            var c = sum.Terms[i].Coefficient;
            Expression combined = i > 0 && c.IsMinusOne
                ? Expression.Subtract(acc.Expr, term.Expr)
                : Expression.Add(acc.Expr, c.IsOne ? term.Expr : Expression.Multiply(Expression.Constant(c.ToDouble()), term.Expr));
            acc = Combine(combined, acc, term);
            if (acc.Depth > MaxInlineDepth && i < kids.Length - 1) acc = Spill(acc, 1);
        }
        return acc;
    }

    private Value EmitProduct(Product p, int[] kids, Value[] values)
    {
        // result = coefficient; result *= factor, in the interpreter's order (1·a and −1·a are exact, so skipped).
        var first = values[kids[0]];
        Value acc = p.Coefficient.IsOne ? first
            : p.Coefficient.IsMinusOne ? first with { Expr = Expression.Negate(first.Expr), Depth = first.Depth + 1 }
            : first with { Expr = Expression.Multiply(Expression.Constant(p.Coefficient.ToDouble()), first.Expr), Depth = first.Depth + 1 };
        for (int i = 1; i < kids.Length; i++)
        {
            var factor = values[kids[i]];
            acc = Combine(Expression.Multiply(acc.Expr, factor.Expr), acc, factor);
            if (acc.Depth > MaxInlineDepth && i < kids.Length - 1) acc = Spill(acc, 1);
        }
        return acc;
    }

    private Value EmitPower(Power pw, int[] kids, Value[] values)
    {
        var b = values[kids[0]];
        if (pw.Exponent is not Number n)
        {
            var e = values[kids[1]];
            return Combine(Expression.Call(PowMethod, b.Expr, e.Expr), b, e);
        }
        var r = n.Value;
        if (r.IsInteger && r.Numerator >= int.MinValue && r.Numerator <= int.MaxValue)
        {
            int k = (int)r.Numerator;
            if (k == 2)
            {
                b = Simple(b);
                return Unary(Expression.Multiply(b.Expr, b.Expr), b);
            }
            if (k == -1) return Unary(Expression.Divide(Expression.Constant(1.0), b.Expr), b);
            return Unary(Expression.Call(PowIntMethod, b.Expr, Expression.Constant(k)), b);
        }
        if (r == Rational.Half) return Unary(Expression.Call(SqrtMethod, b.Expr), b);
        if (r == -Rational.Half)
            return Unary(Expression.Divide(Expression.Constant(1.0), Expression.Call(SqrtMethod, b.Expr)), b);
        var exponent = Expression.Constant(r.ToDouble());
        if (r.Denominator.IsEven) return Unary(Expression.Call(PowMethod, b.Expr, exponent), b);
        // Real odd root of a negative base: (−8)^(1/3) = −2, (−8)^(2/3) = 4 (Expr.RealPow).
        b = Simple(b);
        Expression magnitude = Expression.Call(PowMethod, Expression.Negate(b.Expr), exponent);
        if (!r.Numerator.IsEven) magnitude = Expression.Negate(magnitude);
        var expr = Expression.Condition(Expression.LessThan(b.Expr, Expression.Constant(0.0)),
            magnitude, Expression.Call(PowMethod, b.Expr, exponent));
        return Unary(expr, b);
    }

    private Value EmitFunction(Function f, Value argument)
    {
        var emitter = FunctionEmitters.For(f.Which);
        if (emitter.NeedsSimpleArgument) argument = Simple(argument);
        return Unary(emitter.Emit(argument.Expr), argument);
    }

    private static Value Unary(Expression expr, Value operand) => new(expr, operand.Depth + 1, operand.Reads);

    private static Value Combine(Expression expr, Value a, Value b)
    {
        // Lists are shared between a spilled value's readers, so they are copied, never appended to.
        List<int>? reads = (a.Reads, b.Reads) switch
        {
            (null, var r) => r,
            (var r, null) => r,
            var (r1, r2) => [.. r1, .. r2],
        };
        return new Value(expr, Math.Max(a.Depth, b.Depth) + 1, reads);
    }

    /// <summary>Makes <paramref name="v"/> a local or constant (it is read more than once by its caller).</summary>
    private Value Simple(Value v) => v.IsSimple ? v : Spill(v, 1);

    /// <summary>Stores <paramref name="v"/> in a local that <paramref name="readers"/> readers will read.</summary>
    private Value Spill(Value v, int readers)
    {
        var expr = Consume(v); // frees the locals v reads first, so the target may reuse one of them
        var local = _free.Count > 0 ? _free.Pop() : NewLocal();
        _statements.Add(Expression.Assign(local, expr));
        int slot = _slotLocal.Count;
        _slotLocal.Add(local);
        _slotRemaining.Add(readers);
        return new Value(local, 1, [slot]);
    }

    /// <summary>Counts one read of every slot <paramref name="v"/> reads, and frees the slots read for the last time.</summary>
    private Expression Consume(Value v)
    {
        if (v.Reads is not null)
        {
            foreach (var slot in v.Reads)
            {
                if (--_slotRemaining[slot] == 0) _free.Push(_slotLocal[slot]);
            }
        }
        return v.Expr;
    }

    private ParameterExpression NewLocal()
    {
        var local = Expression.Variable(typeof(double), "t" + _locals.Count);
        _locals.Add(local);
        return local;
    }
}
