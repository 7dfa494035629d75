using Nabla.Symbolic;

namespace Nabla.Course.Templates;

/// <summary>A computed answer or a learner's answer: a scalar expression, a vector or a matrix.</summary>
public abstract record CourseValue
{
    /// <summary>The entries in row-major order.</summary>
    public abstract IReadOnlyList<Expr> Entries { get; }

    /// <summary>Rows × columns (a scalar is 1 × 1, a vector n × 1).</summary>
    public abstract (int Rows, int Columns) Shape { get; }

    /// <summary>Plain syntax that the answer reader parses back (<c>[a, b]</c>, <c>[[a, b], [c, d]]</c>).</summary>
    public abstract string ToPlain();

    /// <summary>LaTeX.</summary>
    public abstract string ToLatex();

    /// <summary>The same shape with every entry mapped.</summary>
    public abstract CourseValue Map(Func<Expr, Expr> f);

    /// <summary>The label of entry <paramref name="index"/> for feedback: <c>entry 2</c> or <c>entry (1, 2)</c>.</summary>
    public virtual string EntryLabel(int index) => $"entry {index + 1}";
}

/// <summary>One expression.</summary>
/// <param name="Value">The expression.</param>
public sealed record ScalarValue(Expr Value) : CourseValue
{
    /// <inheritdoc />
    public override IReadOnlyList<Expr> Entries => [Value];
    /// <inheritdoc />
    public override (int Rows, int Columns) Shape => (1, 1);
    /// <inheritdoc />
    public override string ToPlain() => Value.ToPlain();
    /// <inheritdoc />
    public override string ToLatex() => Value.ToLatex();
    /// <inheritdoc />
    public override CourseValue Map(Func<Expr, Expr> f) => new ScalarValue(f(Value));
    /// <inheritdoc />
    public override string EntryLabel(int index) => "the answer";
}

/// <summary>A vector (a column when written in LaTeX).</summary>
/// <param name="Items">The components.</param>
public sealed record VectorValue(IReadOnlyList<Expr> Items) : CourseValue
{
    /// <inheritdoc />
    public override IReadOnlyList<Expr> Entries => Items;
    /// <inheritdoc />
    public override (int Rows, int Columns) Shape => (Items.Count, 1);
    /// <inheritdoc />
    public override string ToPlain() => "[" + string.Join(", ", Items.Select(e => e.ToPlain())) + "]";
    /// <inheritdoc />
    public override string ToLatex() => @"\begin{bmatrix}" + string.Join(@" \\ ", Items.Select(e => e.ToLatex())) + @"\end{bmatrix}";
    /// <inheritdoc />
    public override CourseValue Map(Func<Expr, Expr> f) => new VectorValue(Items.Select(f).ToArray());
}

/// <summary>A matrix, row-major.</summary>
/// <param name="Rows">The rows, all of one length.</param>
public sealed record MatrixValue(IReadOnlyList<IReadOnlyList<Expr>> Rows) : CourseValue
{
    /// <summary>Builds a matrix from a 2-D array.</summary>
    public static MatrixValue From(Expr[,] m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var rows = new List<IReadOnlyList<Expr>>();
        for (int i = 0; i < m.GetLength(0); i++)
        {
            var row = new Expr[m.GetLength(1)];
            for (int j = 0; j < row.Length; j++) row[j] = m[i, j];
            rows.Add(row);
        }
        return new MatrixValue(rows);
    }

    /// <inheritdoc />
    public override IReadOnlyList<Expr> Entries => Rows.SelectMany(r => r).ToArray();
    /// <inheritdoc />
    public override (int Rows, int Columns) Shape => (Rows.Count, Rows.Count == 0 ? 0 : Rows[0].Count);
    /// <inheritdoc />
    public override string ToPlain() => "[" + string.Join(", ", Rows.Select(r => "[" + string.Join(", ", r.Select(e => e.ToPlain())) + "]")) + "]";
    /// <inheritdoc />
    public override string ToLatex() => @"\begin{bmatrix}" + string.Join(@" \\ ", Rows.Select(r => string.Join(" & ", r.Select(e => e.ToLatex())))) + @"\end{bmatrix}";
    /// <inheritdoc />
    public override CourseValue Map(Func<Expr, Expr> f) => new MatrixValue(Rows.Select(r => (IReadOnlyList<Expr>)r.Select(f).ToArray()).ToArray());
    /// <inheritdoc />
    public override string EntryLabel(int index)
    {
        int columns = Shape.Columns;
        return $"entry ({index / columns + 1}, {index % columns + 1})";
    }

    /// <summary>The transpose.</summary>
    public MatrixValue Transpose()
    {
        var (r, c) = Shape;
        var rows = new List<IReadOnlyList<Expr>>();
        for (int j = 0; j < c; j++)
        {
            var row = new Expr[r];
            for (int i = 0; i < r; i++) row[i] = Rows[i][j];
            rows.Add(row);
        }
        return new MatrixValue(rows);
    }
}
