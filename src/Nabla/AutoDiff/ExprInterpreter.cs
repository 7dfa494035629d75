using Nabla.Symbolic;

namespace Nabla.AutoDiff;

/// <summary>
/// What an expression evaluates to in some number system (dual numbers now; tape nodes for reverse mode later): one
/// method per node kind. <see cref="ExprWalker"/> owns the traversal, so a new number system only supplies arithmetic.
/// </summary>
/// <typeparam name="TValue">The value type the expression is evaluated to.</typeparam>
internal interface IExprInterpreter<TValue>
{
    /// <summary>A rational number or a named constant (π, e).</summary>
    TValue Constant(double value);

    /// <summary>The value of the variable at position <paramref name="index"/> of the variable list.</summary>
    TValue Variable(int index);

    /// <summary>constant + Σ coefficients[i]·terms[i].</summary>
    TValue Sum(double constant, ReadOnlySpan<double> coefficients, ReadOnlySpan<TValue> terms);

    /// <summary>coefficient · Π factors[i] (each factor already raised to its exponent).</summary>
    TValue Product(double coefficient, ReadOnlySpan<TValue> factors);

    /// <summary>A power with an exact rational exponent (so odd roots of negative numbers stay real).</summary>
    TValue PowerRational(TValue value, Rational exponent);

    /// <summary>A power whose exponent is itself an expression.</summary>
    TValue Power(TValue value, TValue exponent);

    /// <summary>A function of the function table.</summary>
    TValue Call(MathFunction function, TValue argument);
}

/// <summary>
/// Evaluates an expression DAG with an <see cref="IExprInterpreter{TValue}"/>: iterative post-order with an explicit
/// stack and a memo, so shared sub-expressions are evaluated once and depth is limited by memory, not by the call
/// stack (a 10⁶-deep chain is fine).
/// </summary>
internal static class ExprWalker
{
    public static TValue Evaluate<TValue, TInterpreter>(Expr root, TInterpreter interpreter, IReadOnlyDictionary<Symbol, int> variables)
        where TInterpreter : IExprInterpreter<TValue>
    {
        var memo = new Dictionary<Expr, TValue>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Expr Node, bool ChildrenDone)>();
        var children = new List<Expr>(4);
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, childrenDone) = stack.Pop();
            if (memo.ContainsKey(node)) continue;
            if (!childrenDone)
            {
                stack.Push((node, true));
                children.Clear();
                AddChildren(node, children);
                foreach (var c in children)
                    if (!memo.ContainsKey(c)) stack.Push((c, false));
                continue;
            }
            memo[node] = Combine<TValue, TInterpreter>(node, interpreter, variables, memo);
        }
        return memo[root];
    }

    /// <summary>The sub-expressions a node's value depends on (numeric exponents are read directly, not visited).</summary>
    private static void AddChildren(Expr node, List<Expr> children)
    {
        switch (node)
        {
            case Sum s:
                foreach (var t in s.Terms) children.Add(t.Term);
                break;
            case Product p:
                foreach (var f in p.Factors)
                {
                    children.Add(f.Base);
                    if (f.Exponent is not Number) children.Add(f.Exponent);
                }
                break;
            case Power pw:
                children.Add(pw.Base);
                if (pw.Exponent is not Number) children.Add(pw.Exponent);
                break;
            case Function fn:
                children.Add(fn.Argument);
                break;
        }
    }

    private static TValue Combine<TValue, TInterpreter>(Expr node, TInterpreter interpreter,
        IReadOnlyDictionary<Symbol, int> variables, Dictionary<Expr, TValue> memo)
        where TInterpreter : IExprInterpreter<TValue>
    {
        switch (node)
        {
            case Number n:
                return interpreter.Constant(n.Value.ToDouble());
            case Constant c:
                return interpreter.Constant(c.Value);
            case Symbol s:
                return variables.TryGetValue(s, out var index)
                    ? interpreter.Variable(index)
                    : throw new SymbolicException($"No value was given for the variable '{s.Name}'.");
            case Sum sum:
            {
                var coefficients = new double[sum.Terms.Count];
                var terms = new TValue[sum.Terms.Count];
                for (int i = 0; i < terms.Length; i++)
                {
                    coefficients[i] = sum.Terms[i].Coefficient.ToDouble();
                    terms[i] = memo[sum.Terms[i].Term];
                }
                return interpreter.Sum(sum.Constant.ToDouble(), coefficients, terms);
            }
            case Product p:
            {
                var factors = new TValue[p.Factors.Count];
                for (int i = 0; i < factors.Length; i++)
                    factors[i] = Raise<TValue, TInterpreter>(interpreter, memo[p.Factors[i].Base], p.Factors[i].Exponent, memo);
                return interpreter.Product(p.Coefficient.ToDouble(), factors);
            }
            case Power pw:
                return Raise<TValue, TInterpreter>(interpreter, memo[pw.Base], pw.Exponent, memo);
            case Function fn:
                return interpreter.Call(fn.Which, memo[fn.Argument]);
            default:
                throw new InvalidOperationException($"Unexpected node kind {node.Kind}.");
        }
    }

    private static TValue Raise<TValue, TInterpreter>(TInterpreter interpreter, TValue b, Expr exponent, Dictionary<Expr, TValue> memo)
        where TInterpreter : IExprInterpreter<TValue> =>
        exponent is Number n ? interpreter.PowerRational(b, n.Value) : interpreter.Power(b, memo[exponent]);
}
