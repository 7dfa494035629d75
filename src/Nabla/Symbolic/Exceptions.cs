namespace Nabla.Symbolic;

/// <summary>A symbolic operation could not be carried out (e.g. division by zero).</summary>
public class SymbolicException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SymbolicException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    public SymbolicException(string message, Exception inner) : base(message, inner) { }
    /// <summary>Creates the exception.</summary>
    public SymbolicException() { }
}

/// <summary>
/// An operation exceeded its size, depth or time budget. Every operation a user can trigger runs under such a
/// budget so that a pathological input fails fast with this message instead of hanging or exhausting memory.
/// </summary>
public sealed class BudgetExceededException : SymbolicException
{
    /// <summary>Creates the exception.</summary>
    public BudgetExceededException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    public BudgetExceededException(string message, Exception inner) : base(message, inner) { }
    /// <summary>Creates the exception.</summary>
    public BudgetExceededException() { }
}
