using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Nabla.Web.Pages;

/// <summary>The page shown for an error status (404 and friends) on a page address.</summary>
public sealed class StatusModel : PageModel
{
    /// <summary>The heading.</summary>
    public string Title { get; private set; } = "";

    /// <summary>What happened, in words.</summary>
    public string Explanation { get; private set; } = "";

    /// <summary>Describes <paramref name="code"/>.</summary>
    public void OnGet(int code)
    {
        (Title, Explanation) = code switch
        {
            404 => ("Page not found", "There is no page at this address. The course's modules are listed on the home page."),
            413 => ("Too large", "The request was larger than the course accepts."),
            _ => ($"Error {code}", "Something went wrong with this request."),
        };
    }
}
