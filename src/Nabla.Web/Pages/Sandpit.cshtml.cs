using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nabla.Course.Sandpit;

namespace Nabla.Web.Pages;

/// <summary>The Sandpit game page; <c>/sandpit/{terrain}</c> opens on that terrain.</summary>
public sealed partial class SandpitModel(SandpitLibrary library) : PageModel
{
    /// <summary>The terrain to open with (empty for the default).</summary>
    public string Terrain { get; private set; } = "";

    /// <summary>Shows the page, or 404 for an unknown terrain.</summary>
    public IActionResult OnGet(string? terrain)
    {
        if (terrain is null) return Page();
        if (!TerrainId().IsMatch(terrain) || library.Catalogue.Find(terrain) is null) return NotFound();
        Terrain = terrain;
        return Page();
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,40}$")]
    private static partial Regex TerrainId();
}
