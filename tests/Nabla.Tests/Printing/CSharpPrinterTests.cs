using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Nabla.Symbolic;
using Nabla.Symbolic.Printing;
using Nabla.Tests.Support;

namespace Nabla.Tests.Printing;

/// <summary>
/// The printed C# is compiled with Roslyn (an independent compiler, not our code) and run; its values must agree
/// with <see cref="Expr.Evaluate(IReadOnlyDictionary{string, double})"/>.
/// </summary>
public sealed class CSharpPrinterTests
{
    private static readonly Expr X = Expr.Sym("x");
    private static readonly Expr Y = Expr.Sym("y");

    public static TheoryData<Expr, string> Cases => new()
    {
        { Expr.Sin(X), "Math.Sin(x)" },
        { X ^ 2, "x * x" },
        { X ^ 3, "Math.Pow(x, 3.0)" },
        { 1 / X, "1.0 / x" },
        { Expr.Sqrt(X), "Math.Sqrt(x)" },
        { 3 * (X ^ 2) * Expr.Sin(X), "3.0 * (x * x) * Math.Sin(x)" },
        { (X ^ 2) * Expr.Sin(X) / Y, "x * x * (1.0 / y) * Math.Sin(x)" },
        { -(X ^ 2) * Y, "-x * x * y" },
        { X + 1, "1.0 + x" },
        { X - Y, "x - y" },
        { Expr.Num(1, 3) * X, "0.3333333333333333 * x" },
        { Expr.Pi * X, "Math.PI * x" },
        { Expr.E, "Math.E" },
        { Expr.Ln(X), "Math.Log(x)" },
        { Expr.Call(MathFunction.Abs, X), "Math.Abs(x)" },
        { Expr.Call(MathFunction.Relu, X), "Math.Max(0.0, x)" },
        { Expr.Call(MathFunction.Sec, X), "(1.0 / Math.Cos(x))" },
        { Expr.Call(MathFunction.Cot, X), "(Math.Cos(x) / Math.Sin(x))" },
        { Expr.Call(MathFunction.Sign, X), "(x switch { > 0.0 => 1.0, < 0.0 => -1.0, double.NaN => double.NaN, _ => 0.0 })" },
        { Expr.Call(MathFunction.Sigmoid, X), "(x >= 0.0 ? 1.0 / (1.0 + Math.Exp(-x)) : Math.Exp(x) / (1.0 + Math.Exp(x)))" },
        { (X + 1) ^ 2, "((1.0 + x) switch { var t0 => t0 * t0 })" },
        { Expr.Pow(X, Expr.Num(1, 3)), "Math.CopySign(Math.Pow(Math.Abs(x), 0.3333333333333333), x)" },
        { -Expr.Sin(X), "-Math.Sin(x)" },
        { Expr.Pow(X, Expr.Num(2, 3)), "Math.Pow(Math.Abs(x), 0.6666666666666666)" },
        { Expr.Pow(X, Expr.Num(3, 4)), "Math.Pow(x, 0.75)" },
        { Expr.Pow(X, Y), "Math.Pow(x, y)" },
        { 1 / Expr.Sqrt(X), "1.0 / Math.Sqrt(x)" },
        { 3 * (X ^ 2) * Expr.Sin(X) + (X ^ 3) * Expr.Cos(X), "3.0 * (x * x * Math.Sin(x)) + Math.Pow(x, 3.0) * Math.Cos(x)" },
        { Expr.Call(MathFunction.Csc, X), "(1.0 / Math.Sin(x))" },
        { Expr.Call(MathFunction.Step, X), "(x switch { > 0.0 => 1.0, < 0.0 => 0.0, _ => double.NaN })" },
        { Expr.Call(MathFunction.Softplus, X), "(x > 30.0 ? x : x < -30.0 ? Math.Exp(x) : Math.Log(1.0 + Math.Exp(x)))" },
        { Expr.Call(MathFunction.Sign, X + 1), "((1.0 + x) switch { > 0.0 => 1.0, < 0.0 => -1.0, double.NaN => double.NaN, _ => 0.0 })" },
        { Expr.Sym("double") + Expr.Sym("x-1") + Expr.Sym("2a") + Expr.Sym("Math"), "_2a + Math_ + @double + x_1" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrintsReadableCode(Expr e, string expected) => Assert.Equal(expected, CSharpPrinter.Print(e));

    [Fact]
    public void VariableNamesAreSanitisedDeterministically()
    {
        Assert.Equal("x", CSharpPrinter.VariableName("x"));
        Assert.Equal("theta_1", CSharpPrinter.VariableName("theta_1"));
        Assert.Equal("@class", CSharpPrinter.VariableName("class"));
        Assert.Equal("x_", CSharpPrinter.VariableName("x'"));
        Assert.Equal("_1x", CSharpPrinter.VariableName("1x"));
        Assert.Equal("System_", CSharpPrinter.VariableName("System"));
    }

    [Fact]
    public void TemporariesNeverClashWithVariables()
    {
        var t0 = Expr.Sym("t0");
        Assert.Equal("((1.0 + t0) switch { var _t0 => _t0 * _t0 })", CSharpPrinter.Print((t0 + 1) ^ 2));
    }

    [Fact]
    public void PrintMethodDeclaresTheFreeSymbols() =>
        Assert.Equal("public static double F(double x, double y) => x * y;", CSharpPrinter.PrintMethod(X * Y));

    [Fact]
    public void PrintedCodeCompilesAndAgreesWithEvaluate()
    {
        var expressions = new List<Expr>();
        RandomExpressions.Any(maxDepth: 5).Sample(e => { lock (expressions) expressions.Add(e); }, iter: 400, threads: 1);
        // Hand-picked cases that exercise every function and power path.
        expressions.AddRange(
        [
            Expr.Pow(X, Expr.Num(1, 3)) + Expr.Pow(X - 3, Expr.Num(2, 3)) + Expr.Pow(Y + X, Expr.Num(-5, 3)),
            Expr.Pow(X + 1, Expr.Num(3, 4)) + Expr.Pow(X * Y, Y) + Expr.Pow(2, X),
            Expr.Call(MathFunction.Cot, X + Y) + Expr.Call(MathFunction.Csc, X) * Expr.Call(MathFunction.Sec, Y),
            Expr.Call(MathFunction.Sigmoid, 40 * X) + Expr.Call(MathFunction.Softplus, 40 * Y) + Expr.Call(MathFunction.Softplus, X - Y),
            Expr.Call(MathFunction.Sign, X - Y) + Expr.Call(MathFunction.Step, X) * Expr.Call(MathFunction.Relu, Y - 1),
            Expr.Call(MathFunction.Asin, X / 3) + Expr.Call(MathFunction.Acos, Y / 3) + Expr.Call(MathFunction.Atan, X),
            Expr.Call(MathFunction.Sinh, X) * Expr.Call(MathFunction.Cosh, Y) / Expr.Call(MathFunction.Tanh, X + 2),
            Expr.Ln(X * X + 1) - Expr.Exp(-Y) + Expr.Call(MathFunction.Abs, X - Y) + Expr.Sqrt(2) * Expr.Pi,
            Expr.Pow(Expr.Sin(X) + 2, -2) - Expr.Num(7, 3) * Expr.Pow(Y, -1) + 1 / Expr.Sqrt(X * X + 1),
        ]);

        var source = new StringBuilder("using System;\npublic static class Printed\n{\n");
        for (int i = 0; i < expressions.Count; i++)
            source.Append("    public static double F").Append(i).Append("(double x, double y, double z) => ")
                  .Append(CSharpPrinter.Print(expressions[i])).Append(";\n");
        source.Append("}\n");

        var type = Compile(source.ToString()).GetType("Printed")!;
        var rng = new Random(20240607);
        int compared = 0;
        for (int i = 0; i < expressions.Count; i++)
        {
            var f = type.GetMethod("F" + i)!.CreateDelegate<Func<double, double, double, double>>();
            for (int k = 0; k < 6; k++)
            {
                var point = RandomExpressions.Point(rng);
                var expected = expressions[i].Evaluate(point);
                if (!double.IsFinite(expected)) continue;
                var actual = f(point["x"], point["y"], point["z"]);
                Assert.True(RandomExpressions.Close(expected, actual, 1e-12, 1e-300),
                    $"{expressions[i]} at x={point["x"]:R}, y={point["y"]:R}, z={point["z"]:R}: Evaluate {expected:R}, C# {actual:R}\n{CSharpPrinter.Print(expressions[i])}");
                compared++;
            }
        }
        Assert.True(compared > 1000, $"only {compared} finite points were compared");
    }

    private static Assembly Compile(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = tpa
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll")
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("PrintedCode", [tree], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        Assert.True(result.Success, string.Join("\n", errors));
        stream.Position = 0;
        return new AssemblyLoadContext("PrintedCode", isCollectible: true).LoadFromStream(stream);
    }
}
