namespace Nabla.Web.Infrastructure;

/// <summary>
/// One area of the JSON API (exercises, widgets, Sandpit, workbench…). Every implementation in this assembly is found
/// at start-up: it registers its services and maps its endpoints under <c>/api</c>, so adding an area touches no
/// shared file.
/// </summary>
public interface IApiModule
{
    /// <summary>Registers the services the area needs.</summary>
    void AddServices(IServiceCollection services, IConfiguration configuration) { }

    /// <summary>Maps the area's endpoints on the <c>/api</c> group (antiforgery and error handling already applied).</summary>
    void Map(RouteGroupBuilder api);
}

/// <summary>Finds the <see cref="IApiModule"/> implementations of this assembly.</summary>
internal static class ApiModules
{
    public static IReadOnlyList<IApiModule> Discover() =>
        typeof(IApiModule).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IApiModule).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IApiModule)Activator.CreateInstance(t)!)
            .ToList();
}
