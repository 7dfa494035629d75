using MathNet.Numerics.LinearAlgebra;

namespace Nabla.Regression;

/// <summary>
/// A thin SVD J = (Q·U)·Σ·Vᵀ of an m×n Jacobian (m ≥ n): the Householder QR of J (<see cref="DampedQr"/>, O(mn²),
/// no m×m factor and no parallel scheduling for the small matrices of a fit), then the SVD of the n×n factor R, which
/// has the singular values of J. Q is kept as its Householder vectors, so Qᵀr costs O(mn).
/// </summary>
internal sealed class JacobianSvd
{
    private const double Epsilon = 2.220446049250313e-16;
    private readonly DampedQr _qr;
    private readonly Matrix<double> _u;

    private JacobianSvd(DampedQr qr, int m, int n)
    {
        _qr = qr;
        M = m;
        N = n;
        var r = Matrix<double>.Build.Dense(n, n, (i, j) => qr.R(i, j));
        var svd = r.Svd(true);
        _u = svd.U;
        S = svd.S;
        V = svd.VT.Transpose();
    }

    public int M { get; }
    public int N { get; }

    /// <summary>The singular values, largest first.</summary>
    public Vector<double> S { get; }

    /// <summary>The right singular vectors (columns).</summary>
    public Matrix<double> V { get; }

    /// <summary>The rank cut-off σ₁·max(m, n)·ε.</summary>
    public double Cutoff => S.Count > 0 ? S[0] * Math.Max(M, N) * Epsilon : 0;

    /// <summary>The SVD of a Jacobian given by columns (<c>columns[j][i]</c> = J[i, j]).</summary>
    public static JacobianSvd Of(double[][] columns, int m)
    {
        var qr = new DampedQr(m, columns.Length);
        qr.Factor(columns, default);
        return new JacobianSvd(qr, m, columns.Length);
    }

    /// <summary>The SVD of a row-major Jacobian.</summary>
    public static JacobianSvd Of(double[,] j)
    {
        int m = j.GetLength(0), n = j.GetLength(1);
        var columns = new double[n][];
        for (int k = 0; k < n; k++)
        {
            columns[k] = new double[m];
            for (int i = 0; i < m; i++) columns[k][i] = j[i, k];
        }
        return Of(columns, m);
    }

    /// <summary>Uᵀ(Qᵀr): the residuals in the basis of the left singular vectors.</summary>
    private Vector<double> Project(ReadOnlySpan<double> r)
    {
        var qtr = new double[N];
        _qr.ApplyQt(r, qtr);
        return _u.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(qtr));
    }

    /// <summary>‖U₁ᵀr‖²: the χ² reduction the full Gauss-Newton step would achieve on the linearised model.</summary>
    public double GaussNewtonPrediction(ReadOnlySpan<double> r)
    {
        var utr = Project(r);
        double tol = Cutoff, sum = 0;
        for (int k = 0; k < S.Count; k++) if (S[k] > tol) sum += utr[k] * utr[k];
        return sum;
    }

    /// <summary>The minimum-norm least-squares solution of Jδ ≈ r (truncated SVD pseudo-inverse).</summary>
    public double[] PseudoInverseStep(ReadOnlySpan<double> r)
    {
        var utr = Project(r);
        double tol = Cutoff;
        var z = Vector<double>.Build.Dense(N);
        for (int k = 0; k < S.Count; k++) if (S[k] > tol) z[k] = utr[k] / S[k];
        return (V * z).ToArray();
    }
}
