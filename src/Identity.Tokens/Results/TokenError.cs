namespace Identity.Tokens.Results;

/// <summary>
/// Why a token, presentation or request was refused, in three layers: the protocol's own error
/// (for example <c>invalid_proof</c>), a stable project code documented in <c>docs/errors.md</c>
/// (for example <c>KB_JWT_NONCE_MISMATCH</c>), and an internal detail for logs that is never sent
/// to the other party and never contains personal data, tokens, disclosures or salts.
/// </summary>
/// <param name="Code">Stable project code, UPPER_SNAKE_CASE. Tests assert on it.</param>
/// <param name="Description">A short, safe, human-readable explanation that may be shown to a developer.</param>
/// <param name="SpecError">The error code of the governing specification, when one applies.</param>
/// <param name="Detail">Internal detail for logs only.</param>
public sealed record TokenError(string Code, string Description, string? SpecError = null, string? Detail = null)
{
    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Description}";
}
