namespace Identity.Issuer.Citizens;

/// <summary>
/// The citizen directory could not answer (unreachable, timed out, refused our credential, or answered outside its contract).
/// Callers answer "temporarily unavailable" and change nothing; the message is for the operator's log, never for the citizen.
/// </summary>
public sealed class CitizenDirectoryUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CitizenDirectoryUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message for the log.</summary>
    public CitizenDirectoryUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for the log and its cause.</summary>
    public CitizenDirectoryUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
