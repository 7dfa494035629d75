using Nabla.Symbolic;
using Nabla.Symbolic.Printing;

namespace Nabla.Tests.Printing;

/// <summary>Every printer handles the deepest allowed input and refuses deeper or hugely shared ones cleanly.</summary>
public sealed class PrintBudgetTests
{
    private static readonly Expr X = Expr.Sym("x");

    public static TheoryData<string> Printers => ["human", "unicode", "latex", "mathml", "csharp"];

    private static string Print(string printer, Expr e) => printer switch
    {
        "human" => HumanPrinter.Print(e),
        "unicode" => HumanPrinter.Print(e, unicode: true),
        "latex" => LatexPrinter.Print(e),
        "mathml" => MathMLPrinter.Print(e),
        _ => CSharpPrinter.Print(e),
    };

    /// <summary>Nesting that mixes every node kind, just under <see cref="Expr.MaxDepth"/>.</summary>
    private static Expr DeepMixed()
    {
        Expr e = X;
        int i = 0;
        while (e.Depth < Expr.MaxDepth - 8)
        {
            e = (i++ % 4) switch
            {
                0 => Expr.Sin(e) + i,
                1 => Expr.Pow(e + X, Expr.Num(1, 3)) * X,
                2 => Expr.Exp(-e) / (X + 2),
                _ => Expr.Call(MathFunction.Sigmoid, e) - X * X,
            };
        }
        return e;
    }

    [Theory]
    [MemberData(nameof(Printers))]
    public void DeepestAllowedExpressionsPrint(string printer)
    {
        var e = DeepMixed();
        Assert.True(e.Depth <= Expr.MaxDepth);
        var text = Print(printer, e);
        Assert.True(text.Length > 1000);
    }

    [Theory]
    [MemberData(nameof(Printers))]
    public void TooDeepExpressionsFailWithABudgetError(string printer)
    {
        Expr e = X;
        for (int i = 0; i < Expr.MaxDepth + 5; i++) e = Expr.Sin(e);
        Assert.Throws<BudgetExceededException>(() => Print(printer, e));
    }

    [Theory]
    [MemberData(nameof(Printers))]
    public void HugelySharedDagsFailWithABudgetError(string printer)
    {
        Expr e = X + 1;
        for (int i = 0; i < 40; i++) e = Expr.Sin(e) + Expr.Cos(e); // DAG of ~120 nodes, tree of ~2^41
        var ex = Assert.Throws<BudgetExceededException>(() => Print(printer, e));
        Assert.Contains("limit", ex.Message);
    }
}
