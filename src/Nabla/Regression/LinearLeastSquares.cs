using MathNet.Numerics.LinearAlgebra;
using Nabla.Numerics;
using Nabla.Optimization;
using Nabla.Symbolic;

namespace Nabla.Regression;

/// <summary>
/// The engine behind every linear fit: minimises ‖W(Xβ − y)‖² (W = diag(1/σ)) without forming the normal equations.
/// The weighted design is column-scaled by exact powers of two, factorised by Householder QR carried out in
/// double-double arithmetic (about 32 significant digits, so a condition number of 1e15 still leaves ~15 correct
/// digits), and the residuals and χ² are accumulated in double-double too. The SVD of the triangular factor (which
/// has the design's singular values) gives the rank and the condition number, and the minimum-norm solution when the
/// design is rank deficient or <see cref="LinearSolver.SVD"/> is asked for.
/// </summary>
internal static class LinearLeastSquares
{
    /// <summary>Upper bound on rows × parameters² (double-double operations grow like that): about a minute of work.</summary>
    internal const double MaxWork = 2e9;

    /// <summary>Fits y ≈ X β. The design is given in double-double so callers can form exact powers (polynomials).</summary>
    internal static FitResult Solve(DoubleDouble[,] design, IReadOnlyList<double> y, IReadOnlyList<string> names,
        IReadOnlyList<double>? sigma, bool absoluteSigma, LinearSolver solver)
    {
        int n = design.GetLength(0), p = design.GetLength(1);
        Validate(design, y, names, sigma);
        CheckBudget(n, p);

        // Weighted system A = W X, b = W y (in double-double so 1/σ adds no rounding worth speaking of).
        var a = new DoubleDouble[n, p];
        var b = new DoubleDouble[n];
        for (int i = 0; i < n; i++)
        {
            DoubleDouble w = sigma is null ? 1.0 : (DoubleDouble)1.0 / sigma[i];
            for (int j = 0; j < p; j++) a[i, j] = design[i, j] * w;
            b[i] = y[i] * w;
        }

        // Column scaling by powers of two (exact): makes the factorisation and the rank test independent of units.
        var scale = new double[p];
        for (int j = 0; j < p; j++)
        {
            double norm = 0;
            for (int i = 0; i < n; i++) norm = Hypot(norm, a[i, j].Hi);
            scale[j] = norm == 0 ? 1.0 : Math.ScaleB(1.0, -Math.ILogB(norm));
            for (int i = 0; i < n; i++) a[i, j] *= scale[j];
        }

        var r = HouseholderQR(a, b);   // a now holds R in its upper p×p triangle, b holds Qᵀb
        var rDouble = Matrix<double>.Build.Dense(p, p, (i, j) => j >= i ? r[i, j].ToDouble() : 0.0);
        var svd = rDouble.Svd(computeVectors: true);
        var s = svd.S;
        double sMax = s[0];
        // The usual numerical-rank threshold (LAPACK/NumPy): max(n, p)·ε·σ_max, on the column-scaled matrix.
        double tolerance = Math.Max(n, p) * 2.220446049250313e-16 * sMax;
        int rank = 0;
        for (int k = 0; k < p; k++) if (s[k] > tolerance) rank++;

        DoubleDouble[] z;        // solution in scaled coordinates: β = D z
        double[,] covScaled;     // (AᵀA)⁻¹ in scaled coordinates
        string method;
        if (rank == p && solver == LinearSolver.QR)
        {
            z = BackSubstitute(r, b, p);
            var rInv = InvertUpper(r, p);
            covScaled = new double[p, p];
            for (int i = 0; i < p; i++)
                for (int j = i; j < p; j++)
                {
                    var sum = DoubleDouble.Zero;
                    for (int k = Math.Max(i, j); k < p; k++) sum += rInv[i, k] * rInv[j, k];
                    covScaled[i, j] = covScaled[j, i] = sum.ToDouble();
                }
            method = "linear-qr";
        }
        else
        {
            (z, covScaled) = SvdSolve(r, b, svd, rank, p);
            method = "linear-svd";
        }

        // Back to the caller's units; residuals and χ² in double-double from the unweighted design.
        var beta = new DoubleDouble[p];
        for (int j = 0; j < p; j++) beta[j] = z[j] * scale[j];
        var residuals = new double[n];
        var chi2 = DoubleDouble.Zero;
        for (int i = 0; i < n; i++)
        {
            DoubleDouble fitted = DoubleDouble.Zero;
            for (int j = 0; j < p; j++) fitted += design[i, j] * beta[j];
            var res = y[i] - fitted;
            residuals[i] = res.ToDouble();
            var wres = sigma is null ? res : res / sigma[i];
            chi2 += wres * wres;
        }

        int dof = n - p;
        double chiSquared = chi2.ToDouble();
        double factor = absoluteSigma ? 1.0 : (dof > 0 ? chiSquared / dof : double.PositiveInfinity);
        var cov = new double[p, p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++) cov[i, j] = covScaled[i, j] * scale[i] * scale[j] * factor;
        var errors = new double[p];
        for (int j = 0; j < p; j++) errors[j] = Math.Sqrt(cov[j, j]);
        var corr = new double[p, p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++)
                corr[i, j] = i == j ? (errors[i] > 0 ? 1.0 : double.NaN) : cov[i, j] / (errors[i] * errors[j]);

        // cond(JᵀWJ) = cond(J)², J the weighted design in the caller's units (not the scaled one).
        double condition = ConditionOfNormalMatrix(r, scale, p);
        string message = rank == p
            ? $"solved directly ({(method == "linear-qr" ? "Householder QR" : "SVD")} of the weighted design, {n} points, {p} parameters)."
            : $"the design matrix is rank deficient (rank {rank} of {p} parameters): some parameter combinations are not determined by the data; the minimum-norm solution (in column-scaled coordinates) is reported and its standard errors cover only the determined directions.";
        if (dof == 0 && !absoluteSigma)
            message += " With as many parameters as points the curve passes through every point and there is no scatter left to estimate the uncertainties from (they are infinite); give real σ with absoluteSigma to get them from the σ instead.";
        return new FitResult
        {
            ParameterNames = [.. names],
            Parameters = [.. beta.Select(v => v.ToDouble())],
            StandardErrors = errors,
            Covariance = cov,
            Correlation = corr,
            ChiSquared = chiSquared,
            DegreesOfFreedom = n - p,
            PValue = ChiSquared.UpperTail(chiSquared, n - p),
            Residuals = residuals,
            ConditionNumber = condition,
            Rank = rank,
            AbsoluteSigma = absoluteSigma,
            Method = method,
            Exit = ExitReason.Converged,
            Iterations = 0,
            Message = message,
        };
    }

