using Nabla.Regression;

namespace Nabla.Tests.Regression;

public sealed class DataTableTests
{
    [Fact]
    public void Reads_csv_with_a_header_comments_and_quotes()
    {
        var t = DataTable.Parse("# heights\nx, y ,\"sigma, cm\"\n1, 2.5, 0.1  # first\n\n2,3e1,.2\n");
        Assert.Equal(["x", "y", "sigma, cm"], t.Columns);
        Assert.Equal(2, t.Rows);
        Assert.True(t.HasHeader);
        Assert.Equal(',', t.Delimiter);
        Assert.Equal([2.5, 30], t.Column("y"));
        Assert.Equal([0.1, 0.2], t.Column("sigma, cm"));
        Assert.Equal([1, 2], t.Column("1"));
        Assert.Equal([2.5, 30], t.Column("Y"));   // case-insensitive when unambiguous
    }

    [Theory]
    [InlineData("a\tb\n1\t2\n3\t4\n", '\t')]
    [InlineData("a;b\r\n1,5;2\r\n3;4,25\r\n", ';')]
    [InlineData("a b\n 1   2\n3 4\n", ' ')]
    [InlineData("\uFEFFa,b\n1,2\n3,4\n", ',')]
    public void Sniffs_the_delimiter(string text, char expected)
    {
        if (expected == ';')
        {
            // Semicolon files carry decimal commas: we refuse them with a hint rather than guess.
            var error = Assert.Throws<DataFormatException>(() => DataTable.Parse(text));
            Assert.Equal(2, error.Line);
            Assert.Equal(1, error.Column);
            Assert.Contains("use . as the decimal separator", error.Hint);
            Assert.Contains("1,5 → 1.5", error.Hint);
            return;
        }
        var t = DataTable.Parse(text);
        Assert.Equal(expected, t.Delimiter);
        Assert.Equal(["a", "b"], t.Columns);
        Assert.Equal([1, 3], t.Column("a"));
        Assert.Equal([2, 4], t.Column("b"));
    }

    [Fact]
    public void Without_a_header_columns_are_numbered()
    {
        var t = DataTable.Parse("1 2 3\n4 5 6\n");
        Assert.False(t.HasHeader);
        Assert.Equal(["1", "2", "3"], t.Columns);
        Assert.Equal([3, 6], t.Column("3"));
        var told = DataTable.Parse("10,20\n1,2\n", hasHeader: true);
        Assert.Equal(["10", "20"], told.Columns);
        Assert.Equal([2], told.Column("20"));
        Assert.Equal([1], told.Column("10"));
    }

    [Fact]
    public void Ragged_rows_are_reported_with_line_and_column()
    {
        var error = Assert.Throws<DataFormatException>(() => DataTable.Parse("x,y\n1,2\n3,4,5\n", source: "data.csv"));
        Assert.Equal("data.csv", error.Source);
        Assert.Equal(3, error.Line);
        Assert.Equal(5, error.Column);
        Assert.StartsWith("data.csv:3:5: this row has 3 fields but the header has 2 columns", error.Message);
        var short_ = Assert.Throws<DataFormatException>(() => DataTable.Parse("x,y\n1,2\n3\n"));
        Assert.Equal(3, short_.Line);
        Assert.Contains("1 field", short_.Message);
        Assert.Contains("missing value", short_.Hint);
    }

