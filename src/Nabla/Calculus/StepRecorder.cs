using Nabla.Symbolic;

namespace Nabla;

/// <summary>
/// Explains a derivative rule by rule. Every result it records comes from the plain <see cref="Differentiator"/>
/// (the same memo), so each step's claimed result is exactly <c>Calculus.Diff(step.Expression, x)</c>; the recorder
/// only chooses how to present the node (which rule, which u and v) and which sub-expressions to explain next.
/// A sub-expression met again (the DAG shares them) is explained once and referred back to afterwards.
/// </summary>
internal sealed class StepRecorder
{
    private readonly Differentiator _engine;
    private readonly DiffBudget _budget;
    private readonly List<DerivationStep> _steps;
    private readonly HashSet<Expr> _explained = new();
    private readonly string _x;

    public StepRecorder(Differentiator engine, DiffBudget budget, List<DerivationStep> steps)
    {
        _engine = engine;
        _budget = budget;
        _steps = steps;
        _x = engine.Variable.Name;
    }

    /// <summary>Records the steps for <paramref name="e"/> and everything below it, starting at <paramref name="depth"/>.</summary>
    public Expr Explain(Expr e, int depth)
    {
        e.EnsureRecursable("DiffWithSteps");
        var result = _engine.Derive(e);
        var work = new Stack<(Expr Node, int Depth)>();
        work.Push((e, depth));
        // An explicit stack: pre-order (outermost first), children pushed in reverse so they come out in order.
        while (work.Count > 0)
        {
            var (node, d) = work.Pop();
            var children = Record(node, d);
            for (int i = children.Count - 1; i >= 0; i--) work.Push((children[i], d + 1));
        }
        return result;
    }

    private List<Expr> Record(Expr e, int depth)
    {
        _budget.Charge(1);
        var result = _engine.Derive(e);
        var children = new List<Expr>();

        if (!_engine.DependsOn(e))
        {
            Add("constant rule", e, $"d/d{_x} c = 0", result, $"This does not contain {_x}, so it is a constant and its derivative is 0", [], null, depth);
            return children;
        }
        if (e is Symbol)
        {
            Add("variable rule", e, $"d/d{_x} {_x} = 1", result, $"The derivative of {_x} with respect to itself is 1", [], null, depth);
            return children;
        }
        if (!_explained.Add(e))
        {
            Add("same as before", e, "(see above)", result, "This sub-expression was already differentiated above; reuse its derivative", [], null, depth);
            return children;
        }

        switch (e)
        {
            case Sum s:
            {
                bool hasConstant = !s.Constant.IsZero;
                foreach (var t in s.Terms)
                {
                    var term = t.ToExpr();
                    if (_engine.DependsOn(term)) children.Add(term);
                    else hasConstant = true;
                }
                var lead = "Apply the sum rule: differentiate term by term" +
                           (hasConstant ? $" (terms without {_x} are constants, with derivative 0)" : "");
                Add("sum rule", e, "(u + v)' = u' + v'", result, lead, [], null, depth);
                break;
            }
            case Product p:
                RecordProduct(p, result, depth, children);
                break;
            case Power pw:
                RecordPower(pw, result, depth, children);
                break;
            case Function f:
            {
                var row = DerivativeTable.Get(f.Which);
                var name = f.Info.Name;
                if (ReferenceEquals(f.Argument, _engine.Variable))
                {
                    Add($"table: {name}", e, row.Formula, result, $"Look up {name} in the derivative table and put u = {_x}",
                        [], row.Note, depth, f.Which);
                }
                else
                {
                    Add("chain rule", e, "(f(u))' = f'(u) u'", result,
                        $"Apply the chain rule (f(u))' = f'(u) u' to the outer function {name}, whose derivative the table gives as {row.Formula},",
                        [new("u", f.Argument), new("f'(u)", row.Derivative(f.Argument))], row.Note, depth, f.Which);
                    children.Add(f.Argument);
                }
                break;
            }
            default:
                throw new InvalidOperationException($"Unexpected node kind {e.Kind}.");
        }
        return children;
    }

