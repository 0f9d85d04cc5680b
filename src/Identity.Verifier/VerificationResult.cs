using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Identity.Tokens.Results;
using Identity.Tokens.SdJwtVc;
using Identity.Verifier.SdJwtVc;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Verifier;

/// <summary>Status of a credential according to its issuer's status list (draft-ietf-oauth-status-list §7).</summary>
public enum CredentialStatus
{
    /// <summary>Not checked: the verification failed before the status step, or the credential has no status and none is required.</summary>
    NotChecked = 0,

    /// <summary>Status value 0x00.</summary>
    Valid = 1,
}

/// <summary>
/// The outcome of <see cref="AttestationVerifier.VerifyAsync(string, VerificationOptions, CancellationToken)"/>:
/// either a verified credential with the disclosed claims only, or an <see cref="Error"/> with a stable code.
/// A default or failed result never carries claims.
/// </summary>
public sealed class VerificationResult
{
    private VerificationResult() { }

    /// <summary>True when every check passed.</summary>
    [MemberNotNullWhen(true, nameof(Issuer), nameof(Vct), nameof(Claims))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Error is null;

    /// <summary>Why the presentation was refused: <see cref="TokenError.Code"/> is one of <see cref="VerifierErrorCodes"/>.</summary>
    public TokenError? Error { get; private init; }

    /// <summary>The verified issuer (<c>iss</c>).</summary>
    public string? Issuer { get; private init; }

    /// <summary>The verified credential type (<c>vct</c>).</summary>
    public string? Vct { get; private init; }

    /// <summary>
    /// The claims the holder disclosed, plus plain claims the issuer did not make selectively disclosable, without the
    /// registered JWT and SD-JWT VC members (<c>iss</c>, <c>vct</c>, <c>cnf</c>, <c>status</c>, <c>iat</c>, <c>nbf</c>, <c>exp</c>...).
    /// Undisclosed claims and decoy digests never appear.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement>? Claims { get; private init; }

    /// <summary>The status list result.</summary>
    public CredentialStatus Status { get; private init; }

    /// <summary>The holder key (<c>cnf.jwk</c>) that signed the Key Binding JWT.</summary>
    public JsonWebKey? Confirmation { get; private init; }

    /// <summary>When the credential was issued (<c>iat</c>), if present.</summary>
    public DateTimeOffset? IssuedAt { get; private init; }

    /// <summary>When the credential expires (<c>exp</c>), if present.</summary>
    public DateTimeOffset? ExpiresAt { get; private init; }

    internal static VerificationResult Failure(TokenError error) => new() { Error = error ?? throw new ArgumentNullException(nameof(error)) };

    internal static VerificationResult Success(SdJwtVcCredential credential, CredentialStatus status) => new()
    {
        Issuer = credential.Issuer,
        Vct = credential.Vct,
        Claims = PresentationVerifier.ToElements(credential.Claims),
        Status = status,
        Confirmation = credential.HolderJwk is { } jwk ? new JsonWebKey(jwk.ToJsonString()) : null,
        IssuedAt = credential.IssuedAt,
        ExpiresAt = credential.ExpiresAt,
    };

    /// <inheritdoc />
    public override string ToString() => IsValid ? $"VALID {Vct} from {Issuer}" : Error.ToString();
}