    [Fact]
    public void Non_numbers_show_the_text_position_and_a_hint()
    {
        var comma = Assert.Throws<DataFormatException>(() => DataTable.Parse("x\ty\n1\t2,5\n", source: "d.tsv"));
        Assert.Equal((2, 3), (comma.Line, comma.Column));
        Assert.Contains("'2,5' in column 'y' is not a number", comma.Message);
        Assert.Contains("use . as the decimal separator", comma.Hint);

        var word = Assert.Throws<DataFormatException>(() => DataTable.Parse("x,y\n1,2\n3,abc\n"));
        Assert.Equal((3, 3), (word.Line, word.Column));
        Assert.Contains("'abc'", word.Message);

        var thousands = Assert.Throws<DataFormatException>(() => DataTable.Parse("x;y\n1;\"1,234.5\"\n"));
        Assert.Contains("thousands separators", thousands.Hint);

        var nan = Assert.Throws<DataFormatException>(() => DataTable.Parse("x,y\n1,NaN\n"));
        Assert.Contains("not a finite number", nan.Message);
        var inf = Assert.Throws<DataFormatException>(() => DataTable.Parse("x,y\n1,1e400\n"));
        Assert.Contains("not a finite number", inf.Message);

        var empty = Assert.Throws<DataFormatException>(() => DataTable.Parse("x,y\n1,\n"));
        Assert.Equal((2, 3), (empty.Line, empty.Column));
        Assert.Contains("empty", empty.Message);
    }

    [Fact]
    public void Empty_input_and_header_only_are_errors()
    {
        Assert.Contains("empty", Assert.Throws<DataFormatException>(() => DataTable.Parse("")).Message);
        Assert.Contains("no data rows", Assert.Throws<DataFormatException>(() => DataTable.Parse("# only a comment\n\n")).Message);
        Assert.Contains("header but no data", Assert.Throws<DataFormatException>(() => DataTable.Parse("x,y\n")).Message);
    }

    [Fact]
    public void Bad_headers_and_quotes_are_errors()
    {
        var dup = Assert.Throws<DataFormatException>(() => DataTable.Parse("x,x\n1,2\n"));
        Assert.Equal((1, 3), (dup.Line, dup.Column));
        Assert.Contains("appears twice", dup.Message);
        var open = Assert.Throws<DataFormatException>(() => DataTable.Parse("x,y\n1,\"2\n"));
        Assert.Equal((2, 3), (open.Line, open.Column));
        Assert.Contains("never closed", open.Message);
    }

    [Fact]
    public void Unknown_column_lists_the_columns()
    {
        var t = DataTable.Parse("x,y\n1,2\n");
        var error = Assert.Throws<DataFormatException>(() => t.Column("z"));
        Assert.Contains("no column 'z'", error.Message);
        Assert.Contains("'x', 'y'", error.Message);
        Assert.Throws<DataFormatException>(() => t.Column("3"));
        Assert.Throws<DataFormatException>(() => t.Column("0"));
    }

    [Fact]
    public void Loads_a_file_and_reports_a_missing_one()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nabla-datatable-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, "t,v\n0,1\n1,3\n2,5\n");
            var t = DataTable.Load(path);
            var fit = Fit.Line(t.Column("t"), t.Column("v"));
            Assert.Equal(2, fit.Slope, 12);
            Assert.Equal(1, fit.Intercept, 12);
            File.WriteAllText(path, "t,v\n0,1\n1,x\n");
            var error = Assert.Throws<DataFormatException>(() => DataTable.Load(path));
            Assert.StartsWith($"{path}:3:3:", error.Message);
        }
        finally { File.Delete(path); }
        var missing = Assert.Throws<DataFormatException>(() => DataTable.Load(path));
        Assert.Contains("does not exist", missing.Message);
    }

    [Fact]
    public void The_nist_data_block_reads_as_whitespace_separated_columns()
    {
        var lines = File.ReadAllLines(Path.Combine(NistLinearTests.Folder(), "Norris.dat"));
        var t = DataTable.Parse(string.Join("\n", lines[60..96]));   // lines 61–96: y x, no header
        Assert.Equal(36, t.Rows);
        Assert.Equal(["1", "2"], t.Columns);
        var fit = Fit.Line(t.Column("2"), t.Column("1"));
        Assert.Equal(1.00211681802045, fit.Slope, 12);        // NIST certified B1
        Assert.Equal(-0.262323073774029, fit.Intercept, 12);  // NIST certified B0
    }
}
