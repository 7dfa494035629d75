using System.Text;
using Nabla.Symbolic;

namespace Nabla;

/// <summary>One term ∂f/∂xᵢ · dxᵢ/dt of the multivariate chain rule.</summary>
/// <param name="Variable">The intermediate variable xᵢ (or the parameter itself when f also depends on it directly).</param>
/// <param name="Path">xᵢ as a function of the parameter, xᵢ(t) (the parameter itself for the direct term).</param>
/// <param name="PartialDerivative">∂f/∂xᵢ, evaluated along the path (every xⱼ replaced by xⱼ(t)).</param>
/// <param name="PathDerivative">dxᵢ/dt.</param>
/// <param name="Term">Their product, this variable's contribution to df/dt.</param>
public sealed record ChainTerm(Symbol Variable, Expr Path, Expr PartialDerivative, Expr PathDerivative, Expr Term);

/// <summary>
/// The total derivative df/dt of f(x₁(t), …, xₙ(t)) = Σ ∂f/∂xᵢ · dxᵢ/dt, with every intermediate term kept for learners.
/// </summary>
/// <param name="Function">f, written in the intermediate variables.</param>
/// <param name="Parameter">t.</param>
/// <param name="Terms">One term per intermediate variable (natural order), plus a last term ∂f/∂t when f also uses t directly.</param>
/// <param name="Result">df/dt: the sum of the terms (canonical), a function of t.</param>
public sealed record TotalDerivative(Expr Function, Symbol Parameter, IReadOnlyList<ChainTerm> Terms, Expr Result)
{
    /// <summary>f with every path substituted, f(x₁(t), …, xₙ(t)); differentiating it directly gives the same <see cref="Result"/>.</summary>
    public Expr? Composite { get; init; }

    /// <summary>
    /// The working as text: the formula, each term's ∂f/∂xᵢ and dxᵢ/dt, and the sum, e.g.
    /// <c>df/dt = ∂f/∂x · dx/dt + ∂f/∂y · dy/dt</c>.
    /// </summary>
    /// <param name="print">How to print expressions (default: the plain form).</param>
    public string ToText(Func<Expr, string>? print = null)
    {
        print ??= e => e.ToString();
        string t = Parameter.Name;
        var sb = new StringBuilder();
        sb.Append($"df/d{t} = ");
        sb.AppendLine(Terms.Count == 0 ? "0" : string.Join(" + ", Terms.Select(term =>
            ReferenceEquals(term.Variable, Parameter) ? $"∂f/∂{t}" : $"∂f/∂{term.Variable.Name} · d{term.Variable.Name}/d{t}")));
        foreach (var term in Terms)
        {
            string x = term.Variable.Name;
            if (ReferenceEquals(term.Variable, Parameter))
            {
                sb.AppendLine($"  ∂f/∂{t} (f uses {t} directly) = {print(term.PartialDerivative)}");
                continue;
            }
            sb.AppendLine($"  {x} = {print(term.Path)}:  ∂f/∂{x} = {print(term.PartialDerivative)},  d{x}/d{t} = {print(term.PathDerivative)},  " +
                          $"product = {print(term.Term)}");
        }
        sb.Append($"df/d{t} = {print(Result)}");
        return sb.ToString();
    }
}

/// <summary>
/// The neural-network form of the chain rule, worked symbolically for one layer a = σ(W·a_prev + b): the Jacobian
/// ∂a/∂a_prev computed by differentiating, and the same matrix assembled as diag(σ'(z))·W.
/// </summary>
/// <param name="Inputs">The previous layer's activations a_prev = (a1, a2, …), the variables of the Jacobian.</param>
/// <param name="Weights">W, the symbols w11, w12, …, one row per neuron.</param>
/// <param name="Biases">b = (b1, b2, …).</param>
/// <param name="PreActivations">z = W·a_prev + b.</param>
/// <param name="Activations">a = σ(z), the layer's outputs.</param>
/// <param name="Jacobian">∂aᵢ/∂a_prevⱼ, by differentiating <paramref name="Activations"/>.</param>
/// <param name="ActivationSlopes">σ'(zᵢ) = σ(zᵢ)(1 − σ(zᵢ)), the diagonal of diag(σ'(z)).</param>
/// <param name="Factored">diag(σ'(z))·W entry by entry: σ'(zᵢ)·wᵢⱼ (the same expressions as <paramref name="Jacobian"/>).</param>
/// <param name="Explanation">Why the two agree, in words.</param>
public sealed record NeuralLayerExample(IReadOnlyList<Symbol> Inputs, Expr[,] Weights, IReadOnlyList<Expr> Biases,
    IReadOnlyList<Expr> PreActivations, IReadOnlyList<Expr> Activations, Expr[,] Jacobian, IReadOnlyList<Expr> ActivationSlopes,
    Expr[,] Factored, string Explanation);

