using System.Globalization;
using Nabla.Symbolic.Parsing;

namespace Nabla.Course.Sandpit;

/// <summary>A step that could not be taken (e.g. inv(H) of a singular Hessian).</summary>
public sealed class StepRuleException(string message) : Exception(message)
{
    /// <summary>Creates the exception.</summary>
    public StepRuleException() : this("the step rule could not be applied here") { }

    /// <summary>Creates the exception.</summary>
    public StepRuleException(string message, Exception inner) : this(message + ": " + inner.Message) { }
}

/// <summary>
/// A step rule for automatic descent: from the gradient J and Hessian H of the depth at the current point, the step
/// to take. The presets are rows of <see cref="StepRules.Presets"/>; a learner's own rule is an expression over J and
/// H (<see cref="StepRuleExpression"/>).
/// </summary>
public abstract class StepRule
{
    /// <summary>How the rule is written, e.g. <c>-0.5*J</c>.</summary>
    public abstract string Text { get; }

    /// <summary>The step (dx, dy) from gradient <paramref name="j"/> = (jx, jy) and Hessian <paramref name="h"/> row-major.</summary>
    /// <exception cref="StepRuleException">The rule cannot be applied at this point.</exception>
    public abstract (double Dx, double Dy) Step((double X, double Y) j, ReadOnlySpan<double> h);

    /// <summary>−H⁻¹J, or an exception when H is singular.</summary>
    internal static (double, double) Newton((double X, double Y) j, ReadOnlySpan<double> h)
    {
        var inv = Value.Matrix(h[0], h[1], h[2], h[3]).Inverse();
        return (-(inv.A * j.X + inv.B * j.Y), -(inv.C * j.X + inv.D * j.Y));
    }
}

/// <summary>A preset step rule: a name, a label, and the step it computes.</summary>
/// <param name="Id">The API name: <c>right</c>, <c>gradient</c>, <c>newton</c>, <c>hybrid</c>.</param>
/// <param name="Label">The picker's label.</param>
/// <param name="Description">What it does, for the learner.</param>
/// <param name="UsesRate">Whether it takes the rate γ.</param>
public sealed record StepRulePreset(string Id, string Label, string Description, bool UsesRate);

/// <summary>The preset step rules (a table: adding one is one row here and one case in <see cref="StepRules.Create"/>).</summary>
public static class StepRules
{
    /// <summary>The default γ for −γJ.</summary>
    public const double DefaultRate = 0.3;

    /// <summary>The largest γ accepted.</summary>
    public const double MaxRate = 10;

    /// <summary>The hybrid's longest Newton step (metres).</summary>
    public const double HybridMaxStep = 2;

    /// <summary>The presets, in the picker's order.</summary>
    public static IReadOnlyList<StepRulePreset> Presets { get; } =
    [
        new("right", "Step right 1 m", "always step 1 m east, whatever the ground: a reminder that a rule should look at J", false),
        new("gradient", "Gradient descent −γJ", "step downhill, γ times the gradient: long steps on steep ground, short on flat", true),
        new("newton", "Newton −H⁻¹J", "jump to the bottom of the local quadratic: fast near a minimum, wild elsewhere", false),
        new("hybrid", "Hybrid", "Newton's step unless it goes uphill or is longer than 2 m; then −½J", false),
    ];

