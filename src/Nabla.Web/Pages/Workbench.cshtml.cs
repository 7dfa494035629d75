using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Nabla.Web.Pages;

/// <summary>
/// The Workbench: type any f(x) or f(x, y) and get its derivative, gradient and Hessian with steps, plots, Taylor
/// polynomials, stationary points, roots and a minimiser — the engine as a playground (docs/web-workbench.md).
/// </summary>
public sealed class WorkbenchModel : PageModel
{
    /// <summary>A function to start from, with a plotting window (and a start for the minimiser) that shows it well.</summary>
    /// <param name="Label">The button's text.</param>
    /// <param name="Function">The function, in the expression language.</param>
    /// <param name="X">The x range as "from,to".</param>
    /// <param name="Y">The y range as "from,to" (ignored for one variable).</param>
    /// <param name="Start">The minimiser's start as "x0,y0" (or "x0").</param>
    public sealed record Example(string Label, string Function, string X, string Y, string Start);

    /// <summary>The example buttons, in the order shown.</summary>
    public static IReadOnlyList<Example> Examples { get; } =
    [
        new("x³ sin(x)", "x^3 sin(x)", "-4,4", "-4,4", "1"),
        new("x² − 2", "x^2 - 2", "-3,3", "-3,3", "2"),
        new("the Sandpit terrain", "(x^2 + y^2)/10 - 2exp(-(x-1)^2 - (y-1)^2) - 1.5exp(-(x+1.5)^2 - (y+1)^2)", "-4,4", "-4,4", "3,-3"),
        new("Rosenbrock", "(1 - x)^2 + 100(y - x^2)^2", "-2,2", "-1,3", "-1.2,1"),
        new("saddle", "x^2 - y^2", "-3,3", "-3,3", "0.5,0.1"),
        new("quadratic form", "2x^2 + 2x*y + 3y^2 - 4x", "-3,3", "-3,3", "-2,2"),
    ];

    /// <summary>The function typed in the address (<c>/workbench?f=…</c>), or the first example.</summary>
    public string Initial { get; private set; } = Examples[0].Function;

    /// <summary>Reads the optional starting function from the query string.</summary>
    public void OnGet(string? f)
    {
        if (!string.IsNullOrWhiteSpace(f) && f.Length <= 2000) Initial = f;
    }
}
