// Reference solution of the heights assignment (kept out of the learner's folder; `nabla lab check` grades it to 100%).
// Fitting the distribution of heights: a Gaussian by steepest descent on χ².
//
// Run it:    dotnet run heights.cs          (takes 50 steps from μ = 155, σ = 6 and prints where they lead)
// Check it:  nabla lab check heights        (grades each function and plots your path on the χ² map)
//
// Write the three functions marked "write me" in the Heights class: dfdmu, dfdsig and steepest_step.
using System;

var (x, y) = Heights.Data();
try
{
    // Your partial derivatives against central differences of f at one point.
    const double h = 1e-6, at = 170, m0 = 175, s0 = 8;
    double numericMu = (Heights.f(at, m0 + h, s0) - Heights.f(at, m0 - h, s0)) / (2 * h);
    double numericSig = (Heights.f(at, m0, s0 + h) - Heights.f(at, m0, s0 - h)) / (2 * h);
    Console.WriteLine($"at x = {at}, μ = {m0}, σ = {s0}: dfdmu = {Heights.dfdmu(at, m0, s0):G8} (finite differences {numericMu:G8})");
    Console.WriteLine($"                         dfdsig = {Heights.dfdsig(at, m0, s0):G8} (finite differences {numericSig:G8})");

    double mu = 155, sig = 6;
    Console.WriteLine($"start: μ = {mu}, σ = {sig}, χ² = {Heights.ChiSquared(x, y, mu, sig):G6}");
    for (int i = 0; i < 50; i++)
    {
        var step = Heights.steepest_step(x, y, mu, sig, aggression: 2000);
        mu += step[0];
        sig += step[1];
    }
    Console.WriteLine($"after 50 steps at aggression 2000: μ = {mu:G6}, σ = {sig:G6}, χ² = {Heights.ChiSquared(x, y, mu, sig):G6}");
}
catch (NotImplementedException e)
{
    Console.WriteLine($"not written yet: {e.Message}");
}

public static class Heights
{
    /// <summary>The model: the normal density f(x; μ, σ) = exp(−(x − μ)²/(2σ²)) / (σ√(2π)).</summary>
    public static double f(double x, double mu, double sig) =>
        Math.Exp(-(x - mu) * (x - mu) / (2 * sig * sig)) / (sig * Math.Sqrt(2 * Math.PI));

    /// <summary>∂f/∂μ at x, for the parameters μ and σ.</summary>
    public static double dfdmu(double x, double mu, double sig)
    {
        return f(x, mu, sig) * (x - mu) / (sig * sig);
    }

    /// <summary>∂f/∂σ at x, for the parameters μ and σ.</summary>
    public static double dfdsig(double x, double mu, double sig)
    {
        return f(x, mu, sig) * ((x - mu) * (x - mu) / (sig * sig * sig) - 1 / sig);
    }

    /// <summary>One step of steepest descent on χ² = Σᵢ (yᵢ − f(xᵢ; μ, σ))²: returns the step
    /// [Δμ, Δσ] = −aggression·∇χ², to be added to (μ, σ).</summary>
    public static double[] steepest_step(double[] x, double[] y, double mu, double sig, double aggression)
    {
        double gradMu = 0, gradSig = 0;                       // ∇χ² = −2 Σ (y − f)·(∂f/∂μ, ∂f/∂σ)
        for (int i = 0; i < x.Length; i++)
        {
            double r = y[i] - f(x[i], mu, sig);
            gradMu += -2 * r * dfdmu(x[i], mu, sig);
            gradSig += -2 * r * dfdsig(x[i], mu, sig);
        }
        return [-aggression * gradMu, -aggression * gradSig];
    }

    /// <summary>χ² = Σᵢ (yᵢ − f(xᵢ; μ, σ))², unweighted.</summary>
    public static double ChiSquared(double[] x, double[] y, double mu, double sig)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++) sum += (y[i] - f(x[i], mu, sig)) * (y[i] - f(x[i], mu, sig));
        return sum;
    }

    /// <summary>The histogram of heights: x = the centres of 100 bins 2.5 cm wide from 50 cm, y = the frequency
    /// density in each bin (normalised so that Σ y·2.5 = 1).</summary>
    public static (double[] x, double[] y) Data()
    {
        double[] counts = [0.031, 0.013, 0.023, 0.064, 0.065, 0.126, 0.132, 0.127, 0.113, 0.091, 0.105, 0.050, 0.018, 0.018, 0.018, 0.001];
        var x = new double[100];
        var y = new double[100];
        for (int k = 0; k < 100; k++) x[k] = 50 + 2.5 * k + 1.25;
        double area = 0;
        foreach (var c in counts) area += c * 2.5;
        for (int k = 0; k < counts.Length; k++) y[44 + k] = counts[k] / area;   // the first non-empty bin starts at 160 cm
        return (x, y);
    }
}
