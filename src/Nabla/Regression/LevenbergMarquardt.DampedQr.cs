using System.Numerics.Tensors;

namespace Nabla.Regression;

/// <summary>
/// The linear algebra of one Levenberg-Marquardt iteration, as MINPACK's lmpar/qrsolv arrange it: the Householder QR
/// J = QR of the m×n Jacobian is computed once per iteration (O(mn²)); every trial damping λ then only solves the
/// small problem min ‖Rδ − Qᵀr‖² + λ‖Dδ‖² through a QR of the 2n×n matrix [R; √λD] (O(n³)), never the stacked
/// (m+n)×n matrix again. All buffers are allocated once per fit. The O(mn) column operations (norms, dot products,
/// updates) are SIMD (<see cref="TensorPrimitives"/>): they are most of an iteration's linear algebra.
/// </summary>
internal sealed class DampedQr
{
    private const double Epsilon = 2.220446049250313e-16;
    private readonly int _m, _n;
    private readonly double[][] _a;        // columns: R above the diagonal, Householder vectors on and below it
    private readonly double[] _beta;       // Householder scalars: H = I − β v vᵀ
    private readonly double[] _rDiagonal;
    private readonly double[] _qtr;
    private readonly double[] _small;      // [R; √λD] for one trial, by columns of 2n rows
    private readonly double[] _smallRhs;

    public DampedQr(int m, int n)
    {
        _m = m;
        _n = n;
        _a = new double[n][];
        for (int j = 0; j < n; j++) _a[j] = new double[m];
        _beta = new double[n];
        _rDiagonal = new double[n];
        _qtr = new double[n];
        _small = new double[2 * n * n];
        _smallRhs = new double[2 * n];
    }

    /// <summary>The first n components of Qᵀr for the residual vector given to <see cref="Factor"/>.</summary>
    public ReadOnlySpan<double> QtR => _qtr;

    /// <summary>Factors J (by columns) and forms Qᵀr (not when <paramref name="r"/> is empty).</summary>
    public void Factor(double[][] jacobianColumns, ReadOnlySpan<double> r)
    {
        for (int j = 0; j < _n; j++) jacobianColumns[j].AsSpan(0, _m).CopyTo(_a[j]);
        for (int k = 0; k < _n && k < _m; k++)
        {
            var v = _a[k].AsSpan(k, _m - k);
            double norm = Math.Sqrt(TensorPrimitives.SumOfSquares<double>(v));
            if (norm == 0)
            {
                _beta[k] = 0;
                _rDiagonal[k] = 0;
                continue;
            }
            double alpha = v[0] > 0 ? -norm : norm;
            v[0] -= alpha;
            _beta[k] = 1 / (norm * (norm + Math.Abs(v[0] + alpha)));   // vᵀv = 2‖x‖(‖x‖ + |x_k|)
            _rDiagonal[k] = alpha;
            for (int j = k + 1; j < _n; j++)
            {
                var c = _a[j].AsSpan(k, _m - k);
                double s = TensorPrimitives.Dot<double>(v, c) * _beta[k];
                TensorPrimitives.MultiplyAdd<double>(v, -s, c, c);
            }
        }
        if (!r.IsEmpty) ApplyQt(r, _qtr);
    }

    /// <summary>The first n components of Qᵀb.</summary>
    public void ApplyQt(ReadOnlySpan<double> b, Span<double> result)
    {
        Span<double> work = _m <= 512 ? stackalloc double[_m] : new double[_m];
        b[.._m].CopyTo(work);
        for (int k = 0; k < _n && k < _m; k++)
        {
            if (_beta[k] == 0) continue;
            var v = _a[k].AsSpan(k, _m - k);
            var w = work[k.._m];
            double s = TensorPrimitives.Dot<double>(v, w) * _beta[k];
            TensorPrimitives.MultiplyAdd<double>(v, -s, w, w);
        }
        work[.._n].CopyTo(result);
    }

    /// <summary>The entry (i, j) of the triangular factor R.</summary>
    public double R(int i, int j) => i == j ? _rDiagonal[i] : i < j ? _a[j][i] : 0;