public static partial class Calculus
{
    /// <summary>
    /// The total derivative of f(x₁(t), …, xₙ(t)) by the multivariate chain rule, df/dt = Σ ∂f/∂xᵢ · dxᵢ/dt, with each
    /// term kept (∂f/∂xᵢ along the path, dxᵢ/dt, their product). Symbols of f without a path are constants, except
    /// the parameter itself: if f also uses t directly, a last term ∂f/∂t is added. A path for a symbol that f does
    /// not use is allowed: its term is 0. The result always equals <c>Diff(f with the paths substituted, t)</c>.
    /// </summary>
    /// <param name="f">The function of the intermediate variables.</param>
    /// <param name="paths">Each intermediate variable as a function of the parameter (x ↦ t + 1, y ↦ t²).</param>
    /// <param name="parameter">The parameter t.</param>
    /// <param name="options">The differentiation budget.</param>
    /// <exception cref="ArgumentException">The parameter has a path of its own, or a path uses an intermediate
    /// variable (paths must be written in the parameter and constants only).</exception>
    /// <example>
    /// <code>
    /// // f = x² y with x = cos t, y = sin t
    /// var d = Calculus.TotalDerivative(Expr.Parse("x^2*y"), new Dictionary&lt;Symbol, Expr&gt; { [x] = Expr.Cos(t), [y] = Expr.Sin(t) }, t);
    /// // d.Terms[0]: ∂f/∂x = 2 cos(t) sin(t), dx/dt = −sin(t); d.Terms[1]: ∂f/∂y = cos(t)², dy/dt = cos(t)
    /// </code>
    /// </example>
    public static TotalDerivative TotalDerivative(Expr f, IReadOnlyDictionary<Symbol, Expr> paths, Symbol parameter, DiffOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(parameter);
        if (paths.ContainsKey(parameter))
            throw new ArgumentException(
                $"{parameter.Name} is the parameter, so it cannot also have a path; give paths for the other variables only.", nameof(paths));
        foreach (var (variable, path) in paths)
        {
            ArgumentNullException.ThrowIfNull(variable, nameof(paths));
            ArgumentNullException.ThrowIfNull(path, nameof(paths));
            var nested = path.FreeSymbols.Where(paths.ContainsKey).Select(s => s.Name).ToList();
            if (nested.Count > 0)
                throw new ArgumentException(
                    $"The path of {variable.Name} ({path}) uses {string.Join(", ", nested)}, which {(nested.Count == 1 ? "has" : "have")} a path too; " +
                    $"write every path in terms of {parameter.Name} (substitute the other paths into it first).", nameof(paths));
        }
        var variables = paths.Keys.OrderBy(v => v.Name, Comparer<string>.Create(Symbol.NaturalCompare)).ToList();
        bool direct = f.FreeSymbols.Contains(parameter);
        var differentiated = direct ? [.. variables, parameter] : variables;
        var partials = Gradient(f, differentiated, options);
        var substitution = new Dictionary<Expr, Expr>(paths.Count);
        foreach (var (variable, path) in paths) substitution[variable] = path;
        var terms = new List<ChainTerm>(differentiated.Count);
        for (int i = 0; i < variables.Count; i++)
        {
            var path = paths[variables[i]];
            var partial = partials[i].Substitute(substitution);
            var pathDerivative = Diff(path, parameter, 1, options);
            terms.Add(new ChainTerm(variables[i], path, partial, pathDerivative, partial * pathDerivative));
        }
        if (direct)
        {
            var partial = partials[^1].Substitute(substitution);
            terms.Add(new ChainTerm(parameter, parameter, partial, Expr.One, partial));
        }
        var result = Expr.Add(terms.Select(term => term.Term));
        return new TotalDerivative(f, parameter, terms, result) { Composite = f.Substitute(substitution) };
    }

    /// <summary>
    /// The Jacobian of a composition by the chain rule, J_{f∘g}(x) = J_f(g(x)) · J_g(x): <paramref name="outer"/> is f,
    /// a vector function of <paramref name="outerVariables"/> (u₁…uₘ); <paramref name="inner"/> is g, with one
    /// function uₖ = gₖ(x) per outer variable, of <paramref name="innerVariables"/>. The result has one row per outer
    /// function and one column per inner variable; it equals the Jacobian of f with u replaced by g(x).
    /// </summary>
    /// <exception cref="ArgumentException">The number of inner functions differs from the number of outer variables
    /// (the message names both sizes), a list is empty or repeats a variable, or f uses an inner variable directly.</exception>
    public static Expr[,] ComposeJacobian(IReadOnlyList<Expr> outer, IReadOnlyList<Symbol> outerVariables, IReadOnlyList<Expr> inner,
        IReadOnlyList<Symbol> innerVariables) => ComposeJacobian(outer, outerVariables, inner, innerVariables, null);

