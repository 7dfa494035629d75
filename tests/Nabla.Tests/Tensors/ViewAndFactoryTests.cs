using Nabla.Numerics;

namespace Nabla.Tests.Tensors;

/// <summary>Views share storage as documented; factories, indexing and printing behave as NumPy's do.</summary>
public sealed class ViewAndFactoryTests
{
    [Fact]
    public void ReshapeOfContiguousIsAViewAndInfersMinusOne()
    {
        var t = Tensor<double>.Arange(6);
        var r = t.Reshape(2, -1);
        Assert.Equal(new[] { 2, 3 }, r.Shape.ToArray());
        r[1, 2] = 42;
        Assert.Equal(42, t[5]);
        Assert.Equal(new[] { 3, 2, 1 }, t.Reshape(-1, 2, 1).Shape.ToArray());
        var bad = Assert.Throws<ArgumentException>(() => t.Reshape(4, -1));
        Assert.Contains("(6,)", bad.Message);
        Assert.Throws<ArgumentException>(() => t.Reshape(-1, -1));
        Assert.Throws<ArgumentException>(() => t.Reshape(7));
    }

    [Fact]
    public void TransposeIsAViewAndReshapeOfItCopies()
    {
        var m = Tensor<double>.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        var tr = m.Transpose();
        Assert.Equal(new[] { 3, 2 }, tr.Shape.ToArray());
        Assert.False(tr.IsContiguous);
        Assert.Equal(6, tr[2, 1]);
        tr[0, 1] = -4;
        Assert.Equal(-4, m[1, 0]);
        Assert.Throws<InvalidOperationException>(() => tr.AsSpan());
        Assert.Equal(new double[] { 1, -4, 2, 5, 3, 6 }, tr.Contiguous().AsSpan().ToArray());
        var flat = tr.Reshape(6); // not contiguous, so a copy
        flat[0] = 100;
        Assert.Equal(1, m[0, 0]);
        Assert.Throws<InvalidOperationException>(() => Tensor<double>.Zeros(2, 2, 2).Transpose());
        var p = Tensor<double>.Arange(24).Reshape(2, 3, 4).Permute(2, 0, 1);
        Assert.Equal(new[] { 4, 2, 3 }, p.Shape.ToArray());
        Assert.Equal(1 * 12 + 2 * 4 + 3, p[3, 1, 2]);
    }

