using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Nabla.Numerics;
using Nabla.Optimization;
using Nabla.Symbolic;
using Nabla.Symbolic.Compilation;

namespace Nabla.Regression;

/// <summary>
/// A validated weighted least-squares problem: residuals rᵢ = wᵢ(yᵢ − f(xᵢ; p)) with wᵢ = 1/σᵢ and Jacobian
/// Jᵢⱼ = wᵢ ∂f/∂pⱼ, with the model and its symbolic derivatives compiled once. Optionally holds the data in
/// double-double (parsed from decimal text) for the extended-precision finish.
/// </summary>
internal sealed class NonlinearProblem
{
    private readonly CompiledFunction _value;
    private readonly CompiledFunction _valueBatch;
    private readonly CompiledVectorFunction? _parameterTerms;
    private readonly CompiledVectorFunction? _valueAndGradient;
    private readonly DerivativeSource _derivatives;
    private readonly double[][] _x;
    private readonly int _predictorCount;
    private readonly Symbol[] _variables;
    private readonly DoubleDoubleProgram _extended;
    private readonly DoubleDouble[][]? _xExtended;
    private readonly DoubleDouble[]? _yExtended;

    public Expr Model { get; }
    public string[] ParameterNames { get; }
    public string[] PredictorNames { get; }
    public Symbol[] ParameterSymbols { get; }
    public double[] Y { get; }
    public double[] Weights { get; }
    public double[]? Sigma { get; }
    public bool HasSigma { get; }
    public int M => Y.Length;
    public int N => ParameterNames.Length;

    public NonlinearProblem(Expr model, IReadOnlyDictionary<string, double[]> predictors, IReadOnlyList<double> y,
        IReadOnlyList<double>? sigma, DerivativeSource derivatives,
        IReadOnlyDictionary<string, DoubleDouble[]>? predictorsExtended = null, DoubleDouble[]? yExtended = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(predictors);
        ArgumentNullException.ThrowIfNull(y);
        Model = model;
        _derivatives = derivatives;
        int m = y.Count;
        if (m == 0) throw new ArgumentException("no data points: y is empty.", nameof(y));
        foreach (var (name, column) in predictors)
        {
            CheckName(name, "predictor");
            ArgumentNullException.ThrowIfNull(column, nameof(predictors));
            if (column.Length != m)
                throw new ArgumentException($"the predictor '{name}' has {column.Length} values but y has {m}; every column needs one value per point.", nameof(predictors));
            for (int i = 0; i < m; i++)
                if (!double.IsFinite(column[i]))
                    throw new ArgumentException($"the predictor '{name}' is {column[i]} at point {i + 1}; data must be finite numbers.", nameof(predictors));
        }
        for (int i = 0; i < m; i++)
            if (!double.IsFinite(y[i]))
                throw new ArgumentException($"y is {y[i]} at point {i + 1}; data must be finite numbers.", nameof(y));
        Y = y.ToArray();
        Weights = new double[m];
        HasSigma = sigma is not null;
        if (sigma is not null)
        {
            Sigma = sigma.ToArray();
            if (sigma.Count != m)
                throw new ArgumentException($"sigma has {sigma.Count} values but y has {m}; give one uncertainty per point.", nameof(sigma));
            for (int i = 0; i < m; i++)
            {
                if (!double.IsFinite(sigma[i]) || sigma[i] <= 0)
                    throw new ArgumentException($"sigma is {sigma[i]} at point {i + 1}; every uncertainty must be a positive finite number.", nameof(sigma));
                Weights[i] = 1 / sigma[i];
            }
        }
        else Array.Fill(Weights, 1.0);

        PredictorNames = predictors.Keys.ToArray();
        var predictorSet = new HashSet<string>(PredictorNames, StringComparer.Ordinal);
        ParameterSymbols = Calculus.InferVariables(model).Where(s => !predictorSet.Contains(s.Name)).ToArray();
        ParameterNames = ParameterSymbols.Select(s => s.Name).ToArray();
        if (ParameterNames.Length == 0)
            throw new ArgumentException($"the model {model} has no parameters: every symbol in it is a predictor ({string.Join(", ", PredictorNames)}).", nameof(model));
        if (m < ParameterNames.Length)
            throw new ArgumentException($"{m} data points are fewer than the {ParameterNames.Length} parameters ({string.Join(", ", ParameterNames)}); a fit needs at least as many points as parameters.", nameof(y));

        var predictorSymbols = PredictorNames.Select(Symbol.Create).ToArray();
        var variables = ParameterSymbols.Concat(predictorSymbols).ToArray();
        _variables = variables;
        _predictorCount = PredictorNames.Length;
        // The compiled kernels see the model with its predictor-only parts (x³, cos(πx/6)) replaced by columns
        // computed once here: they do not depend on the parameters, so every residual and Jacobian evaluation of the
        // fit would otherwise recompute them (Math.Pow for x³ costs ~20 ns per point). Their derivatives are zero, so
        // the gradient of the rewritten model is the gradient of the model.
        var (kernelModel, hoisted) = HoistPredictorTerms(model, predictorSymbols, PredictorNames.Select(n => predictors[n]).ToArray());
        _x = PredictorNames.Select(n => predictors[n]).Concat(hoisted.Select(h => h.Column)).ToArray();
        var kernelVariables = variables.Concat(hoisted.Select(h => h.Symbol)).ToArray();
        _value = Compiler.Compile(kernelModel, kernelVariables);
        // The batch kernels (every residual and Jacobian evaluation of a fit) also get the parameter-only parts
        // (b5⁻², b5⁻³ in Gauss1's gradient, −1/b3 in Bennett5's exponent) as columns, computed once per parameter
        // vector by a small kernel instead of once per point (an integer power is a Math.Pow call, ~20 ns).
        Expr[] batchOutputs = derivatives == DerivativeSource.Symbolic
            ? [kernelModel, .. Calculus.Gradient(kernelModel, ParameterSymbols)]
            : [kernelModel];
        var taken = new HashSet<string>(kernelVariables.Select(v => v.Name), StringComparer.Ordinal);
        var (hoistedOutputs, parameterTerms) = HoistParameterTerms(batchOutputs, ParameterSymbols, taken);
        var batchVariables = kernelVariables.Concat(parameterTerms.Select(t => t.Symbol)).ToArray();
        _valueBatch = Compiler.Compile(hoistedOutputs[0], batchVariables);
        if (derivatives == DerivativeSource.Symbolic)
            _valueAndGradient = Compiler.Compile(hoistedOutputs, batchVariables);
        JacobianIsCheap = derivatives == DerivativeSource.Symbolic && CostlyNodes(hoistedOutputs) <= CostlyNodes([hoistedOutputs[0]]);
        _parameterTerms = parameterTerms.Length == 0 ? null : Compiler.Compile(parameterTerms.Select(t => t.Term).ToArray(), ParameterSymbols);
        _extended = new DoubleDoubleProgram(model, variables.Select(v => v.Name).ToArray());
        if (predictorsExtended is not null && yExtended is not null)
        {
            _xExtended = PredictorNames.Select(n => predictorsExtended[n]).ToArray();
            _yExtended = yExtended;
        }
    }