    /// <summary>Refuses, before anything is allocated, a problem whose factorisation would run for minutes.</summary>
    internal static void CheckBudget(int n, int p)
    {
        if ((double)n * p * p > MaxWork)
            throw new BudgetExceededException($"a linear fit of {n} points and {p} parameters exceeds the work budget (points × parameters² ≤ {MaxWork:G3}); fit fewer parameters or a sample of the points.");
    }

    private static void Validate(DoubleDouble[,] design, IReadOnlyList<double> y, IReadOnlyList<string> names, IReadOnlyList<double>? sigma)
    {
        int n = design.GetLength(0), p = design.GetLength(1);
        if (p == 0) throw new ArgumentException("a linear fit needs at least one parameter (one design column).", nameof(design));
        if (names.Count != p) throw new ArgumentException($"{names.Count} parameter names for {p} design columns.", nameof(names));
        if (names.Distinct().Count() != p) throw new ArgumentException($"the parameter names must be distinct: {string.Join(", ", names)}.", nameof(names));
        if (y.Count != n) throw new ArgumentException($"the design has {n} rows but y has {y.Count} values: every point needs one row.", nameof(y));
        if (sigma is not null && sigma.Count != n) throw new ArgumentException($"sigma has {sigma.Count} values but there are {n} points.", nameof(sigma));
        if (n < p) throw new ArgumentException($"{n} points cannot determine {p} parameters: a fit needs at least as many points as parameters.", nameof(y));
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(y[i])) throw new ArgumentException($"y[{i}] = {y[i]} is not a finite number.", nameof(y));
            if (sigma is not null && !(sigma[i] > 0 && double.IsFinite(sigma[i])))
                throw new ArgumentException($"sigma[{i}] = {sigma[i]}: every σ must be a positive finite number (the weight is 1/σ²).", nameof(sigma));
            for (int j = 0; j < p; j++)
                if (!double.IsFinite(design[i, j].Hi))
                    throw new ArgumentException($"design[{i}, {j}] (parameter '{names[j]}') = {design[i, j].Hi} is not a finite number.", nameof(design));
        }
    }

    private static double Hypot(double a, double b)
    {
        a = Math.Abs(a); b = Math.Abs(b);
        if (a < b) (a, b) = (b, a);
        if (a == 0) return 0;
        double t = b / a;
        return a * Math.Sqrt(1 + t * t);
    }

    /// <summary>In-place Householder QR of the n×p matrix <paramref name="a"/> (n ≥ p), applying Qᵀ to <paramref name="b"/>.</summary>
    private static DoubleDouble[,] HouseholderQR(DoubleDouble[,] a, DoubleDouble[] b)
    {
        int n = a.GetLength(0), p = a.GetLength(1);
        var v = new DoubleDouble[n];
        for (int k = 0; k < p; k++)
        {
            var normSq = DoubleDouble.Zero;
            for (int i = k; i < n; i++) normSq += a[i, k] * a[i, k];
            if (normSq.Hi == 0) continue;   // an exactly zero column below the diagonal: nothing to annihilate
            var norm = DoubleDouble.Sqrt(normSq);
            var alpha = a[k, k].Hi >= 0 ? -norm : norm;
            for (int i = k; i < n; i++) v[i] = a[i, k];
            v[k] -= alpha;
            var vSq = DoubleDouble.Zero;
            for (int i = k; i < n; i++) vSq += v[i] * v[i];
            if (vSq.Hi == 0) continue;
            for (int j = k + 1; j < p; j++)
            {
                var dot = DoubleDouble.Zero;
                for (int i = k; i < n; i++) dot += v[i] * a[i, j];
                var f = (dot + dot) / vSq;
                for (int i = k; i < n; i++) a[i, j] -= f * v[i];
            }
            {
                var dot = DoubleDouble.Zero;
                for (int i = k; i < n; i++) dot += v[i] * b[i];
                var f = (dot + dot) / vSq;
                for (int i = k; i < n; i++) b[i] -= f * v[i];
            }
            a[k, k] = alpha;
            for (int i = k + 1; i < n; i++) a[i, k] = DoubleDouble.Zero;
        }
        return a;
    }

    private static DoubleDouble[] BackSubstitute(DoubleDouble[,] r, DoubleDouble[] c, int p)
    {
        var z = new DoubleDouble[p];
        for (int i = p - 1; i >= 0; i--)
        {
            var sum = c[i];
            for (int j = i + 1; j < p; j++) sum -= r[i, j] * z[j];
            z[i] = sum / r[i, i];
        }
        return z;
    }

    private static DoubleDouble[,] InvertUpper(DoubleDouble[,] r, int p)
    {
        var inv = new DoubleDouble[p, p];
        for (int col = 0; col < p; col++)
        {
            inv[col, col] = (DoubleDouble)1.0 / r[col, col];
            for (int i = col - 1; i >= 0; i--)
            {
                var sum = DoubleDouble.Zero;
                for (int j = i + 1; j <= col; j++) sum += r[i, j] * inv[j, col];
                inv[i, col] = -sum / r[i, i];
            }
        }
        return inv;
    }

    /// <summary>
    /// Minimum-norm solution of R z ≈ c (the first p entries of Qᵀb; the rest is orthogonal to every column) through
    /// R = U Σ Vᵀ keeping the <paramref name="rank"/> largest singular values, refined twice with residuals of the
    /// triangular system in double-double so a full-rank SVD solve is as accurate as the QR one.
    /// </summary>
    private static (DoubleDouble[] Z, double[,] Cov) SvdSolve(DoubleDouble[,] r, DoubleDouble[] c, MathNet.Numerics.LinearAlgebra.Factorization.Svd<double> svd, int rank, int p)
    {
        var u = svd.U; var vt = svd.VT; var s = svd.S;
        double[] Apply(DoubleDouble[] rhs)
        {
            var t = new double[p];
            for (int k = 0; k < rank; k++)
            {
                double dot = 0;
                for (int i = 0; i < p; i++) dot += u[i, k] * rhs[i].ToDouble();
                t[k] = dot / s[k];
            }
            var x = new double[p];
            for (int j = 0; j < p; j++)
            {
                double sum = 0;
                for (int k = 0; k < rank; k++) sum += vt[k, j] * t[k];
                x[j] = sum;
            }
            return x;
        }
        var z = new DoubleDouble[p];
        var rhs = new DoubleDouble[p];
        for (int i = 0; i < p; i++) rhs[i] = c[i];
        for (int pass = 0; pass < 3; pass++)
        {
            var dz = Apply(rhs);
            for (int j = 0; j < p; j++) z[j] += dz[j];
            for (int i = 0; i < p; i++)
            {
                var sum = c[i];
                for (int j = i; j < p; j++) sum -= r[i, j] * z[j];
                rhs[i] = sum;
            }
        }
        var cov = new double[p, p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++)
            {
                double sum = 0;
                for (int k = 0; k < rank; k++) sum += vt[k, i] * vt[k, j] / (s[k] * s[k]);
                cov[i, j] = sum;
            }
        return (z, cov);
    }

    private static double ConditionOfNormalMatrix(DoubleDouble[,] r, double[] scale, int p)
    {
        // J = Q R D⁻¹ has the singular values of R D⁻¹ (D = diag(scale), powers of two: exact).
        var unscaled = Matrix<double>.Build.Dense(p, p, (i, j) => j >= i ? r[i, j].ToDouble() / scale[j] : 0.0);
        var s = unscaled.Svd(computeVectors: false).S;
        double ratio = s[0] / s[p - 1];
        return ratio * ratio;
    }
}
