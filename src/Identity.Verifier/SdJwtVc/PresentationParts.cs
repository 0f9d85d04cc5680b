using Identity.Tokens.Results;

namespace Identity.Verifier.SdJwtVc;

/// <summary>
/// An SD-JWT presentation split into its parts (RFC 9901 §4): <c>&lt;issuer-jwt&gt;~&lt;disclosure&gt;~...~&lt;kb-jwt&gt;</c>.
/// A presentation ending with <c>~</c> has no Key Binding JWT and is refused: holder binding is always required here.
/// </summary>
internal sealed record PresentationParts(string IssuerJwt, IReadOnlyList<string> Disclosures, string KeyBindingJwt, string SdJwtWithoutKb)
{
    public static TokenResult<PresentationParts> Split(string? presentation, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(presentation) || presentation.Length > maxLength)
        {
            return Malformed("The presentation is empty or too large.", $"length {presentation?.Length ?? 0}");
        }

        var lastTilde = presentation.LastIndexOf('~');
        if (lastTilde <= 0)
        {
            return Malformed("The presentation is not an SD-JWT (no '~' separator).", "no tilde");
        }

        if (lastTilde == presentation.Length - 1)
        {
            return TokenResult<PresentationParts>.Failure(VerifierErrorCodes.KeyBindingMissing,
                "The presentation has no Key Binding JWT; the holder must sign over the nonce and audience.", "invalid_presentation");
        }

        var sdJwt = presentation[..(lastTilde + 1)];
        var parts = sdJwt.Split('~');

        // parts: issuer JWT, disclosures..., and an empty string after the final '~'.
        for (var i = 1; i < parts.Length - 1; i++)
        {
            if (parts[i].Length == 0)
            {
                return Malformed("The presentation has an empty disclosure.", "empty part");
            }
        }

        return TokenResult<PresentationParts>.Success(new PresentationParts(parts[0], parts[1..^1], presentation[(lastTilde + 1)..], sdJwt));
    }

    private static TokenResult<PresentationParts> Malformed(string description, string detail) =>
        TokenResult<PresentationParts>.Failure(VerifierErrorCodes.PresentationMalformed, description, "invalid_presentation", detail);
}