    /// <summary>The preset rule <paramref name="id"/> (γ = <paramref name="rate"/> for the gradient rule), or null for an unknown id.</summary>
    public static StepRule? Create(string id, double rate = DefaultRate) => id switch
    {
        "right" => new PresetRule("[1, 0]", (_, _) => (1, 0)),
        "gradient" => new PresetRule($"-{rate.ToString("0.###", CultureInfo.InvariantCulture)}*J", (j, _) => (-rate * j.X, -rate * j.Y)),
        "newton" => new PresetRule("-inv(H)*J", (j, h) => StepRule.Newton(j, h)),
        "hybrid" => new PresetRule("Newton unless uphill or > 2 m, else -0.5*J", Hybrid),
        _ => null,
    };

    private static (double, double) Hybrid((double X, double Y) j, ReadOnlySpan<double> h)
    {
        try
        {
            var (dx, dy) = StepRule.Newton(j, h);
            bool downhill = dx * j.X + dy * j.Y < 0;
            if (downhill && Math.Sqrt(dx * dx + dy * dy) <= HybridMaxStep && double.IsFinite(dx) && double.IsFinite(dy)) return (dx, dy);
        }
        catch (StepRuleException)
        {
            // A singular Hessian has no Newton step: the gradient step below is the hybrid's answer.
        }
        return (-0.5 * j.X, -0.5 * j.Y);
    }

    private delegate (double, double) StepFunction((double X, double Y) j, ReadOnlySpan<double> h);

    private sealed class PresetRule(string text, StepFunction step) : StepRule
    {
        public override string Text => text;

        public override (double Dx, double Dy) Step((double X, double Y) j, ReadOnlySpan<double> h) => step(j, h);
    }
}

/// <summary>What a step-rule sub-expression is: a number, a 2-vector or a 2 × 2 matrix.</summary>
public enum StepValueKind
{
    /// <summary>A number.</summary>
    Scalar,
    /// <summary>A 2-vector (J).</summary>
    Vector,
    /// <summary>A 2 × 2 matrix (H, I).</summary>
    Matrix,
}

/// <summary>A value of the step-rule language: a scalar (A), a vector (A, B) or a matrix [[A, B], [C, D]].</summary>
internal readonly record struct Value(StepValueKind Kind, double A, double B, double C, double D)
{
    public static Value Scalar(double a) => new(StepValueKind.Scalar, a, 0, 0, 0);

    public static Value Vector(double a, double b) => new(StepValueKind.Vector, a, b, 0, 0);

    public static Value Matrix(double a, double b, double c, double d) => new(StepValueKind.Matrix, a, b, c, d);

    public Value Inverse()
    {
        if (Kind == StepValueKind.Scalar)
            return A == 0 ? throw new StepRuleException("inv(0) does not exist") : Scalar(1 / A);
        double det = A * D - B * C;
        double size = Math.Max(Math.Max(Math.Abs(A), Math.Abs(B)), Math.Max(Math.Abs(C), Math.Abs(D)));
        if (!double.IsFinite(det) || Math.Abs(det) <= 1e-12 * Math.Max(size * size, 1e-300))
            throw new StepRuleException("the Hessian is singular here, so inv(H) does not exist");
        return Matrix(D / det, -B / det, -C / det, A / det);
    }
}

/// <summary>
/// A learner's step rule: an expression over J (the gradient, a 2-vector), H (the Hessian, 2 × 2), I (the identity),
/// numbers, <c>inv(...)</c>, <c>+ - * /</c>, unary minus and parentheses, checked for shape (the result must be a
/// vector) when parsed. Errors are <see cref="ParseException"/>s with the position and a hint, like any answer.
/// </summary>
public sealed class StepRuleExpression : StepRule
{
    /// <summary>The longest rule accepted (characters).</summary>
    public const int MaxLength = 200;

    /// <summary>The deepest nesting of parentheses and unary minus accepted.</summary>
    public const int MaxNesting = 30;

    private readonly Func<Value, Value, Value> evaluate;

    private StepRuleExpression(string text, Func<Value, Value, Value> evaluate)
    {
        Text = text;
        this.evaluate = evaluate;
    }

    /// <inheritdoc />
    public override string Text { get; }

    /// <summary>Parses and shape-checks <paramref name="text"/>.</summary>
    /// <exception cref="ParseException">The rule is not valid (message, position, hint).</exception>
    public static StepRuleExpression Parse(string? text)
    {
        text ??= "";
        if (text.Length > MaxLength)
            throw new ParseException($"the rule is too long ({text.Length} characters; at most {MaxLength})", text, MaxLength, 1, "a step rule is short, e.g. -0.5*J");
        if (string.IsNullOrWhiteSpace(text))
            throw new ParseException("type a step rule", text, 0, 1, "for example -0.5*J or -inv(H)*J");
        var parser = new RuleParser(text);
        var node = parser.ParseAll();
        if (node.Kind != StepValueKind.Vector)
            throw new ParseException($"this rule gives a {KindName(node.Kind)}, but a step is a vector", text, 0, text.Length,
                "end with a vector, e.g. -0.5*J or -inv(H)*J");
        return new StepRuleExpression(text.Trim(), node.Evaluate);
    }

    /// <inheritdoc />
    public override (double Dx, double Dy) Step((double X, double Y) j, ReadOnlySpan<double> h)
    {
        var v = evaluate(Value.Vector(j.X, j.Y), Value.Matrix(h[0], h[1], h[2], h[3]));
        return (v.A, v.B);
    }

    internal static string KindName(StepValueKind kind) => kind switch
    {
        StepValueKind.Scalar => "number",
        StepValueKind.Vector => "vector",
        _ => "matrix",
    };

