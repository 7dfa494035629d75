using Nabla.Cli;
using Nabla.Symbolic;
using Nabla.Symbolic.Equivalence;
using Nabla.Symbolic.Parsing;
using static Nabla.Tests.Cli.CliHarness;

namespace Nabla.Tests.Cli;

/// <summary>Exit codes 0/1/2, the exception mapping behind them, help and info.</summary>
public sealed class ExitCodeTests
{
    /// <summary>An engine whose every operation fails the way a bug would.</summary>
    private sealed class BrokenEngine(Exception failure) : IMathEngine
    {
        public Expr Parse(string text, ParseOptions options) => throw failure;
        public Expr Diff(Expr f, Symbol variable, int order) => throw failure;
        public Derivation DiffWithSteps(Expr f, Symbol variable, int order) => throw failure;
        public Expr Simplify(Expr e) => throw failure;
        public EquivalenceResult CheckEquivalence(Expr a, Expr b) => throw failure;
        public IReadOnlyList<Expr> Gradient(Expr f, IReadOnlyList<Symbol> variables) => throw failure;
        public Expr[,] Jacobian(IReadOnlyList<Expr> functions, IReadOnlyList<Symbol> variables) => throw failure;
        public Expr[,] Hessian(Expr f, IReadOnlyList<Symbol> variables) => throw failure;
        public StationaryPointsResult StationaryPoints(Expr f, IReadOnlyList<Symbol> variables) => throw failure;
        public TotalDerivative TotalDerivative(Expr f, IReadOnlyDictionary<Symbol, Expr> paths, Symbol parameter) => throw failure;
        public TaylorSeries Taylor(Expr f, Symbol variable, Expr about, int order) => throw failure;
        public MultivariateTaylorSeries Taylor(Expr f, IReadOnlyDictionary<Symbol, Expr> about, int order) => throw failure;
        public NumericDerivative NumericDerivative(Expr f, Symbol variable, IReadOnlyDictionary<string, double> at, NumericMethod method) => throw failure;
        public IReadOnlyList<SecantRow> RiseOverRun(Func<double, double> f, double x, double? exactDerivative) => throw failure;
    }

    [Theory]
    [InlineData("diff", "x")]
    [InlineData("simplify", "x")]
    [InlineData("equiv", "x", "y")]
    [InlineData("grad", "x")]
    [InlineData("jacobian", "x; y")]
    [InlineData("hessian", "x")]
    [InlineData("stationary", "x")]
    [InlineData("chain", "x", "--with", "x=t")]
    [InlineData("taylor", "x", "--order", "2")]
    [InlineData("numdiff", "x", "--at", "x=1")]
    public void UnexpectedExceptionIsExitCodeTwoWithAShortMessage(params string[] args)
    {
        var run = RunWith(new BrokenEngine(new InvalidOperationException("boom")), "", args);
        Assert.Equal(2, run.Code);
        Assert.Equal("", run.Out);
        Assert.Contains("internal error", run.Err);
        Assert.Contains("boom", run.Err);
        Assert.DoesNotContain("   at ", run.Err); // no stack frames
    }

    [Fact]
    public void DebugShowsTheStackTrace()
    {
        var stderr = new StringWriter();
        int code = new CliApp(new BrokenEngine(new InvalidOperationException("boom")), debug: true)
            .Run(["diff", "x"], new StringReader(""), new StringWriter(), stderr);
        Assert.Equal(2, code);
        Assert.Contains("InvalidOperationException", stderr.ToString());
        Assert.Contains("   at ", stderr.ToString());
    }

    [Fact]
    public void EngineMathErrorsAreUserErrors()
    {
        var budget = RunWith(new BrokenEngine(new BudgetExceededException("derivative too large")), "", "diff", "x");
        Assert.Equal(1, budget.Code);
        Assert.Contains("derivative too large", budget.Err);

        var math = RunWith(new BrokenEngine(new SymbolicException("division by zero")), "", "simplify", "x");
        Assert.Equal(1, math.Code);
        Assert.Contains("division by zero", math.Err);
    }