    /// <summary>‖Rx‖ = ‖Jx‖ (Q has orthonormal columns).</summary>
    public double JacobianTimesNorm2(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < _n; i++)
        {
            double s = 0;
            for (int j = i; j < _n; j++) s += R(i, j) * x[j];
            sum += s * s;
        }
        return sum;
    }

    /// <summary>
    /// An upper bound on the Frobenius condition number ‖R‖·‖R⁻¹‖ ≥ σ₁/σₙ (∞ when R is singular): when it is below
    /// 1/(max(m,n)·ε) no singular value is under the rank cut-off, so the Gauss-Newton prediction is simply ‖Qᵀr‖².
    /// </summary>
    public double ConditionBound()
    {
        double normR = 0;
        for (int i = 0; i < _n; i++)
            for (int j = i; j < _n; j++) normR += R(i, j) * R(i, j);
        Span<double> column = stackalloc double[_n];
        double normInverse = 0;
        for (int c = 0; c < _n; c++)
        {
            // Column c of R⁻¹ by back substitution of e_c.
            for (int i = _n - 1; i >= 0; i--)
            {
                double s = i == c ? 1 : 0;
                for (int j = i + 1; j < _n; j++) s -= R(i, j) * column[j];
                if (_rDiagonal[i] == 0) return double.PositiveInfinity;
                column[i] = s / _rDiagonal[i];
            }
            foreach (var v in column) normInverse += v * v;
        }
        return Math.Sqrt(normR * normInverse);
    }

    /// <summary>True when the rank cut-off σ &gt; σ₁·max(m,n)·ε provably keeps every singular value.</summary>
    public bool ClearlyFullRank => _m >= _n && ConditionBound() * Math.Max(_m, _n) * Epsilon < 1;

    /// <summary>
    /// min ‖Rδ − c‖² + λ‖Dδ‖² (c = Qᵀr, or <paramref name="rhs"/> when given), by Householder QR of [R; √λD]. The
    /// reflection of step k only involves the rows that can be non-zero in column k — row k of R and the damping rows
    /// n … n+k (row n+k starts as √λ·d_k, the earlier ones were filled by earlier reflections) — about a sixth of the
    /// work of a dense 2n×n QR, with the same arithmetic (only products with exact zeros are skipped).
    /// </summary>
    public void Solve(ReadOnlySpan<double> d, double lambda, Span<double> delta, ReadOnlySpan<double> rhs = default)
    {
        int n = _n, rows = 2 * n;
        var a = _small;
        var b = _smallRhs;
        var c = rhs.IsEmpty ? _qtr : rhs;
        double root = Math.Sqrt(lambda);
        Array.Clear(a);
        for (int j = 0; j < n; j++)
        {
            int column = j * rows;
            for (int i = 0; i < j; i++) a[column + i] = _a[j][i];
            a[column + j] = _rDiagonal[j];
            a[column + n + j] = root * d[j];
            b[j] = c[j];
            b[n + j] = 0;
        }
        for (int k = 0; k < n; k++)
        {
            int ck = k * rows, last = n + k;
            double norm = a[ck + k] * a[ck + k];
            for (int i = n; i <= last; i++) norm += a[ck + i] * a[ck + i];
            norm = Math.Sqrt(norm);
            if (norm == 0) continue;
            double alpha = a[ck + k] > 0 ? -norm : norm;
            a[ck + k] -= alpha;
            double beta = 1 / (norm * (norm + Math.Abs(a[ck + k] + alpha)));
            for (int j = k + 1; j < n; j++)
            {
                int cj = j * rows;
                double s = a[ck + k] * a[cj + k];
                for (int i = n; i <= last; i++) s += a[ck + i] * a[cj + i];
                s *= beta;
                a[cj + k] -= s * a[ck + k];
                for (int i = n; i <= last; i++) a[cj + i] -= s * a[ck + i];
            }
            double sb = a[ck + k] * b[k];
            for (int i = n; i <= last; i++) sb += a[ck + i] * b[i];
            sb *= beta;
            b[k] -= sb * a[ck + k];
            for (int i = n; i <= last; i++) b[i] -= sb * a[ck + i];
            a[ck + k] = alpha;
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int j = i + 1; j < n; j++) s -= a[j * rows + i] * delta[j];
            double diagonal = a[i * rows + i];
            delta[i] = diagonal == 0 ? 0 : s / diagonal;
        }
    }

    /// <summary>‖S⁻ᵀb‖² for the triangular factor S of the last <see cref="Solve"/> ([R; √λD] = Q·S); ∞ when S is singular.</summary>
    public double TransposedSolveNorm2(ReadOnlySpan<double> b)
    {
        int n = _n, rows = 2 * n;
        var s = _small;
        Span<double> w = stackalloc double[n];
        double sum = 0;
        for (int j = 0; j < n; j++)
        {
            double v = b[j];
            int column = j * rows;
            for (int i = 0; i < j; i++) v -= s[column + i] * w[i];
            if (s[column + j] == 0) return double.PositiveInfinity;
            w[j] = v / s[column + j];
            sum += w[j] * w[j];
        }
        return sum;
    }

    /// <summary>‖D⁻¹Rᵀ(Qᵀr)‖: the scaled gradient norm, which bounds the damping λ that gives a step of length Δ.</summary>
    public double ScaledGradientNorm(ReadOnlySpan<double> d)
    {
        double sum = 0;
        for (int j = 0; j < _n; j++)
        {
            double g = 0;
            for (int i = 0; i <= j; i++) g += R(i, j) * _qtr[i];
            g /= d[j];
            sum += g * g;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// MINPACK's lmpar: the damping λ ≥ 0 whose step δ has ‖Dδ‖ within 10% of the trust radius Δ (λ = 0 when the
    /// Gauss-Newton step is already inside), by Newton's method on ‖Dδ(λ)‖ − Δ with safeguarding bounds; at most
    /// ten small solves. Writes δ and returns λ.
    /// </summary>
    public double TrustRegionStep(ReadOnlySpan<double> d, double radius, double lambda, Span<double> delta)
    {
        const double dwarf = 2.2250738585072014e-308;
        int n = _n;
        Span<double> scaled = stackalloc double[n];
        Solve(d, 0, delta);
        double dxNorm = ScaledNorm(d, delta, scaled);
        double fp = dxNorm - radius;
        if (fp <= 0.1 * radius) return 0;
        double lower = 0;
        double bound = TransposedSolveNorm2(scaled);
        if (double.IsFinite(bound) && bound > 0) lower = fp / radius / bound;
        double gradient = ScaledGradientNorm(d);
        double upper = gradient / radius;
        if (upper == 0) upper = dwarf / Math.Min(radius, 0.1);
        lambda = Math.Clamp(lambda, lower, upper);
        if (lambda == 0) lambda = gradient / dxNorm;
        for (int iteration = 1; ; iteration++)
        {
            if (lambda == 0) lambda = Math.Max(dwarf, 0.001 * upper);
            Solve(d, lambda, delta);
            dxNorm = ScaledNorm(d, delta, scaled);
            double previous = fp;
            fp = dxNorm - radius;
            if (Math.Abs(fp) <= 0.1 * radius || (lower == 0 && fp <= previous && previous < 0) || iteration == 10) return lambda;
            double correction = fp / radius / TransposedSolveNorm2(scaled);
            if (!double.IsFinite(correction)) return lambda;
            if (fp > 0) lower = Math.Max(lower, lambda);
            if (fp < 0) upper = Math.Min(upper, lambda);
            lambda = Math.Max(lower, lambda + correction);
        }
    }

    /// <summary>‖Dδ‖, leaving D(Dδ)/‖Dδ‖ in <paramref name="scaled"/> (the right-hand side of lmpar's Newton correction).</summary>
    private static double ScaledNorm(ReadOnlySpan<double> d, ReadOnlySpan<double> delta, Span<double> scaled)
    {
        double sum = 0;
        for (int j = 0; j < delta.Length; j++) sum += d[j] * delta[j] * d[j] * delta[j];
        double norm = Math.Sqrt(sum);
        for (int j = 0; j < delta.Length; j++) scaled[j] = norm > 0 ? d[j] * d[j] * delta[j] / norm : 0;
        return norm;
    }
}