    [Fact]
    public void RowAndNarrowAreViews()
    {
        var m = Tensor<double>.Arange(12).Reshape(3, 4);
        var row = m.Row(1);
        Assert.Equal(new double[] { 4, 5, 6, 7 }, row.ToArray());
        row[0] = -1;
        Assert.Equal(-1, m[1, 0]);
        var cols = m.Narrow(1, 1, 2);
        Assert.Equal(new double[] { 1, 2, 5, 6, 9, 10 }, cols.ToArray());
        cols[2, 1] = 99;
        Assert.Equal(99, m[2, 2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Row(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Narrow(1, 3, 2));
        var clone = m.Clone();
        clone[0, 0] = 7;
        Assert.Equal(0, m[0, 0]);
    }

    [Fact]
    public void FactoriesAndIndexing()
    {
        Assert.Equal(new double[] { 0, 0, 0 }, Tensor<double>.Zeros(3).ToArray());
        Assert.Equal(new float[] { 1, 1 }, Tensor<float>.Ones(1, 2).ToArray());
        Assert.Equal(new double[] { 2.5, 2.5 }, Tensor<double>.Full(new TensorShape(2), 2.5).ToArray());
        var s = Tensor<double>.Scalar(4);
        Assert.Equal(0, s.Rank);
        Assert.Equal(4, s.ToScalar());
        Assert.Equal(new double[] { 1, 1.5, 2, 2.5 }, Tensor<double>.Arange(1, 3, 0.5).ToArray());
        Assert.Equal(new double[] { 3, 2 }, Tensor<double>.Arange(3, 1, -1).ToArray());
        Assert.Empty(Tensor<double>.Arange(3, 1, 1).ToArray());
        Assert.Throws<ArgumentException>(() => Tensor<double>.Arange(0, 1, 0));
        var data = new double[] { 1, 2, 3, 4 };
        var t = Tensor<double>.FromArray(data, 2, 2);
        data[0] = 9; // FromArray copies
        Assert.Equal(1, t[0, 0]);
        var len = Assert.Throws<ArgumentException>(() => Tensor<double>.FromArray([1, 2, 3], 2, 2));
        Assert.Contains("3 values cannot fill shape (2, 2)", len.Message);
        Assert.Throws<ArgumentException>(() => t[0]);
        var oob = Assert.Throws<ArgumentOutOfRangeException>(() => t[0, 2]);
        Assert.Contains("index 2 is out of range for axis 1 of size 2", oob.Message);
        Assert.Throws<InvalidOperationException>(() => t.ToScalar());
        var big = Tensor<double>.Ones(3, 4).BroadcastTo(new TensorShape(2, 3, 4));
        Assert.Equal(24, big.Sum());
        Assert.Throws<ArgumentException>(() => Tensor<double>.Ones(3, 4).BroadcastTo(new TensorShape(4)));
    }

    [Fact]
    public void ShapesPrintLikeNumPyAndCompareByValue()
    {
        Assert.Equal("()", new TensorShape().ToString());
        Assert.Equal("(4,)", new TensorShape(4).ToString());
        Assert.Equal("(2, 3)", new TensorShape(2, 3).ToString());
        Assert.Equal(new TensorShape(2, 3), (TensorShape)new[] { 2, 3 });
        Assert.NotEqual(new TensorShape(3, 2), new TensorShape(2, 3));
        Assert.Equal(new TensorShape(2, 3).GetHashCode(), new TensorShape(2, 3).GetHashCode());
        Assert.Equal(1, default(TensorShape).Length);
        Assert.Equal(new[] { 12, 4, 1 }, new TensorShape(2, 3, 4).Strides);
        Assert.Equal(3, new TensorShape(2, 3)[-1]);
    }

    [Fact]
    public void ToStringIsNumPyLikeAndTruncatesBigTensors()
    {
        var m = Tensor<double>.FromArray([1, 2.5, 3, 4, 5, 6], 2, 3);
        Assert.Equal("[[1, 2.5, 3],\n [4, 5, 6]]  shape=(2, 3), dtype=float64", m.ToString());
        Assert.Equal("7  shape=(), dtype=float32", Tensor<float>.Scalar(7).ToString());
        var big = Tensor<double>.Arange(100_000).Reshape(100, 1000);
        string text = big.ToString();
        Assert.Contains("...", text);
        Assert.Contains("99999", text);
        Assert.True(text.Length < 500, text);
        Assert.StartsWith("[[0, 1, 2, ..., 997, 998, 999],\n [1000, 1001, 1002, ..., 1997, 1998, 1999],\n [2000,", text);
    }

    [Fact]
    public void AllCloseAndHasNaN()
    {
        var a = Tensor<double>.FromArray([1, 2, 3]);
        Assert.True(a.AllClose(a + 1e-9));
        Assert.False(a.AllClose(a + 1e-3));
        Assert.True(a.AllClose(a + 1e-3, rtol: 1e-3, atol: 0));
        Assert.True(Tensor<double>.Full(new TensorShape(2, 3), 2).AllClose(Tensor<double>.Scalar(2)));
        var nan = Tensor<double>.FromArray([1, double.NaN]);
        Assert.True(nan.HasNaN());
        Assert.False(a.HasNaN());
        Assert.False(nan.AllClose(nan));
        Assert.True(nan.AllClose(nan, equalNaN: true));
        Assert.False(Tensor<double>.FromArray([double.PositiveInfinity]).AllClose(Tensor<double>.FromArray([1e308])));
        Assert.Throws<ArgumentException>(() => a.AllClose(Tensor<double>.Zeros(2)));
    }
}
