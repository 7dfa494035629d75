namespace Nabla.Regression;

/// <summary>How a linear least-squares problem is solved (both work on the weighted, column-scaled design; neither
/// forms the normal equations).</summary>
public enum LinearSolver
{
    /// <summary>Householder QR in double-double arithmetic: the default, accurate to ~7+ digits even at condition
    /// numbers near 1e15 (NIST Filip). Falls back to the SVD when the design is rank deficient.</summary>
    QR,

    /// <summary>Singular value decomposition of the triangular factor: the minimum-norm solution, with singular values
    /// below the rank tolerance dropped; refined in double-double when the design has full rank.</summary>
    SVD,
}