    [Fact]
    public void BatchAnswersInternalErrorsAndStillExitsZero()
    {
        var run = RunWith(new BrokenEngine(new InvalidOperationException("boom")), "{\"id\":1,\"op\":\"simplify\",\"expr\":\"x\"}\n{\"op\":\"nope\"}", "batch");
        Assert.Equal(0, run.Code);
        Assert.Equal(2, run.Lines.Length);
        var first = run.Lines[0];
        Assert.Contains("\"ok\":false", first);
        Assert.Contains("\"kind\":\"internal\"", first);
        Assert.Contains("\"id\":1", first);
        Assert.Contains("\"kind\":\"user\"", run.Lines[1]);
    }

    [Fact]
    public void ExceptionMappingTable()
    {
        var parse = ErrorInfo.FromException(new ParseException("unexpected '*'", "2+*x", 2, hint: "remove the '*'"));
        Assert.Equal((1, 2, "remove the '*'"), (parse.ExitCode, parse.Position, parse.Hint));
        Assert.Contains("^", parse.Display);

        Assert.Equal(1, ErrorInfo.FromException(new BudgetExceededException("too big")).ExitCode);
        Assert.Equal(1, ErrorInfo.FromException(new SymbolicException("bad")).ExitCode);
        Assert.Equal(1, ErrorInfo.FromException(new RequestException("missing", "add it")).ExitCode);
        Assert.Equal(2, ErrorInfo.FromException(new NullReferenceException()).ExitCode);
        Assert.Equal(2, ErrorInfo.FromException(new NotImplementedException()).ExitCode);
        Assert.Null(ErrorInfo.FromException(new SymbolicException("bad")).Position);
    }

    [Fact]
    public void UnknownOptionsAndVerbsAreUserErrors()
    {
        Assert.Equal(1, Run("diff", "x", "--frobnicate").Code);
        Assert.Equal(1, Run("integrate", "x").Code);
        Assert.Equal(1, Run("diff", "x", "--format", "yaml").Code);
        Assert.Equal(1, Run("diff").Code);
        Assert.Equal(1, Run().Code);
    }

    [Theory]
    [InlineData("diff")]
    [InlineData("simplify")]
    [InlineData("equiv")]
    [InlineData("batch")]
    [InlineData("info")]
    [InlineData("grad")]
    [InlineData("jacobian")]
    [InlineData("hessian")]
    [InlineData("stationary")]
    [InlineData("chain")]
    [InlineData("taylor")]
    [InlineData("numdiff")]
    public void EveryVerbHasHelpWithAtLeastTwoExamples(string verb)
    {
        var run = Run(verb, "--help");
        Assert.Equal(0, run.Code);
        Assert.Contains("Examples:", run.Out);
        int examples = run.Out.Split('\n').Count(l => l.Contains("nabla " + verb, StringComparison.Ordinal));
        Assert.True(examples >= 2, $"{verb} --help shows {examples} examples");
        Assert.Contains("Usage:", run.Out);
    }

    [Fact]
    public void VerbsThatParseOfferFormatAndSplitLetters()
    {
        foreach (var verb in new[] { "diff", "simplify", "equiv", "grad", "jacobian", "hessian", "stationary", "chain", "taylor", "numdiff" })
        {
            var help = Run(verb, "--help").Out;
            Assert.Contains("--format", help);
            Assert.Contains("--split-letters", help);
        }
    }

    [Fact]
    public void InfoShowsVersionAndRuntime()
    {
        var run = Run("info");
        Assert.Equal(0, run.Code);
        Assert.StartsWith("nabla ", run.Text);
        Assert.Contains(".NET", run.Out);

        var json = Run("info", "--format", "json").Json;
        Assert.True((bool)json["ok"]!);
        Assert.False(string.IsNullOrEmpty((string?)json["version"]));
        Assert.Contains(".NET", (string)json["runtime"]!);
    }
}
