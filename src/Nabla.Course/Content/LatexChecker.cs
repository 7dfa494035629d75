namespace Nabla.Course.Content;

/// <summary>
/// Checks a formula the way KaTeX would fail on it: balanced braces, matching <c>\left</c>/<c>\right</c> and
/// <c>\begin</c>/<c>\end</c>, and only control sequences KaTeX knows (a read-only table; add a command as one entry).
/// </summary>
public static class LatexChecker
{
    /// <summary>Control sequences accepted (without the backslash): the KaTeX commands a calculus course uses.</summary>
    public static IReadOnlySet<string> KnownCommands { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        // Greek
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa",
        "lambda", "mu", "nu", "xi", "pi", "varpi", "rho", "varrho", "sigma", "varsigma", "tau", "upsilon", "phi", "varphi",
        "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
        // functions
        "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "coth", "exp",
        "ln", "log", "lg", "lim", "limsup", "liminf", "max", "min", "sup", "inf", "arg", "det", "dim", "ker", "deg",
        "gcd", "Pr", "operatorname", "argmin", "argmax",
        // structures
        "frac", "dfrac", "tfrac", "cfrac", "sqrt", "binom", "dbinom", "tbinom", "left", "right", "big", "Big", "bigg",
        "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "middle", "begin", "end", "text", "textbf", "textit",
        "textrm", "mathrm", "mathbf", "mathit", "mathcal", "mathbb", "mathsf", "mathtt", "mathfrak", "boldsymbol", "bm",
        "vec", "hat", "bar", "tilde", "dot", "ddot", "overline", "underline", "overbrace", "underbrace", "overrightarrow",
        "widehat", "widetilde", "stackrel", "overset", "underset", "substack", "boxed", "color", "textcolor", "phantom",
        "hphantom", "vphantom", "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "mathop", "tag",
        "label", "not", "cancel", "bcancel", "xcancel", "pmod", "bmod", "mod",
        // operators and relations
        "sum", "prod", "int", "iint", "iiint", "oint", "partial", "nabla", "infty", "cdot", "cdots", "ldots", "dots",
        "vdots", "ddots", "times", "div", "pm", "mp", "ast", "star", "circ", "bullet", "oplus", "otimes", "odot", "le",
        "leq", "ge", "geq", "ne", "neq", "approx", "sim", "simeq", "cong", "equiv", "propto", "ll", "gg", "in", "notin",
        "ni", "subset", "subseteq", "supset", "supseteq", "cup", "cap", "setminus", "emptyset", "varnothing", "forall",
        "exists", "neg", "land", "lor", "wedge", "vee", "to", "rightarrow", "leftarrow", "leftrightarrow", "Rightarrow",
        "Leftarrow", "Leftrightarrow", "implies", "iff", "mapsto", "longrightarrow", "longmapsto", "uparrow",
        "downarrow", "nearrow", "searrow", "mid", "parallel", "perp", "angle", "triangle", "prime", "ell", "hbar",
        "Re", "Im", "aleph", "top", "intercal", "dagger", "langle", "rangle", "lceil", "rceil", "lfloor", "rfloor",
        "lvert", "rvert", "lVert", "rVert", "vert", "Vert", "backslash", "colon", "quad", "qquad", "enspace", "thinspace",
        "medspace", "thickspace", "negthinspace", "space", "nobreakspace", "checkmark", "therefore", "because",
        "leadsto", "gets", "iddots", "dotsc", "dotsb", "dotsm", "smallsetminus", "lesssim", "gtrsim", "nleq", "ngeq",
        "hline", "cr", "newline", "Longrightarrow", "Longleftarrow", "Longleftrightarrow", "longleftarrow",
        "longleftrightarrow", "hookrightarrow", "rightleftharpoons", "uparrow", "Uparrow", "Downarrow", "updownarrow",
        "approxeq", "doteq", "asymp", "preceq", "succeq", "prec", "succ", "sqsubseteq", "bigcup", "bigcap", "bigoplus",
        "coprod", "lbrack", "rbrack", "lbrace", "rbrace", "underbar", "acute", "grave", "breve", "check", "degree",
        "textsf", "texttt", "textup", "textnormal", "mathnormal", "mathscr", "Bbb", "bold", "dfrac", "ddagger",
        "varDelta", "digamma", "varkappa", "varGamma", "nexists", "complement", "square", "blacksquare", "diamond",
        "lozenge", "triangleleft", "triangleright", "bigtriangleup", "bigtriangledown", "wr", "amalg", "sqrt", "hspace", "vspace", "mathring", "overleftarrow", "xrightarrow", "xleftarrow",
    };

    /// <summary>Environments accepted by <c>\begin{…}</c>.</summary>
    public static IReadOnlySet<string> KnownEnvironments { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "cases", "aligned", "align",
        "align*", "gathered", "gather", "array", "split", "equation", "equation*", "rcases", "dcases",
    };

    /// <summary>The problems in formula <paramref name="latex"/> (empty when KaTeX would render it).</summary>
    /// <returns>Pairs of (kind, message); kind is <see cref="ProblemKind.BrokenMath"/> or <see cref="ProblemKind.UnknownLatexCommand"/>.</returns>
    public static IReadOnlyList<(ProblemKind Kind, string Message)> Check(string latex)
    {
        ArgumentNullException.ThrowIfNull(latex);
        var problems = new List<(ProblemKind, string)>();
        int depth = 0, lefts = 0;
        var environments = new Stack<string>();
        for (int i = 0; i < latex.Length; i++)
        {
            char c = latex[i];
            if (c == '\\')
            {
                int start = i + 1;
                int j = start;
                while (j < latex.Length && char.IsAsciiLetter(latex[j])) j++;
                if (j == start)
                {
                    i++; // a control symbol such as \{ \, \\ \! : always fine
                    continue;
                }
                string name = latex[start..j];
                i = j - 1;
                if (!KnownCommands.Contains(name))
                {
                    problems.Add((ProblemKind.UnknownLatexCommand, $"unknown LaTeX command \\{name} (KaTeX would not render it)"));
                    continue;
                }
                if (name == "left") lefts++;
                else if (name == "right") lefts--;
                else if (name is "begin" or "end")
                {
                    string env = ReadGroup(latex, j);
                    if (name == "begin")
                    {
                        if (!KnownEnvironments.Contains(env))
                            problems.Add((ProblemKind.UnknownLatexCommand, $"unknown LaTeX environment \"{env}\""));
                        environments.Push(env);
                    }
                    else if (environments.Count == 0 || environments.Pop() != env)
                        problems.Add((ProblemKind.BrokenMath, $"\\end{{{env}}} does not close the open environment"));
                }
            }
            else if (c == '{') depth++;
            else if (c == '}')
            {
                depth--;
                if (depth < 0)
                {
                    problems.Add((ProblemKind.BrokenMath, "a '}' closes a brace that was never opened"));
                    depth = 0;
                }
            }
        }
        if (depth > 0) problems.Add((ProblemKind.BrokenMath, $"{depth} '{{' never closed"));
        if (lefts != 0) problems.Add((ProblemKind.BrokenMath, "\\left and \\right do not pair up"));
        if (environments.Count > 0) problems.Add((ProblemKind.BrokenMath, $"\\begin{{{environments.Peek()}}} is never ended"));
        return problems;
    }

    private static string ReadGroup(string text, int at)
    {
        while (at < text.Length && text[at] == ' ') at++;
        if (at >= text.Length || text[at] != '{') return "";
        int close = text.IndexOf('}', at);
        return close < 0 ? "" : text[(at + 1)..close];
    }
}
