using Nabla.Symbolic;
using Nabla.Symbolic.Simplification;

namespace Nabla.Multivariate;

/// <summary>A stationary point found exactly: double coordinates, and rational ones where they are rational.</summary>
internal sealed record ExactPoint(double[] Coordinates, Rational?[] Exact);

/// <summary>The outcome of an exact solve of ∇f = 0.</summary>
internal sealed record ExactSolution(List<ExactPoint> Points, string Method, bool Complete);

/// <summary>
/// Solves ∇f = 0 exactly when the gradient is a polynomial system of one of the feasible shapes:
/// <list type="bullet">
/// <item>linear (f is quadratic): Gaussian elimination in rational arithmetic; a singular system gives either no
/// stationary point or a family of them, represented by the solution whose free variables are 0;</item>
/// <item>separable (∂f/∂xᵢ involves only xᵢ, e.g. x⁴ + y⁴ or any function of one variable): the real roots of each
/// univariate polynomial (see <see cref="PolynomialRoots"/>), combined in every way.</item>
/// </list>
/// Anything else (coupled non-linear systems such as Himmelblau's) returns null and is searched numerically.
/// </summary>
internal static class ExactStationary
{
    public static ExactSolution? TrySolve(IReadOnlyList<Expr> gradient, IReadOnlyList<Symbol> variables, StationaryOptions options)
    {
        int n = variables.Count;
        var budget = new Budget(new SimplifyOptions { TimeBudget = options.TimeBudget, MaxNodes = 200_000 });
        Poly[]? polys;
        try
        {
            polys = PolynomialConverter.TryConvert(gradient, budget);
        }
        catch (BudgetExceededException)
        {
            return null; // too big to expand: the numeric search still works on the compiled gradient
        }
        if (polys is null) return null;
        var ring = polys.Length > 0 ? polys[0].Ring : null;
        // Generator index → variable index; a generator that is not one of the variables (sin(x), x^(1/2)) is not polynomial in them.
        var generatorOf = new int[n];
        Array.Fill(generatorOf, -1);
        if (ring is not null)
        {
            for (int k = 0; k < ring.Count; k++)
            {
                int index = ring.Generators[k] is Symbol s ? IndexOf(variables, s) : -1;
                if (index < 0) return null;
                generatorOf[index] = k;
            }
        }
        try
        {
            if (polys.All(p => p.Terms.Keys.All(m => TotalDegree(m) <= 1)))
                return SolveLinear(polys, generatorOf, variables);
            if (IsSeparable(polys, generatorOf))
                return SolveSeparable(polys, generatorOf, variables, options);
        }
        catch (BudgetExceededException)
        {
            return null;
        }
        return null;
    }

    private static int IndexOf(IReadOnlyList<Symbol> variables, Symbol s)
    {
        for (int i = 0; i < variables.Count; i++) if (ReferenceEquals(variables[i], s)) return i;
        return -1;
    }

    private static int TotalDegree(Monomial m)
    {
        int d = 0;
        for (int i = 0; i < m.Count; i++) d += m[i];
        return d;
    }

    private static bool IsSeparable(Poly[] polys, int[] generatorOf)
    {
        for (int i = 0; i < polys.Length; i++)
        {
            for (int j = 0; j < polys.Length; j++)
                if (j != i && generatorOf[j] >= 0 && polys[i].Occurs(generatorOf[j])) return false;
        }
        return true;
    }

