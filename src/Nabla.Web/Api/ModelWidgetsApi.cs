using Nabla.Web.Infrastructure;

namespace Nabla.Web.Api;

/// <summary>
/// The widgets of modules 3–6 (chain rule and networks, Taylor series, optimisation, regression): one endpoint per
/// widget, <c>POST /api/widgets/NAME</c>, answering everything the widget draws, computed by the engine under
/// <see cref="EngineCall"/>'s budget. See docs/api/widgets-models.md.
/// </summary>
public sealed class ModelWidgetsApi : IApiModule
{
    /// <inheritdoc />
    public void AddServices(IServiceCollection services, IConfiguration configuration) => ModelWidgetsLearning.WarmUp();

    /// <inheritdoc />
    public void Map(RouteGroupBuilder api)
    {
        var widgets = api.MapGroup("/widgets");
        Post<ChainRuleRequest>(widgets, "chain-rule", ModelWidgetsCalculus.ChainRule);
        Post<NeuronRequest>(widgets, "neuron", ModelWidgetsCalculus.Neuron);
        Post<NetworkTrainingRequest>(widgets, "network-training", ModelWidgetsLearning.NetworkTraining);
        Post<TaylorRequest>(widgets, "taylor-series", ModelWidgetsCalculus.Taylor);
        Post<LinearisationRequest>(widgets, "linearisation", ModelWidgetsCalculus.Linearisation);
        Post<NewtonRaphsonRequest>(widgets, "newton-raphson", ModelWidgetsOptimization.NewtonRaphson);
        Post<GradientDescentRequest>(widgets, "gradient-descent", ModelWidgetsOptimization.GradientDescent);
        Post<LagrangeRequest>(widgets, "lagrange", ModelWidgetsOptimization.Lagrange);
        Post<ChiSquaredFitRequest>(widgets, "chi-squared-fit", ModelWidgetsLearning.ChiSquaredFit);
    }

    private static void Post<T>(RouteGroupBuilder group, string name, Func<T, CancellationToken, object> compute) where T : class =>
        group.MapPost("/" + name, async (HttpContext http, EngineCall engine) =>
        {
            var (request, error) = await ModelInput.Read<T>(http);
            if (error is not null) return error;
            return await engine.Run(ct => ModelInput.Guard(() => compute(request!, ct)), http.RequestAborted);
        });
}
