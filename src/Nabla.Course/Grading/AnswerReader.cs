using Nabla.Course.Templates;
using Nabla.Symbolic;
using Nabla.Symbolic.Parsing;

namespace Nabla.Course.Grading;

/// <summary>
/// The validation step: reads a learner's input in the template's mode (split letters: <c>xy</c> is x·y), within
/// size limits, and says how it was read and what looks unintended.
/// </summary>
internal static class AnswerReader
{
    public static ReadResult Read(Variant variant, string? input, GradingOptions options)
    {
        input ??= "";
        var t = variant.Template;
        if (input.Length > options.MaxAnswerLength)
            return Invalid(input, $"Your answer is {input.Length:N0} characters long; answers are at most {options.MaxAnswerLength:N0} characters.",
                null, "Type a shorter expression: an answer to this question fits on one line.");
        if (string.IsNullOrWhiteSpace(input))
            return Invalid(input, "Type an answer first.", null, t.Kind is AnswerKind.Choice or AnswerKind.MatchGraph ? "Type the number of an option." : null);
        if (t.Kind is AnswerKind.Choice or AnswerKind.MatchGraph) return ReadOption(variant, input.Trim());

        var parse = ParseOptions.SplitLetters with { MaxLength = options.MaxAnswerLength, MaxNesting = options.MaxNesting };
        var expected = variant.Answer!;
        CourseValue value;
        try
        {
            value = expected switch
            {
                MatrixValue m => ReadMatrix(input, m.Shape, parse),
                VectorValue v => ReadVector(input, v.Items.Count, parse),
                _ => new ScalarValue(ParseAt(input, 0, input, parse)),
            };
        }
        catch (ParseException ex)
        {
            return new ReadResult(input, "", "", [], new InputProblem(ex.Message, ex.Position, ex.Hint, ex.Display));
        }
        catch (ShapeException ex)
        {
            return Invalid(input, ex.Message, null, ex.Hint);
        }

        long nodes = value.Entries.Sum(e => (long)e.DagSize);
        if (nodes > options.MaxAnswerNodes)
            return Invalid(input, $"Your answer is too large to check ({nodes:N0} parts; at most {options.MaxAnswerNodes:N0}).", null, "Simplify it before you submit.");

        var warnings = new List<string>();
        var allowed = t.Answer.Variables.ToHashSet(StringComparer.Ordinal);
        var used = value.Entries.SelectMany(e => e.FreeSymbols).Select(s => s.Name).Distinct().ToList();
        if (t.Kind == AnswerKind.Number && used.Count > 0)
            return Invalid(input, $"The answer should be a number, but yours contains {string.Join(", ", used)}.", null,
                "Substitute the values and type the number (fractions such as 2/3 and constants such as sqrt(2) are fine).");
        foreach (var name in used.Where(n => !allowed.Contains(n)))
            warnings.Add($"Your answer uses \"{name}\", which is not a variable of this question (expected: {string.Join(", ", t.Answer.Variables)}).");
        foreach (var guess in ImplicitProducts(input, allowed))
            warnings.Add($"\"{guess}\" was read as {string.Join("·", guess.ToCharArray())}; type a space or * between the letters if that is what you mean.");
        return new ReadResult(input, value.ToPlain(), value.ToLatex(), warnings, null) { Value = value };
    }

    private static ReadResult Invalid(string input, string message, int? position, string? hint) =>
        new(input, "", "", [], new InputProblem(message, position, hint, hint is null ? message : $"{message}\nhint: {hint}"));

    private static ReadResult ReadOption(Variant variant, string input)
    {
        int n = variant.Options.Count;
        int picked = 0;
        if (int.TryParse(input, out int number) && number >= 1 && number <= n) picked = number;
        else if (input.Length == 1 && char.IsAsciiLetter(input[0]) && char.ToLowerInvariant(input[0]) - 'a' < n) picked = char.ToLowerInvariant(input[0]) - 'a' + 1;
        else
        {
            for (int i = 0; i < n; i++)
                if (string.Equals(variant.Options[i].Text.Trim(), input, StringComparison.OrdinalIgnoreCase)) picked = i + 1;
        }
        if (picked == 0)
            return Invalid(input, $"\"{(input.Length > 40 ? input[..40] + "…" : input)}\" is not one of the options.", null, $"Type the number of an option, 1 to {n}.");
        var option = variant.Options[picked - 1];
        return new ReadResult(input, $"option {picked}", option.Latex, [], null) { Option = picked };
    }

    private sealed class ShapeException(string message, string hint) : Exception(message)
    {
        public string Hint { get; } = hint;
    }

