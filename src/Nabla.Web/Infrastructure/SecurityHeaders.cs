namespace Nabla.Web.Infrastructure;

/// <summary>The response headers every answer carries (docs/security.md explains each choice).</summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The SHA-256 of the empty string. Plotly adds one empty <c>&lt;style&gt;</c> element to the document head and
    /// fills it through the CSSOM (<c>sheet.insertRule</c>, which CSP does not govern); the element itself is inline
    /// style, so the policy allows exactly an empty one — no 'unsafe-inline'. Plotly also writes empty style attributes.
    /// </summary>
    public const string EmptyStyleHash = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

    /// <summary>
    /// The SHA-256 of the map stylesheet (MapLibre's) that plotly.min.js 4.1.2 adds as an inline <c>&lt;style&gt;</c> when
    /// it loads. The course draws no maps, but without the hash every page with a plot logs a violation. A Plotly
    /// upgrade changes it: the CSP browser test then names the new hash (docs/security.md).
    /// </summary>
    public const string PlotlyMapStyleHash = "'sha256-2GF9hCGTDj/GGFNlQA54jDdMGl2fvoeZmZjAvBSiAtM='";

    /// <summary>
    /// The SHA-256 of the one style attribute Plotly writes as markup (d3's <c>attr("style", …)</c>) rather than through
    /// <c>element.style</c>: <c>image-rendering</c> on the raster image of a heatmap or contour. Allowed as that exact
    /// value with 'unsafe-hashes' in style-src-attr; every other style attribute stays blocked.
    /// </summary>
    public const string PlotlyImageStyleHash = "'sha256-AR/cKIZjWPcPmBUPDA6oti9XBiTbJvz0Cro2J1VzzS8='";

    /// <summary>
    /// The Content-Security-Policy: scripts only from our origin (no inline script, no eval), no plugins, no framing,
    /// no foreign base or form targets, requests only to our origin. KaTeX and Plotly style elements mostly through
    /// <c>element.style</c> (CSSOM, which CSP does not govern); the few inline styles Plotly writes as markup are
    /// allowed by their exact hashes only (<see cref="EmptyStyleHash"/>, <see cref="PlotlyMapStyleHash"/>,
    /// <see cref="PlotlyImageStyleHash"/>): no 'unsafe-inline' anywhere. Browsers without CSP3's -elem/-attr
    /// directives fall back to style-src, which blocks the heatmap's image-rendering hint (cosmetic only).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; " +
        "script-src 'self'; " +
        "style-src 'self' 'report-sample' " + EmptyStyleHash + " " + PlotlyMapStyleHash + "; " +
        "style-src-elem 'self' 'report-sample' " + EmptyStyleHash + " " + PlotlyMapStyleHash + "; " +
        "style-src-attr 'report-sample' 'unsafe-hashes' " + EmptyStyleHash + " " + PlotlyImageStyleHash + "; " +
        "img-src 'self' data: blob:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "worker-src 'self' blob:; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "frame-ancestors 'none'; " +
        "form-action 'self'";

    /// <summary>No camera, microphone, location, payment or USB access for any page.</summary>
    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    /// <summary>HSTS for a year, sent only on HTTPS answers in hosted mode (a local course runs on plain http).</summary>
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    /// <summary>Sets the headers on <paramref name="context"/>'s response (which has not started).</summary>
    public static void Apply(HttpContext context, bool hosted)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        if (hosted && context.Request.IsHttps) headers.StrictTransportSecurity = StrictTransportSecurity;
    }
}
