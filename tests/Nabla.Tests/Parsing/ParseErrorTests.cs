using System.Diagnostics;
using Nabla.Symbolic;
using Nabla.Symbolic.Parsing;

namespace Nabla.Tests.Parsing;

public sealed class ParseErrorTests
{
    private static ParseException Fails(string text, ParseOptions? options = null)
    {
        var ex = Assert.Throws<ParseException>(() => Expr.Parse(text, options));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        Assert.Equal(text, ex.Input);
        Assert.InRange(ex.Position, 0, text.Length);
        Assert.False(string.IsNullOrWhiteSpace(ex.Display));
        return ex;
    }

    [Theory]
    [InlineData("sinx", "sin", "sin(x)")]
    [InlineData("cosx", "cos", "cos(x)")]
    [InlineData("expx", "exp", "exp(x)")]
    [InlineData("lnx", "ln", "ln(x)")]
    [InlineData("sqrtx", "sqrt", "sqrt(x)")]
    [InlineData("sinhx", "sinh", "sinh(x)")]
    [InlineData("log10x", "log10", "log10(x)")]
    [InlineData("sin2x", "sin", "sin(2x)")]
    public void FunctionNameGluedToItsArgument(string text, string function, string suggestion)
    {
        var ex = Fails("2 + " + text);
        Assert.Equal(4, ex.Position);
        Assert.Equal(text.Length, ex.Length);
        Assert.Contains(function, ex.Message);
        Assert.Contains($"did you mean {suggestion}?", ex.Hint, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("sinh(x)")]
    [InlineData("sec(x)")]
    [InlineData("sigma")]
    [InlineData("exp(x)")]
    [InlineData("step(x)")]
    [InlineData("softplus(x)")]
    [InlineData("sigmoid(x)")]
    [InlineData("arcsin(x)")]
    [InlineData("cosh x")]
    public void LegitimateNamesThatStartLikeOtherFunctionsParse(string text) => Assert.NotNull(Expr.Parse(text));

    [Theory]
    [InlineData("(x+1", 0)]
    [InlineData("2*(x+(y-1)", 2)]
    [InlineData("((x)", 0)]
    [InlineData("2x(", 2)]
    [InlineData("sin(x", 3)]
    [InlineData("|x", 0)]
    public void UnclosedBracketPointsAtTheOpeningOne(string text, int position)
    {
        var ex = Fails(text);
        Assert.Equal(position, ex.Position);
        Assert.Contains("never closed", ex.Message);
    }

    [Theory]
    [InlineData("x+1)", 3)]
    [InlineData("))((", 0)]
    [InlineData("(x))", 3)]
    [InlineData("]", 0)]
    public void UnmatchedClosingBracket(string text, int position)
    {
        var ex = Fails(text);
        Assert.Equal(position, ex.Position);
        Assert.Contains("no matching", ex.Message);
    }

    [Fact]
    public void MismatchedBracketKinds()
    {
        var ex = Fails("(x+1]");
        Assert.Equal(4, ex.Position);
        Assert.Contains("does not match", ex.Message);
    }

    [Theory]
    [InlineData("x**", "**")]
    [InlineData("x^", "^")]
    [InlineData("2*", "*")]
    [InlineData("x+", "+")]
    [InlineData("x/", "/")]
    [InlineData("-", "-")]
    [InlineData("+", "+")]
    [InlineData("√", "√")]
    public void IncompleteExpressionPointsAtTheEnd(string text, string op)
    {
        var ex = Fails(text);
        Assert.Equal($"Expected an expression after '{op}'.", ex.Message);
        Assert.Equal(text.Length, ex.Position);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("/x")]
    [InlineData("^2")]
    public void LoneOperatorWithoutLeftOperand(string text)
    {
        var ex = Fails(text);
        Assert.Equal(0, ex.Position);
        Assert.Contains("on its left", ex.Message);
    }

    [Fact]
    public void TwoOperatorsInARow()
    {
        var ex = Fails("x+*y");
        Assert.Equal(2, ex.Position);
        Assert.Contains("'+'", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void EmptyInput(string text)
    {
        var ex = Fails(text);
        Assert.Equal(0, ex.Position);
        Assert.Contains("empty", ex.Message);
        Assert.NotNull(ex.Hint);
    }

    [Fact]
    public void UnknownFunctionSuggestsNearestNames()
    {
        var ex = Fails("2 + sn(x)");
        Assert.Equal(4, ex.Position);
        Assert.Equal(2, ex.Length);
        Assert.Contains("Unknown function 'sn'", ex.Message);
        Assert.Contains("sin", ex.Hint);

        ex = Fails("foo(x)");
        Assert.Contains("'foo'", ex.Message);
        Assert.Contains("foo*(", ex.Hint);

        ex = Fails("sigmod(x)");
        Assert.Contains("sigmoid", ex.Hint);

        ex = Fails("xsin(x)");
        Assert.Contains("x*sin(", ex.Hint);
    }

    [Theory]
    [InlineData("nan")]
    [InlineData("NaN")]
    [InlineData("inf")]
    [InlineData("infinity")]
    [InlineData("Infinity")]
    [InlineData("∞")]
    public void NotANumberLiteralsAreRejected(string word)
    {
        var ex = Fails("x + " + word);
        Assert.Equal(4, ex.Position);
        Assert.Contains("not a number Nabla accepts", ex.Message);
        Assert.NotNull(ex.Hint);
    }

    [Theory]
    [InlineData("x $ y", 2, null)]
    [InlineData("x @ y", 2, null)]
    [InlineData("x^2 = 1", 4, "difference")]
    [InlineData("x < 1", 2, "Comparisons")]
    [InlineData("\\sqrt{x}", 0, "LaTeX")]
    [InlineData("3!", 1, "Factorial")]
    public void UnknownCharacters(string text, int position, string? hintPart)
    {
        var ex = Fails(text);
        Assert.Equal(position, ex.Position);
        Assert.NotNull(ex.Hint);
        if (hintPart is not null) Assert.Contains(hintPart, ex.Hint);
    }

    [Fact]
    public void EarliestProblemIsReportedFirst()
    {
        // The ')' comes before the '$', so it is the one reported.
        Assert.Equal(0, Fails(")$").Position);
        Assert.Equal(1, Fails("x$)").Position);
    }

    [Theory]
    [InlineData("x, y", 1)]
    [InlineData("sin(x, y)", 5)]
    [InlineData("(1,5)", 2)]
    [InlineData("log(x, 2, 3)", 8)]
    public void CommaOutsideLog(string text, int position)
    {
        var ex = Fails(text);
        Assert.Equal(position, ex.Position);
        Assert.NotNull(ex.Hint);
    }

    [Fact]
    public void DecimalCommaGetsAHint() => Assert.Contains("1.5", Fails("1,5").Hint);

    [Theory]
    [InlineData("1/0", 1)]
    [InlineData("x + 2/(x - x)", 5)]
    [InlineData("0^-1", 1)]
    [InlineData("(1-1)^(-2)", 5)]
    public void DivisionByZeroPointsAtTheOperator(string text, int position)
    {
        var ex = Fails(text);
        Assert.Equal(position, ex.Position);
        Assert.Contains("Division by zero", ex.Message);
        Assert.IsType<SymbolicException>(ex.InnerException, exactMatch: false);
    }

    [Fact]
    public void CoreBudgetErrorsBecomeParseErrorsAtTheOperator()
    {
        // 2^(1000001/2) = 2^500000·√2 exactly: the core refuses to build a 500,000-bit integer.
        var ex = FailsFast("x + 2^(1000001/2)");
        Assert.Equal(5, ex.Position);
        Assert.IsType<BudgetExceededException>(ex.InnerException);
        Assert.NotNull(ex.Hint);
    }

    [Fact]
    public void LogarithmBaseOneIsRejected()
    {
        var ex = Fails("log(x, 1)");
        Assert.Equal(0, ex.Position);
        Assert.Contains("base", ex.Message);
    }

    [Theory]
    [InlineData("sin^-1(x)")]
    [InlineData("sin⁻¹(x)")]
    public void InverseFunctionNotationIsAmbiguous(string text)
    {
        var ex = Fails(text);
        Assert.Contains("asin", ex.Hint);
        Assert.Equal(3, ex.Position);
    }

    [Theory]
    [InlineData("2 3", 2)]
    [InlineData("x 2", 2)]
    [InlineData("(x+1)2", 5)]
    [InlineData("sin x 2", 6)]
    public void NumberAfterAnOperandNeedsAnOperator(string text, int position)
    {
        var ex = Fails(text);
        Assert.Equal(position, ex.Position);
        Assert.Contains("operator", ex.Message);
    }

    [Theory]
    [InlineData("sin", 0)]
    [InlineData("sin + 1", 0)]
    [InlineData("sin()", 3)]
    [InlineData("2 ln", 2)]
    [InlineData("sin -x", 0)]
    public void FunctionWithoutArgument(string text, int position)
    {
        var ex = Fails(text);
        Assert.Equal(position, ex.Position);
        Assert.Contains("argument", ex.Message);
    }

    [Theory]
    [InlineData("()", 0)]
    [InlineData("2*()", 2)]
    [InlineData("1.2.3", 3)]
    [InlineData("x_", 1)]
    [InlineData("1e99999", 2)]
    [InlineData("x|", 1)]
    public void OtherMalformedInput(string text, int position) => Assert.Equal(position, Fails(text).Position);

    [Fact]
    public void ParseExceptionDisplayPutsTheCaretUnderTheSpot()
    {
        var ex = Fails("2 + sinx");
        var lines = ex.Display.Split('\n');
        Assert.Equal(ex.Message, lines[0]);
        Assert.Equal("  2 + sinx", lines[1]);
        Assert.Equal("      ^^^^", lines[2]);
        Assert.StartsWith("hint: Did you mean sin(x)?", lines[3]);

        var end = Fails("x**");
        var endLines = end.Display.Split('\n');
        Assert.Equal(endLines[1].Length, endLines[2].IndexOf('^'));
    }

    [Fact]
    public void DisplayOfALongInputShowsAWindowAroundTheSpot()
    {
        string text = string.Concat(Enumerable.Repeat("x+", 200)) + "$";
        var ex = Fails(text);
        var lines = ex.Display.Split('\n');
        int caret = lines[2].IndexOf('^');
        Assert.Equal('$', lines[1][caret]);
        Assert.True(lines[1].Length < 80);
    }

    // ---- budgets: every bad input fails fast and never overflows the stack --------------------------------

    private static ParseException FailsFast(string text, ParseOptions? options = null)
    {
        var watch = Stopwatch.StartNew();
        var ex = Fails(text, options);
        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
        return ex;
    }

    [Fact]
    public void HundredThousandNestedParenthesesFailFast()
    {
        string text = new string('(', 100_000) + "x" + new string(')', 100_000);
        var ex = FailsFast(text, new ParseOptions { MaxLength = 1_000_000 });
        Assert.Contains("nested too deeply", ex.Message);
        Assert.Equal(ParseOptions.Default.MaxNesting, ex.Position);
    }

    [Fact]
    public void DeepNestingOfEveryKindIsBounded()
    {
        var options = new ParseOptions { MaxLength = 1_000_000 };
        Assert.Contains("nested too deeply", FailsFast(string.Concat(Enumerable.Repeat("sin(", 50_000)) + "x", options).Message);
        Assert.Contains("nested too deeply", FailsFast(string.Concat(Enumerable.Repeat("sin ", 50_000)) + "x", options).Message);
        Assert.Contains("nested too deeply", FailsFast(new string('√', 100_000) + "x", options).Message);
        Assert.Contains("nested too deeply", FailsFast(new string('|', 100_000), options).Message);
        Assert.Contains("nested too deeply", FailsFast(string.Concat(Enumerable.Repeat("x^", 50_000)) + "x", options).Message);
        Assert.Contains("nested too deeply", FailsFast(new string('[', 100_000), options).Message);
    }

    [Fact]
    public void NestingLimitIsConfigurableAndSafeEvenWhenHuge()
    {
        string ten = new string('(', 10) + "x" + new string(')', 10);
        Assert.Same(Expr.Sym("x"), Expr.Parse(ten));
        Assert.Contains("nested too deeply", Fails(ten, new ParseOptions { MaxNesting = 5 }).Message);
        // A limit far above what the stack can hold still fails cleanly instead of overflowing.
        string deep = new string('(', 1_000_000) + "x";
        var ex = FailsFast(deep, new ParseOptions { MaxLength = 2_000_000, MaxNesting = int.MaxValue });
        Assert.Contains("nested too deeply", ex.Message);
    }

    [Fact]
    public void LongSignRunsAreParsedWithoutRecursion()
    {
        var options = new ParseOptions { MaxLength = 1_000_000 };
        Assert.Same(Expr.Sym("x"), Expr.Parse(new string('-', 100_000) + "x", options));
    }

    [Fact]
    public void OneMegabyteInputFailsAtOnce()
    {
        string text = new string('x', 1_000_000);
        var ex = FailsFast(text);
        Assert.Contains("too long", ex.Message);
        Assert.Equal(ParseOptions.Default.MaxLength, ex.Position);
    }

    [Fact]
    public void LongFlatInputsParseQuickly()
    {
        // Flat sums and products are collected into one list and built once, so their length costs no stack and
        // no quadratic rebuilding.
        string sum = string.Join("+", Enumerable.Range(0, 3_000).Select(i => $"x_{i}"));
        string product = string.Join("*", Enumerable.Range(0, 3_000).Select(i => $"(x+{i})"));
        var watch = Stopwatch.StartNew();
        var e = Expr.Parse(sum);
        var p = Expr.Parse(product);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.Equal(3_000, ((Sum)e).Terms.Count);
        Assert.Equal(3_000, ((Product)p).Factors.Count);
    }

    [Theory]
    [InlineData("(((((")]
    [InlineData(")))))")]
    [InlineData("+-*/^")]
    [InlineData("||||")]
    [InlineData("sin sin sin")]
    [InlineData("e^e^e^e^e^e^e^e^e^e^e^e^")]
    [InlineData("x_{")]
    [InlineData("⁻")]
    [InlineData("²")]
    [InlineData("log_")]
    public void GarbageFailsCleanly(string text) => FailsFast(text);

    [Fact]
    public void HugeExactPowersFailWithAParseErrorOrStayUnevaluated()
    {
        // 2^(10^10) is kept as a power; it must not be computed.
        var watch = Stopwatch.StartNew();
        var e = Expr.Parse("2^(10^10)");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1));
        Assert.Equal(ExprKind.Power, e.Kind);
    }
}