    /// <summary>
    /// The largest sub-expressions that use predictors and no parameters (not bare symbols or numbers), each replaced
    /// by a fresh symbol whose column holds its values at the data points, computed by the same compiled arithmetic.
    /// Models larger than a few thousand nodes are left as they are (the search is quadratic in the model's size).
    /// </summary>
    private static (Expr Model, (Symbol Symbol, double[] Column)[] Hoisted) HoistPredictorTerms(Expr model, Symbol[] predictors, double[][] columns)
    {
        if (predictors.Length == 0 || model.DagSize > 2000) return (model, []);
        var predictorSet = new HashSet<Symbol>(predictors);
        var taken = new HashSet<string>(model.FreeSymbols.Select(v => v.Name), StringComparer.Ordinal);
        var replacements = new Dictionary<Expr, Expr>(ReferenceEqualityComparer.Instance);
        var hoisted = new List<(Symbol, double[])>();
        var visited = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Expr>();
        stack.Push(model);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is Symbol or Number or Constant || !visited.Add(node)) continue;
            var free = node.FreeSymbols;
            if (free.Count > 0 && free.All(predictorSet.Contains))
            {
                string name = $"predictor_term_{hoisted.Count}";
                while (taken.Contains(name)) name += "_";
                taken.Add(name);
                var symbol = Symbol.Create(name);
                var column = Compiler.Compile(node, predictors).EvaluateBatch(columns);
                replacements[node] = symbol;
                hoisted.Add((symbol, column));
                continue;
            }
            foreach (var child in node.Args) stack.Push(child);
        }
        return hoisted.Count == 0 ? (model, []) : (model.Substitute(replacements), hoisted.ToArray());
    }

    /// <summary>
    /// The largest sub-expressions of <paramref name="outputs"/> that use parameters and no predictors and contain a
    /// power or a function (cheaper ones, like −b4, are not worth a column), each replaced by a fresh symbol. Their
    /// derivatives were taken before the replacement, so the outputs keep their values. Large models are left as
    /// they are (the search is quadratic in the model's size).
    /// </summary>
    private static (Expr[] Outputs, (Symbol Symbol, Expr Term)[] Terms) HoistParameterTerms(Expr[] outputs, Symbol[] parameters, HashSet<string> taken)
    {
        if (outputs.Sum(o => o.DagSize) > 4000) return (outputs, []);
        var parameterSet = new HashSet<Symbol>(parameters);
        var replacements = new Dictionary<Expr, Expr>(ReferenceEqualityComparer.Instance);
        var terms = new List<(Symbol, Expr)>();
        var visited = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Expr>();
        foreach (var output in outputs) stack.Push(output);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is Symbol or Number or Constant || !visited.Add(node)) continue;
            var free = node.FreeSymbols;
            if (free.Count > 0 && free.All(parameterSet.Contains) && HasPowerOrFunction(node))
            {
                string name = $"parameter_term_{terms.Count}";
                while (taken.Contains(name)) name += "_";
                taken.Add(name);
                var symbol = Symbol.Create(name);
                replacements[node] = symbol;
                terms.Add((symbol, node));
                continue;
            }
            foreach (var child in node.Args) stack.Push(child);
        }
        return terms.Count == 0 ? (outputs, []) : (outputs.Select(o => o.Substitute(replacements)).ToArray(), terms.ToArray());
    }

    /// <summary>True when the model's derivatives need no function call or real power beyond the model's own
    /// (<see cref="CostlyNodes"/>), so evaluating the Jacobian with the model costs little more than the model.</summary>
    public bool JacobianIsCheap { get; }

    /// <summary>The distinct function calls and powers other than squares and reciprocals (each a libm call per
    /// point) in the DAG of <paramref name="outputs"/>.</summary>
    private static int CostlyNodes(Expr[] outputs)
    {
        var seen = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Expr>(outputs);
        int count = 0;
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (!seen.Add(e)) continue;
            if (e is Function || e is Power { Exponent: not Number } || e is Power { Exponent: Number { Value: var r } } && !(r.IsInteger && BigInteger.Abs(r.Numerator) <= 2))
                count++;
            foreach (var child in e.Args) stack.Push(child);
        }
        return count;
    }

    private static bool HasPowerOrFunction(Expr node)
    {
        var stack = new Stack<Expr>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (e is Power or Function) return true;
            if (e is Product p && p.Factors.Any(f => f.Exponent is not Number { Value.IsOne: true })) return true;
            foreach (var child in e.Args) stack.Push(child);
        }
        return false;
    }

    /// <summary>Rejects names that are not plain symbols (function names, constants) with a clear message.</summary>
    internal static void CheckName(string name, string role)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException($"a {role} name is empty.");
        if (FunctionTable.TryGetByName(name, out _))
            throw new ArgumentException($"'{name}' is the name of a function, so it cannot be a {role}; rename it (e.g. '{name}_0').");
        if (name is "pi" or "e")
            throw new ArgumentException($"'{name}' is a constant, so it cannot be a {role}; rename it.");
    }

    private double[] Point(ReadOnlySpan<double> p, int i, double[] buffer)
    {
        p.CopyTo(buffer);
        for (int k = 0; k < _x.Length; k++) buffer[N + k] = _x[k][i];
        return buffer;
    }

    /// <summary>
    /// Buffers for evaluating the model at all points in one call of the compiled batch kernel: one column per
    /// parameter (the value repeated M times) and per predictor, and the outputs. One per solver run, so a compiled
    /// problem can be shared between threads.
    /// </summary>
    internal sealed class Evaluation
    {
        public Evaluation(NonlinearProblem problem)
        {
            _terms = problem._parameterTerms;
            _last = new double[problem.N];
            int termCount = _terms?.OutputCount ?? 0;
            Columns = new double[problem.N + problem._x.Length + termCount][];
            for (int j = 0; j < problem.N; j++) Columns[j] = new double[problem.M];
            for (int k = 0; k < problem._x.Length; k++) Columns[problem.N + k] = problem._x[k];
            _termOffset = problem.N + problem._x.Length;
            _termValues = new double[termCount];
            for (int t = 0; t < termCount; t++) Columns[_termOffset + t] = new double[problem.M];
            Values = new double[problem.M];
            Outputs = new double[problem.N + 1][];
            for (int k = 0; k <= problem.N; k++) Outputs[k] = new double[problem.M];
        }

        public double[][] Columns { get; }
        public double[] Values { get; }
        public double[][] Outputs { get; }

        private readonly CompiledVectorFunction? _terms;
        private readonly double[] _last;
        private bool _filled;
        private readonly int _termOffset;
        private readonly double[] _termValues;

        public void SetParameters(ReadOnlySpan<double> p)
        {
            // The residuals at a trial point and, once it is accepted, the Jacobian there use the same parameters:
            // the columns already hold them (only this method writes them; compared bitwise, so −0 ≠ 0 and NaN = NaN).
            if (_filled && MemoryMarshal.AsBytes(p).SequenceEqual(MemoryMarshal.AsBytes(_last.AsSpan()))) return;
            p.CopyTo(_last);
            _filled = true;
            for (int j = 0; j < p.Length; j++) Array.Fill(Columns[j], p[j]);
            if (_terms is null) return;
            _terms.Evaluate(p, _termValues);
            for (int t = 0; t < _termValues.Length; t++) Array.Fill(Columns[_termOffset + t], _termValues[t]);
        }
    }

    /// <summary>Fresh evaluation buffers for this problem.</summary>
    internal Evaluation NewEvaluation() => new(this);

    /// <summary>Writes the weighted residuals; returns χ² = Σ r² (NaN/∞ when the model is undefined somewhere).</summary>
    public double Residuals(ReadOnlySpan<double> p, Span<double> r) => Residuals(p, r, NewEvaluation());

    /// <summary>The weighted residuals and χ², with the model evaluated at all points by the batch kernel.</summary>
    public double Residuals(ReadOnlySpan<double> p, Span<double> r, Evaluation work)
    {
        work.SetParameters(p);
        _valueBatch.EvaluateBatch(work.Columns, work.Values, parallel: false);
        var f = work.Values;
        var residuals = r[..M];
        TensorPrimitives.Subtract<double>(Y, f, residuals);
        if (HasSigma) TensorPrimitives.Multiply<double>(residuals, Weights, residuals);
        return TensorPrimitives.SumOfSquares<double>(residuals);
    }

    /// <summary>The weighted residuals and χ² (as <see cref="Residuals(ReadOnlySpan{double}, Span{double}, Evaluation)"/>)
    /// and the weighted Jacobian by columns (as <see cref="JacobianColumns"/>, <paramref name="jacobianOk"/> false when
    /// an entry is not finite), from one call of the model-and-gradient kernel. Symbolic derivatives only.</summary>
    public double ResidualsAndJacobian(ReadOnlySpan<double> p, Span<double> r, double[][] columns, Evaluation work, out bool jacobianOk)
    {
        work.SetParameters(p);
        _valueAndGradient!.EvaluateBatch(work.Columns, work.Outputs, parallel: false);
        var residuals = r[..M];
        TensorPrimitives.Subtract<double>(Y, work.Outputs[0], residuals);
        if (HasSigma) TensorPrimitives.Multiply<double>(residuals, Weights, residuals);
        double chi2 = TensorPrimitives.SumOfSquares<double>(residuals);
        jacobianOk = CopyJacobian(work, columns);
        return chi2;
    }

    /// <summary>
    /// The weighted Jacobian by columns (<c>columns[j][i]</c> = wᵢ ∂f/∂pⱼ at point i), which is the layout the QR
    /// factorisation works on; with symbolic derivatives the model and its gradient are one compiled batch call.
    /// False when an entry is not finite.
    /// </summary>
    public bool JacobianColumns(ReadOnlySpan<double> p, double[][] columns, Evaluation work)
    {
        if (_derivatives == DerivativeSource.Symbolic)
        {
            work.SetParameters(p);
            _valueAndGradient!.EvaluateBatch(work.Columns, work.Outputs, parallel: false);
            return CopyJacobian(work, columns);
        }
        var jacobian = new double[M, N];
        bool ok = Jacobian(p, jacobian);
        for (int j = 0; j < N; j++)
            for (int i = 0; i < M; i++) columns[j][i] = jacobian[i, j];
        return ok;
    }

    /// <summary>The gradient outputs of the last model-and-gradient call, weighted, into columns; false when an
    /// entry is not finite.</summary>
    private bool CopyJacobian(Evaluation work, double[][] columns)
    {
        for (int j = 0; j < N; j++)
        {
            var source = work.Outputs[j + 1].AsSpan(0, M);
            var column = columns[j].AsSpan(0, M);
            if (HasSigma) TensorPrimitives.Multiply<double>(source, Weights, column);
            else source.CopyTo(column);
            // A finite sum proves every entry finite; only an overflowing or non-finite sum needs the entries checked.
            if (!double.IsFinite(TensorPrimitives.Sum<double>(column)))
                foreach (var v in column)
                    if (!double.IsFinite(v)) return false;
        }
        return true;
    }

    /// <summary>Writes the weighted Jacobian (row-major, M×N); false when an entry is not finite.</summary>
    public bool Jacobian(ReadOnlySpan<double> p, double[,] jacobian)
    {
        var buffer = new double[N + _x.Length];
        switch (_derivatives)
        {
            case DerivativeSource.Symbolic:
            {
                var work = NewEvaluation();
                work.SetParameters(p);
                _valueAndGradient!.EvaluateBatch(work.Columns, work.Outputs, parallel: false);
                for (int i = 0; i < M; i++)
                    for (int j = 0; j < N; j++) jacobian[i, j] = Weights[i] * work.Outputs[j + 1][i];
                break;
            }
            case DerivativeSource.Automatic:
            {
                // Forward mode: one dual-number pass per parameter, seeding that parameter.
                var dual = new AutoDiff.Dual<double>[N + _predictorCount];
                for (int i = 0; i < M; i++)
                    for (int j = 0; j < N; j++)
                    {
                        for (int k = 0; k < N; k++) dual[k] = new AutoDiff.Dual<double>(p[k], k == j ? 1 : 0);
                        for (int k = 0; k < _predictorCount; k++) dual[N + k] = new AutoDiff.Dual<double>(_x[k][i], 0);
                        jacobian[i, j] = Weights[i] * AutoDiff.ExprBridge.EvaluateDual(Model, _variables, dual).Derivative;
                    }
                break;
            }
            default:
            {
                // Central differences, h = ∛ε·max(1, |pⱼ|): truncation h² balanced against rounding ε/h.
                var point = p.ToArray();
                for (int i = 0; i < M; i++)
                {
                    for (int j = 0; j < N; j++)
                    {
                        double pj = point[j], h = 6.055454452393343e-6 * Math.Max(1, Math.Abs(pj));
                        point[j] = pj + h;
                        double up = _value.Evaluate(Point(point, i, buffer));
                        point[j] = pj - h;
                        double down = _value.Evaluate(Point(point, i, buffer));
                        point[j] = pj;
                        jacobian[i, j] = Weights[i] * (up - down) / (2 * h);
                    }
                }
                break;
            }
        }
        foreach (var v in jacobian) if (!double.IsFinite(v)) return false;
        return true;
    }

    /// <summary>The unweighted model value at every point.</summary>
    public double[] Values(ReadOnlySpan<double> p)
    {
        var buffer = new double[N + _x.Length];
        var f = new double[M];
        for (int i = 0; i < M; i++) f[i] = _value.Evaluate(Point(p, i, buffer));
        return f;
    }

    /// <summary>
    /// Residuals yᵢ − f(xᵢ) (unweighted and weighted) and χ², with the model evaluated in double-double and the data
    /// taken exactly (as decimal-parsed double-doubles when available): correct to about 30 digits before the final
    /// rounding, so residuals of 1e-13 on data of order 1 keep all their digits.
    /// </summary>
    public (double[] Residuals, double[] Weighted, DoubleDouble ChiSquared) ExtendedResiduals(ReadOnlySpan<double> p)
    {
        var point = new DoubleDouble[N + _predictorCount];
        var scratch = _extended.NewScratch();
        var residuals = new double[M];
        var weighted = new double[M];
        DoubleDouble chi2 = 0;
        for (int j = 0; j < N; j++) point[j] = p[j];
        for (int i = 0; i < M; i++)
        {
            for (int k = 0; k < _predictorCount; k++) point[N + k] = _xExtended is null ? _x[k][i] : _xExtended[k][i];
            var f = _extended.Evaluate(point, scratch);
            var r = (_yExtended is null ? (DoubleDouble)Y[i] : _yExtended[i]) - f;
            var w = Sigma is null ? r : r / Sigma[i];
            residuals[i] = r.ToDouble();
            weighted[i] = w.ToDouble();
            chi2 += w * w;
        }
        return (residuals, weighted, chi2);
    }
}
