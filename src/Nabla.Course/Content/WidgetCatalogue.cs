namespace Nabla.Course.Content;

/// <summary>How a widget attribute's value is checked.</summary>
public enum AttributeType
{
    /// <summary>A function in the engine's plain syntax (<c>x^3</c>, <c>sin(x)*y</c>).</summary>
    Function,
    /// <summary>A constant expression (<c>1</c>, <c>-0.5</c>, <c>pi/4</c>).</summary>
    Number,
    /// <summary>A non-negative integer.</summary>
    Integer,
    /// <summary>Free text (e.g. a data set name).</summary>
    Text,
    /// <summary>One of a fixed set of words (see <see cref="WidgetAttribute.Allowed"/>).</summary>
    Word,
}

/// <summary>One attribute a widget takes.</summary>
/// <param name="Name">The attribute name.</param>
/// <param name="Type">How its value is checked.</param>
/// <param name="Required">Whether the directive must give it.</param>
/// <param name="Allowed">For <see cref="AttributeType.Word"/>: the accepted values.</param>
public sealed record WidgetAttribute(string Name, AttributeType Type, bool Required, IReadOnlyList<string>? Allowed = null);

/// <summary>One widget the web course builds.</summary>
/// <param name="Name">The directive name.</param>
/// <param name="Attributes">The attributes it takes.</param>
/// <param name="Description">What it shows.</param>
public sealed record WidgetSpec(string Name, IReadOnlyList<WidgetAttribute> Attributes, string Description)
{
    /// <summary>The attribute named <paramref name="name"/>, or null.</summary>
    public WidgetAttribute? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);
}

/// <summary>The widget catalogue: the table in docs/authoring.md, as data. Adding a widget is one row.</summary>
public static class WidgetCatalogue
{
    private static WidgetAttribute F(string name) => new(name, AttributeType.Function, true);
    private static WidgetAttribute OptF(string name) => new(name, AttributeType.Function, false);
    private static WidgetAttribute N(string name) => new(name, AttributeType.Number, true);
    private static WidgetAttribute OptN(string name) => new(name, AttributeType.Number, false);
    private static WidgetAttribute OptI(string name) => new(name, AttributeType.Integer, false);

    /// <summary>Activations the <c>neuron</c> widget can show.</summary>
    public static IReadOnlyList<string> Activations { get; } = ["sigmoid", "tanh", "relu", "softplus", "step", "identity"];

    /// <summary>Every widget.</summary>
    public static IReadOnlyList<WidgetSpec> All { get; } =
    [
        new("function-plot", [F("f"), OptN("from"), OptN("to")], "a graph of f(x)"),
        new("secant-tangent", [F("f"), N("x0"), OptN("h")], "secant lines through x0 converging to the tangent as h → 0"),
        new("derivative-plot", [F("f"), OptN("from"), OptN("to")], "f and f′ together; drag a point along f to read the slope"),
        new("match-derivative", [F("f"), OptN("from"), OptN("to")], "match a graph to the graph of its derivative"),
        new("contour-gradient", [F("f")], "contours with gradient arrows"),
        new("surface", [F("f")], "a heat map / 3D surface with partial-derivative slices"),
        new("hessian", [F("f"), OptN("x0"), OptN("y0")], "the Hessian at a point: eigenvalues, eigen-directions and the min/max/saddle verdict"),
        new("sandpit", [OptF("f"), OptI("seed")], "the Sandpit game: find the deepest point using the gradient"),
        new("jacobian-field", [F("f"), F("g")], "a vector function's Jacobian as a local linear map"),
        new("chain-rule", [F("f"), F("inner")], "the chain rule as a computation graph"),
        new("neuron", [new WidgetAttribute("activation", AttributeType.Word, false, Activations)], "one neuron: weights, bias, activation"),
        new("network-training", [OptI("seed")], "the course network learning the heart curve"),
        new("taylor-series", [F("f"), N("a"), OptI("max-order")], "Taylor approximations of orders 0…n over f"),
        new("linearisation", [F("f"), N("a")], "the tangent-line (or plane) approximation and its error"),
        new("newton-raphson", [F("f"), N("x0")], "Newton-Raphson iterations on the graph"),
        new("gradient-descent", [F("f"), N("x0"), N("y0"), OptN("rate")], "a descent path on contours"),
        new("lagrange", [F("f"), F("g")], "level curves of f touching the constraint g = 0"),
        new("chi-squared-fit", [new WidgetAttribute("data", AttributeType.Text, false)], "a line or model fitted by walking down χ²"),
    ];

    private static readonly Dictionary<string, WidgetSpec> ByName = All.ToDictionary(w => w.Name, StringComparer.Ordinal);

    /// <summary>The widget named <paramref name="name"/>, or null.</summary>
    public static WidgetSpec? Find(string name) => ByName.GetValueOrDefault(name);
}