    private static ExactSolution SolveLinear(Poly[] polys, int[] generatorOf, IReadOnlyList<Symbol> variables)
    {
        int n = variables.Count;
        // Row i: Σⱼ A[i, j]·xⱼ = −bᵢ, read off the degree-1 and constant coefficients.
        var a = new Rational[n, n + 1];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a[i, j] = generatorOf[j] < 0 ? Rational.Zero
                    : polys[i].CoefficientIn(generatorOf[j], 1).ConstantValue;
            }
            a[i, n] = -polys[i].ConstantValue;
        }
        var pivotColumns = new List<int>();
        int row = 0;
        for (int col = 0; col < n && row < n; col++)
        {
            int pivot = -1;
            for (int r = row; r < n; r++) if (!a[r, col].IsZero) { pivot = r; break; }
            if (pivot < 0) continue;
            if (pivot != row)
                for (int c = 0; c <= n; c++) (a[row, c], a[pivot, c]) = (a[pivot, c], a[row, c]);
            var inverse = Rational.One / a[row, col];
            for (int c = col; c <= n; c++) a[row, c] *= inverse;
            for (int r = 0; r < n; r++)
            {
                if (r == row || a[r, col].IsZero) continue;
                var factor = a[r, col];
                for (int c = col; c <= n; c++) a[r, c] -= factor * a[row, c];
            }
            pivotColumns.Add(col);
            row++;
        }
        int rank = pivotColumns.Count;
        string system = $"the gradient is linear, so ∇f = 0 is a {n}×{n} linear system, solved exactly by Gaussian elimination";
        for (int r = rank; r < n; r++)
        {
            if (!a[r, n].IsZero)
                return new ExactSolution([], $"exact: {system}; it has no solution, so f has no stationary point", true);
        }
        var exact = new Rational?[n];
        for (int j = 0; j < n; j++) exact[j] = Rational.Zero;
        for (int r = 0; r < rank; r++) exact[pivotColumns[r]] = a[r, n];
        var point = new ExactPoint([.. exact.Select(e => e!.Value.ToDouble())], exact);
        if (rank == n) return new ExactSolution([point], $"exact: {system}", true);
        int free = n - rank;
        string shape = free switch { 1 => "a line", 2 => "a plane", _ => $"a {free}-dimensional set" };
        var freeNames = Enumerable.Range(0, n).Where(j => !pivotColumns.Contains(j)).Select(j => variables[j].Name);
        return new ExactSolution([point],
            $"exact: {system}; it is singular (rank {rank}), so the stationary points form {shape}; " +
            $"the one with {string.Join(" = ", freeNames)} = 0 is shown", true);
    }

    private static ExactSolution? SolveSeparable(Poly[] polys, int[] generatorOf, IReadOnlyList<Symbol> variables, StationaryOptions options)
    {
        int n = variables.Count;
        var rootSets = new List<RealRoot>[n];
        var everywhere = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (polys[i].IsZero)
            {
                // f does not depend on this variable: every value is stationary; 0 represents them.
                rootSets[i] = [new RealRoot(0, Rational.Zero)];
                everywhere.Add(i);
                continue;
            }
            if (polys[i].IsConstant)
                return new ExactSolution([], $"exact: ∂f/∂{variables[i].Name} is a non-zero constant, so f has no stationary point", true);
            var roots = PolynomialRoots.Real(polys[i], generatorOf[i]);
            if (roots is null) return null;
            rootSets[i] = roots;
        }
        string what = n == 1
            ? "f' is a polynomial; its real roots were found exactly where rational (rational root theorem) and otherwise numerically (companion matrix eigenvalues, polished by Newton's method and confirmed by a sign change)"
            : "each partial derivative is a polynomial in its own variable only, so ∇f = 0 splits into one equation per variable; " +
              "their real roots were found exactly where rational (rational root theorem) and otherwise numerically (companion matrix " +
              "eigenvalues, polished by Newton's method and confirmed by a sign change), and combined in every way";
        if (everywhere.Count > 0)
            what += $"; f does not depend on {string.Join(", ", everywhere.Select(i => variables[i].Name))}, " +
                    "so every value of it is stationary and 0 is shown";
        var points = new List<ExactPoint>();
        bool complete = true;
        var index = new int[n];
        if (rootSets.Any(s => s.Count == 0))
            return new ExactSolution([], $"exact: {what}; one of them has no real root, so f has no stationary point", true);
        while (true)
        {
            if (points.Count >= options.MaxPoints) { complete = false; break; }
            var coordinates = new double[n];
            var exact = new Rational?[n];
            for (int i = 0; i < n; i++)
            {
                coordinates[i] = rootSets[i][index[i]].Value;
                exact[i] = rootSets[i][index[i]].Exact;
            }
            points.Add(new ExactPoint(coordinates, exact));
            int k = n - 1;
            while (k >= 0 && ++index[k] == rootSets[k].Count) index[k--] = 0;
            if (k < 0) break;
        }
        if (!complete) what += $"; only the first {options.MaxPoints} combinations are listed (StationaryOptions.MaxPoints)";
        return new ExactSolution(points, "exact: " + what, complete);
    }
}