    private void RecordProduct(Product p, Expr result, int depth, List<Expr> children)
    {
        var constants = new List<Expr> { Expr.Num(p.Coefficient) };
        var variables = new List<Factor>();
        foreach (var f in p.Factors)
        {
            if (_engine.DependsOn(f.Base) || _engine.DependsOn(f.Exponent)) variables.Add(f);
            else constants.Add(f.ToExpr());
        }
        var c = Expr.Mul(constants);
        if (!c.IsOne)
        {
            var u = Expr.Mul(variables.Select(f => f.ToExpr()));
            Add("constant multiple rule", p, "(c u)' = c u'", result,
                $"Apply the constant multiple rule (c u)' = c u' (the factor c does not contain {_x}, so it stays)",
                [new("c", c), new("u", u)], null, depth);
            children.Add(u);
            return;
        }

        var numerator = new List<Expr>();
        var denominator = new List<Expr>();
        foreach (var f in variables)
        {
            if (f.Exponent is Number { Value.Sign: < 0 } n) denominator.Add(Expr.Pow(f.Base, Expr.Num(-n.Value)));
            else numerator.Add(f.ToExpr());
        }
        if (denominator.Count > 0)
        {
            var u = Expr.Mul(numerator);
            var v = Expr.Mul(denominator);
            Add("quotient rule", p, "(u/v)' = (u'v - uv')/v^2", result,
                "Read the product as a quotient u/v and apply the quotient rule (u/v)' = (u'v - uv')/v^2",
                [new("u", u), new("v", v)], null, depth);
            if (_engine.DependsOn(u)) children.Add(u);
            children.Add(v);
            return;
        }

        string[] names = numerator.Count switch { 2 => ["u", "v"], 3 => ["u", "v", "w"], _ => [.. numerator.Select((_, i) => $"f{i + 1}")] };
        var formula = numerator.Count switch
        {
            2 => "(uv)' = u'v + uv'",
            3 => "(uvw)' = u'vw + uv'w + uvw'",
            _ => $"(f1 f2 ... f{numerator.Count})' = f1' f2 ... f{numerator.Count} + ... + f1 f2 ... f{numerator.Count}'",
        };
        Add("product rule", p, formula, result, $"Apply the product rule {formula}",
            [.. numerator.Select((f, i) => new StepBinding(names[i], f))], null, depth);
        children.AddRange(numerator);
    }

    private void RecordPower(Power pw, Expr result, int depth, List<Expr> children)
    {
        var (b, e) = (pw.Base, pw.Exponent);
        bool baseDepends = _engine.DependsOn(b), exponentDepends = _engine.DependsOn(e);
        bool baseIsX = ReferenceEquals(b, _engine.Variable);
        if (!exponentDepends)
        {
            var formula = baseIsX ? $"({_x}^n)' = n {_x}^(n-1)" : "(u^n)' = n u^(n-1) u'";
            var lead = $"Apply the power rule {formula}";
            if (e is Number { Value: var r })
            {
                var u = baseIsX ? _x : "u";
                if (r == Rational.Half) lead = $"Write the square root as the power {u}^(1/2) and apply the power rule {formula}";
                else if (r.Sign < 0) lead = $"Write 1/{u}^{Paren(-r)} as the power {u}^{Paren(r)} and apply the power rule {formula}";
            }
            List<StepBinding> bindings = baseIsX ? [new("n", e)] : [new("u", b), new("n", e)];
            Add("power rule", pw, formula, result, lead, bindings, null, depth);
            if (!baseIsX) children.Add(b);
            return;
        }
        if (!baseDepends)
        {
            Add("exponential rule", pw, "(a^u)' = a^u ln(a) u'", result,
                $"Apply the exponential rule (a^u)' = a^u ln(a) u': the base a does not contain {_x}",
                [new("a", b), new("u", e)], null, depth);
            if (!ReferenceEquals(e, _engine.Variable)) children.Add(e);
            return;
        }
        Add("general power rule", pw, "(u^v)' = u^v (v' ln(u) + v u'/u)", result,
            $"Both base and exponent contain {_x}: write u^v = exp(v ln(u)) and apply the chain rule, giving (u^v)' = u^v (v' ln(u) + v u'/u)",
            [new("u", b), new("v", e)], null, depth);
        children.Add(b);
        if (!ReferenceEquals(e, b)) children.Add(e);
    }

    private static string Paren(Rational r) => r.IsInteger && r.Sign > 0 ? r.ToString() : $"({r})";

    private void Add(string rule, Expr e, string formula, Expr result, string lead, List<StepBinding> bindings, string? note,
        int depth, MathFunction? function = null)
    {
        var explanation = DerivationText.Sentence(lead, bindings, note, x => x.ToPlain());
        _steps.Add(new DerivationStep(rule, e, formula, result, explanation, depth)
        {
            Lead = lead,
            Bindings = bindings,
            Note = note,
            Function = function,
        });
    }
}
