using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Nabla.Course.Assignments;

namespace Nabla.Cli;

/// <summary>The result of compiling a learner's file: the assembly's bytes, or the errors.</summary>
/// <param name="Assembly">The compiled assembly (with an embedded PDB, so exceptions carry line numbers), or null.</param>
/// <param name="Diagnostics">Errors first, then warnings, each against the learner's file.</param>
public sealed record LabCompilation(byte[]? Assembly, IReadOnlyList<CompileDiagnostic> Diagnostics)
{
    /// <summary>Whether the file compiled.</summary>
    public bool Success => Assembly is not null;
}

/// <summary>
/// Compiles a learner's one-file C# program with Roslyn, in-process, against the .NET base class library only: no
/// packages, no restore, no network. Compiling does not run any of the learner's code.
/// </summary>
public static class LabCompiler
{
    /// <summary>The largest source accepted, in characters.</summary>
    public const int MaxSourceLength = 1_000_000;

    /// <summary>At most this many warnings are reported (errors are all reported).</summary>
    public const int MaxWarnings = 20;

    // The implicit usings of a .NET 10 file-based app (`dotnet run file.cs`), so a file that runs there compiles here.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>The framework assemblies (the trusted platform assemblies of the running runtime's shared framework).</summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => string.Equals(Path.GetDirectoryName(p), runtime, StringComparison.Ordinal))
            .ToList();
        if (paths.Count == 0) paths = Directory.GetFiles(runtime, "*.dll").ToList();
        return [.. paths.Where(IsManaged).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    private static bool IsManaged(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
            return reader.HasMetadata;
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Compiles <paramref name="source"/>; diagnostics name <paramref name="fileName"/>.</summary>
    /// <exception cref="ArgumentException">The source is longer than <see cref="MaxSourceLength"/>.</exception>
    public static LabCompilation Compile(string source, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(fileName);
        if (source.Length > MaxSourceLength)
            throw new ArgumentException($"{fileName} is {source.Length:N0} characters long; the lab accepts up to {MaxSourceLength:N0}", nameof(source));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(source, parse, path: fileName, encoding: System.Text.Encoding.UTF8, cancellationToken: cancellationToken);
        var usings = CSharpSyntaxTree.ParseText(ImplicitUsings, parse, path: "ImplicitUsings.g.cs", encoding: System.Text.Encoding.UTF8, cancellationToken: cancellationToken);
        var options = new CSharpCompilationOptions(OutputKind.ConsoleApplication,
            optimizationLevel: OptimizationLevel.Release,
            nullableContextOptions: NullableContextOptions.Enable,
            allowUnsafe: false);
        var compilation = CSharpCompilation.Create("LabSubmission", [tree, usings], References.Value, options);
        using var pe = new MemoryStream();
        var result = compilation.Emit(pe, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded), cancellationToken: cancellationToken);
        var diagnostics = result.Diagnostics
            .Where(d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning && d.Location.SourceTree == tree)
            .OrderBy(d => d.Severity == DiagnosticSeverity.Error ? 0 : 1)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .Select(Convert)
            .ToList();
        var errors = diagnostics.Where(d => d.IsError).ToList();
        // An error outside the learner's file (a missing reference) still fails the build: say so rather than nothing.
        if (!result.Success && errors.Count == 0)
            errors.AddRange(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => new CompileDiagnostic(1, 1, d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), true)));
        var kept = errors.Concat(diagnostics.Where(d => !d.IsError).Take(MaxWarnings)).ToList();
        return new LabCompilation(result.Success ? pe.ToArray() : null, kept);
    }

    private static CompileDiagnostic Convert(Diagnostic d)
    {
        var span = d.Location.GetLineSpan().StartLinePosition;
        return new CompileDiagnostic(span.Line + 1, span.Character + 1, d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), d.Severity == DiagnosticSeverity.Error);
    }
}