    /// <summary>The Jacobian of a composition (see the overload without options) under a differentiation budget.</summary>
    public static Expr[,] ComposeJacobian(IReadOnlyList<Expr> outer, IReadOnlyList<Symbol> outerVariables, IReadOnlyList<Expr> inner,
        IReadOnlyList<Symbol> innerVariables, DiffOptions? options)
    {
        ArgumentNullException.ThrowIfNull(outer);
        ArgumentNullException.ThrowIfNull(outerVariables);
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(innerVariables);
        if (outer.Count == 0) throw new ArgumentException("The outer function f needs at least one component.", nameof(outer));
        if (outerVariables.Count == 0) throw new ArgumentException("The outer function f needs at least one variable.", nameof(outerVariables));
        if (innerVariables.Count == 0) throw new ArgumentException("The inner function g needs at least one variable.", nameof(innerVariables));
        if (inner.Count != outerVariables.Count)
            throw new ArgumentException(
                $"Mismatched sizes: the outer function takes {outerVariables.Count} variable{(outerVariables.Count == 1 ? "" : "s")} " +
                $"({string.Join(", ", outerVariables.Select(v => v.Name))}) but {inner.Count} inner function{(inner.Count == 1 ? " was" : "s were")} given; " +
                "J_f(g)·J_g needs exactly one inner function per outer variable.", nameof(inner));
        var direct = outer.SelectMany(e => e.FreeSymbols).Distinct()
            .Where(s => innerVariables.Contains(s) && !outerVariables.Contains(s)).Select(s => s.Name).ToList();
        if (direct.Count > 0)
            throw new ArgumentException(
                $"The outer function uses {string.Join(", ", direct)} directly, which J_f(g)·J_g would miss; add " +
                $"{(direct.Count == 1 ? "it" : "them")} to the outer variables with the inner function {string.Join(", ", direct.Select(d => $"{d} = {d}"))}.",
                nameof(outer));
        var jf = Jacobian(outer, outerVariables, options);
        var jg = Jacobian(inner, innerVariables, options);
        var substitution = new Dictionary<Expr, Expr>(outerVariables.Count);
        for (int k = 0; k < outerVariables.Count; k++) substitution[outerVariables[k]] = inner[k];
        int rows = outer.Count, middle = outerVariables.Count, columns = innerVariables.Count;
        var jfAtG = new Expr[rows, middle];
        for (int i = 0; i < rows; i++)
            for (int k = 0; k < middle; k++)
                jfAtG[i, k] = jf[i, k].Substitute(substitution);
        var result = new Expr[rows, columns];
        var products = new List<Expr>(middle);
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                products.Clear();
                for (int k = 0; k < middle; k++) products.Add(jfAtG[i, k] * jg[k, j]);
                result[i, j] = Expr.Add(products);
            }
        }
        return result;
    }

    /// <summary>
    /// The course's worked example of backpropagation's chain rule: builds a layer a = σ(W·a_prev + b) of
    /// <paramref name="neurons"/> sigmoid neurons on <paramref name="inputs"/> inputs with symbolic weights, and its
    /// Jacobian ∂a/∂a_prev both by differentiation and as diag(σ'(z))·W, which are the same expressions.
    /// </summary>
    /// <param name="neurons">Neurons in the layer (1–9).</param>
    /// <param name="inputs">Activations of the previous layer (1–9).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size outside 1–9 (the weight names wᵢⱼ use one digit per index).</exception>
    public static NeuralLayerExample NeuralLayerJacobian(int neurons = 2, int inputs = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neurons, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(neurons, 9);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inputs, 9);
        var a = Enumerable.Range(1, inputs).Select(j => (Symbol)Expr.Sym($"a{j}")).ToList();
        var w = new Expr[neurons, inputs];
        var b = new Expr[neurons];
        var z = new Expr[neurons];
        var activations = new Expr[neurons];
        for (int i = 0; i < neurons; i++)
        {
            var terms = new List<Expr>(inputs + 1);
            for (int j = 0; j < inputs; j++)
            {
                w[i, j] = Expr.Sym($"w{i + 1}{j + 1}");
                terms.Add(w[i, j] * a[j]);
            }
            b[i] = Expr.Sym($"b{i + 1}");
            terms.Add(b[i]);
            z[i] = Expr.Add(terms);
            activations[i] = Expr.Call(MathFunction.Sigmoid, z[i]);
        }
        var jacobian = Jacobian(activations, a);
        // σ'(u) from the derivative table, then evaluated at each zᵢ: the diagonal of diag(σ'(z)).
        var u = (Symbol)Expr.Sym("u");
        var sigmoidSlope = Diff(Expr.Call(MathFunction.Sigmoid, u), u);
        var slopes = z.Select(zi => sigmoidSlope.Substitute(u, zi)).ToArray();
        var factored = new Expr[neurons, inputs];
        for (int i = 0; i < neurons; i++)
            for (int j = 0; j < inputs; j++)
                factored[i, j] = slopes[i] * w[i, j];
        const string explanation =
            "Each output aᵢ = σ(zᵢ) depends on a_prevⱼ only through zᵢ = Σⱼ wᵢⱼ a_prevⱼ + bᵢ, so by the chain rule " +
            "∂aᵢ/∂a_prevⱼ = σ'(zᵢ) · ∂zᵢ/∂a_prevⱼ = σ'(zᵢ) · wᵢⱼ. Row i of the Jacobian is row i of W scaled by σ'(zᵢ): " +
            "∂a/∂a_prev = diag(σ'(z)) · W, with σ'(z) = σ(z)(1 − σ(z)). Backpropagation multiplies these layer Jacobians together.";
        return new NeuralLayerExample(a, w, b, z, activations, jacobian, slopes, factored, explanation);
    }
}