    private static Expr ParseAt(string text, int offset, string whole, ParseOptions options)
    {
        try
        {
            return Expr.Parse(text, options);
        }
        catch (ParseException ex) when (offset > 0 || !ReferenceEquals(text, whole))
        {
            throw new ParseException(ex.Message, whole, offset + ex.Position, ex.Length, ex.Hint);
        }
    }

    private static List<(string Text, int Offset)> Items(string input, int start, int end, out bool bracketed)
    {
        // Items of "[a, b]" between start and end (exclusive), with their offsets in the input.
        bracketed = false;
        int s = start, e = end;
        while (s < e && char.IsWhiteSpace(input[s])) s++;
        while (e > s && char.IsWhiteSpace(input[e - 1])) e--;
        if (s >= e || input[s] != '[' || input[e - 1] != ']' || CallSyntax.MatchingClose(input[..e], s) != e - 1) return [(input[s..e], s)];
        bracketed = true;
        var items = new List<(string, int)>();
        int depth = 0, itemStart = s + 1;
        for (int i = s + 1; i < e - 1; i++)
        {
            char c = input[i];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth--;
            else if (c == ',' && depth == 0)
            {
                items.Add((input[itemStart..i], itemStart));
                itemStart = i + 1;
            }
        }
        items.Add((input[itemStart..(e - 1)], itemStart));
        return items;
    }

    private static VectorValue ReadVector(string input, int size, ParseOptions options)
    {
        var items = Items(input, 0, input.Length, out bool bracketed);
        if (!bracketed)
            throw new ShapeException($"The answer is a vector of {size} entries.", $"Write it in square brackets: [a, b{(size > 2 ? ", …" : "")}].");
        if (items.Count != size)
            throw new ShapeException($"The answer has {size} entries; yours has {items.Count}.", "Separate the entries with commas: [a, b].");
        return new VectorValue(items.Select(i => ParseAt(i.Text, i.Offset, input, options)).ToArray());
    }

    private static MatrixValue ReadMatrix(string input, (int Rows, int Columns) shape, ParseOptions options)
    {
        var rows = Items(input, 0, input.Length, out bool bracketed);
        string form = $"[[a, b], [c, d]] for a 2 × 2 matrix, one bracket per row";
        if (!bracketed || rows.Count != shape.Rows)
            throw new ShapeException($"The answer is a {shape.Rows} × {shape.Columns} matrix; yours {(bracketed ? $"has {rows.Count} row(s)" : "is not in brackets")}.", $"Write it as {form}.");
        var result = new List<IReadOnlyList<Expr>>();
        foreach (var (text, offset) in rows)
        {
            var entries = Items(input, offset, offset + text.Length, out bool rowBracketed);
            if (!rowBracketed || entries.Count != shape.Columns)
                throw new ShapeException($"Each row of the answer has {shape.Columns} entries; row {result.Count + 1} of yours {(rowBracketed ? $"has {entries.Count}" : "is not in brackets")}.", $"Write it as {form}.");
            result.Add(entries.Select(e => ParseAt(e.Text, e.Offset, input, options)).ToArray());
        }
        return new MatrixValue(result);
    }

    /// <summary>Runs of letters that split mode read as a product (e.g. "xy"), other than allowed names and functions.</summary>
    private static IEnumerable<string> ImplicitProducts(string input, HashSet<string> allowed)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int i = 0;
        while (i < input.Length)
        {
            if (!char.IsAsciiLetter(input[i]) || (i > 0 && (char.IsAsciiLetter(input[i - 1]) || input[i - 1] == '_')))
            {
                i++;
                continue;
            }
            int j = i;
            while (j < input.Length && char.IsAsciiLetter(input[j])) j++;
            var word = input[i..j];
            i = j;
            if (word.Length < 2 || allowed.Contains(word) || IsKnownName(word)) continue;
            if (seen.Add(word)) yield return word;
        }
    }

    private static bool IsKnownName(string word)
    {
        if (FunctionTable.TryGetByName(word, out _) || word is "pi" or "sqrt" or "log" or "arcsin" or "arccos" or "arctan" or "theta"
            or "alpha" or "beta" or "gamma" or "delta" or "lambda" or "mu" or "sigma" or "phi" or "omega" or "epsilon" or "eta" or "tau" or "rho")
            return true;
        // Function names followed directly by their argument ("sinx", "cosx") are read as calls, not products of letters.
        return FunctionTable.All.Any(f => word.StartsWith(f.Name, StringComparison.Ordinal) && word.Length - f.Name.Length <= 1);
    }
}
