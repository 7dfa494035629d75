namespace Nabla.Symbolic.Printing;

/// <summary>PLACEHOLDER until the printers land (owned by the printers work).</summary>
public static class HumanPrinter
{
    /// <summary>Prints the expression.</summary>
    public static string Print(Expr e) => throw new NotImplementedException("HumanPrinter");
}