    /// <summary>A parsed node: its shape and how to compute it from (J, H).</summary>
    private sealed record Node(StepValueKind Kind, Func<Value, Value, Value> Evaluate);

    private sealed class RuleParser(string text)
    {
        private int pos;
        private int depth;

        public Node ParseAll()
        {
            var node = Sum();
            SkipSpace();
            if (pos < text.Length)
            {
                if (text[pos] == ')') throw Error("this ')' has no matching '('", pos, "remove it or add a '(' before");
                throw StartsOperand() ? Error("missing '*' between two factors", pos, $"write {text[..pos].TrimEnd()}*{text[pos..]}")
                    : Unexpected();
            }
            return node;
        }

        private ParseException Error(string message, int at, string? hint = null, int length = 1) => new(message, text, at, length, hint);

        private void SkipSpace()
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
        }

        private bool StartsOperand()
        {
            SkipSpace();
            return pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] is '(' or '.');
        }

        private ParseException Unexpected()
        {
            char c = text[pos];
            string? hint = c switch
            {
                '^' => "powers are not part of step rules; multiply instead (H*H)",
                '[' or ']' or '{' or '}' => "group with round parentheses ( )",
                ',' => "write decimals with a point: 0.5",
                '∇' => "the gradient is J",
                _ => "a step rule uses numbers, J, H, I, inv( ), + - * / and ( )",
            };
            return Error($"unexpected '{c}'", pos, hint);
        }

        private void Enter(int at)
        {
            if (++depth > MaxNesting) throw Error($"the rule is nested too deeply (more than {MaxNesting} levels)", at, "simplify it");
        }

        private Node Sum()
        {
            var left = Product();
            while (true)
            {
                SkipSpace();
                if (pos >= text.Length || text[pos] is not ('+' or '-')) return left;
                char op = text[pos];
                int at = pos++;
                var right = Product();
                left = Combine(op, left, right, at);
            }
        }

        private Node Product()
        {
            var left = Unary();
            while (true)
            {
                SkipSpace();
                if (pos >= text.Length || text[pos] is not ('*' or '/')) return left;
                char op = text[pos];
                int at = pos++;
                var right = Unary();
                left = Combine(op, left, right, at);
            }
        }

        private Node Unary()
        {
            SkipSpace();
            if (pos < text.Length && text[pos] is '-' or '+')
            {
                bool minus = text[pos] == '-';
                Enter(pos);
                pos++;
                var inner = Unary();
                depth--;
                if (!minus) return inner;
                var f = inner.Evaluate;
                return inner with { Evaluate = (j, h) => Scale(f(j, h), -1) };
            }
            return Primary();
        }

        private Node Primary()
        {
            SkipSpace();
            if (pos >= text.Length)
                throw Error("the rule ends too soon: a number, J, H or ( ) is missing", pos, "finish the expression, e.g. -0.5*J");
            char c = text[pos];
            int start = pos;
            if (char.IsAsciiDigit(c) || c == '.')
            {
                while (pos < text.Length && (char.IsAsciiDigit(text[pos]) || text[pos] == '.')) pos++;
                if (pos < text.Length && text[pos] is 'e' or 'E' && pos + 1 < text.Length && (char.IsAsciiDigit(text[pos + 1]) || (text[pos + 1] is '-' or '+' && pos + 2 < text.Length && char.IsAsciiDigit(text[pos + 2]))))
                {
                    pos += 2;
                    while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
                }
                string literal = text[start..pos];
                if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || Math.Abs(v) > 1e6)
                    throw Error($"'{literal}' is not a number the rule accepts", start, "use a plain decimal between -1000000 and 1000000, e.g. 0.5", literal.Length);
                return new Node(StepValueKind.Scalar, (_, _) => Value.Scalar(v));
            }
            if (c == '(')
            {
                Enter(pos);
                pos++;
                var inner = Sum();
                SkipSpace();
                if (pos >= text.Length || text[pos] != ')') throw Error("missing ')'", pos, $"close the '(' at position {start + 1}");
                pos++;
                depth--;
                return inner;
            }
            if (char.IsLetter(c))
            {
                while (pos < text.Length && char.IsLetterOrDigit(text[pos])) pos++;
                string name = text[start..pos];
                switch (name)
                {
                    case "J": return new Node(StepValueKind.Vector, (j, _) => j);
                    case "H": return new Node(StepValueKind.Matrix, (_, h) => h);
                    case "I": return new Node(StepValueKind.Matrix, (_, _) => Value.Matrix(1, 0, 0, 1));
                    case "inv":
                        SkipSpace();
                        if (pos >= text.Length || text[pos] != '(') throw Error("inv needs parentheses", pos, "write inv(H)");
                        int open = pos;
                        Enter(pos);
                        pos++;
                        var arg = Sum();
                        SkipSpace();
                        if (pos >= text.Length || text[pos] != ')') throw Error("missing ')'", pos, $"close the '(' of inv at position {open + 1}");
                        pos++;
                        depth--;
                        if (arg.Kind == StepValueKind.Vector) throw Error("inv( ) of a vector does not exist", start, "invert a matrix, e.g. inv(H)", pos - start);
                        var g = arg.Evaluate;
                        return new Node(arg.Kind, (j, h) => g(j, h).Inverse());
                }
                string hint = name switch
                {
                    "j" or "g" or "grad" or "gradient" or "nabla" => "the gradient is J (capital)",
                    "h" or "hess" or "hessian" => "the Hessian is H (capital)",
                    "i" or "id" or "eye" => "the identity matrix is I (capital)",
                    "Inv" or "INV" or "inverse" => "write inv(H)",
                    _ when name.StartsWith('J') || name.StartsWith('H') => $"write {name[0]}*{name[1..]} if you mean a product",
                    _ => "a step rule uses numbers, J (the gradient), H (the Hessian), I (the identity) and inv( )",
                };
                throw Error($"unknown name '{name}'", start, hint, name.Length);
            }
            if (c == ')') throw Error("a number, J, H or ( ) is missing before this ')'", pos);
            throw Unexpected();
        }

        private Node Combine(char op, Node left, Node right, int at)
        {
            var (l, r) = (left.Evaluate, right.Evaluate);
            var (lk, rk) = (left.Kind, right.Kind);
            string what = $"{KindName(lk)} {op} {KindName(rk)}";
            switch (op)
            {
                case '+' or '-':
                    if (lk != rk)
                        throw Error($"cannot {(op == '+' ? "add" : "subtract")} a {KindName(rk)} {(op == '+' ? "to" : "from")} a {KindName(lk)}", at,
                            lk == StepValueKind.Matrix || rk == StepValueKind.Matrix ? "to shift a matrix by a number use c*I, e.g. H + 2*I" : "both sides must have the same shape");
                    double sign = op == '+' ? 1 : -1;
                    return new Node(lk, (j, h) => Add(l(j, h), r(j, h), sign));
                case '*':
                    if (lk == StepValueKind.Vector && rk == StepValueKind.Vector)
                        throw Error("cannot multiply two vectors", at, "multiply a vector by a number or a matrix: 0.5*J, H*J");
                    if (lk == StepValueKind.Vector && rk == StepValueKind.Matrix)
                        throw Error("a vector times a matrix is not defined here", at, "put the matrix first: H*J");
                    return new Node(ProductKind(lk, rk), (j, h) => Multiply(l(j, h), r(j, h)));
                default:
                    if (rk != StepValueKind.Scalar)
                        throw Error($"cannot divide by a {KindName(rk)} ({what})", at, rk == StepValueKind.Matrix ? "multiply by inv(H) instead" : "divide by a number");
                    return new Node(lk, (j, h) => Scale(l(j, h), 1 / r(j, h).A));
            }
        }

        private static StepValueKind ProductKind(StepValueKind a, StepValueKind b) =>
            a == StepValueKind.Scalar ? b : b == StepValueKind.Scalar ? a : b;
    }

    private static Value Scale(Value v, double s) => v with { A = v.A * s, B = v.B * s, C = v.C * s, D = v.D * s };

    private static Value Add(Value a, Value b, double sign) =>
        a with { A = a.A + sign * b.A, B = a.B + sign * b.B, C = a.C + sign * b.C, D = a.D + sign * b.D };

    private static Value Multiply(Value a, Value b)
    {
        if (a.Kind == StepValueKind.Scalar) return Scale(b, a.A);
        if (b.Kind == StepValueKind.Scalar) return Scale(a, b.A);
        if (b.Kind == StepValueKind.Vector) return Value.Vector(a.A * b.A + a.B * b.B, a.C * b.A + a.D * b.B);
        return Value.Matrix(a.A * b.A + a.B * b.C, a.A * b.B + a.B * b.D, a.C * b.A + a.D * b.C, a.C * b.B + a.D * b.D);
    }
}
