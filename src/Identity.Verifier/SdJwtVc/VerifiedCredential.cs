using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Verifier.SdJwtVc;

/// <summary>What the signature, disclosure and key binding steps established, before the status step.</summary>
internal sealed record VerifiedCredential(
    string Issuer,
    string Vct,
    IReadOnlyDictionary<string, JsonElement> Claims,
    JsonWebKey HolderKey,
    DateTimeOffset? IssuedAt,
    DateTimeOffset? ExpiresAt,
    StatusReference? Status,
    IReadOnlyList<string>? X5c);

/// <summary>The credential's <c>status.status_list</c> reference (draft-ietf-oauth-status-list §6.2).</summary>
internal sealed record StatusReference(Uri Uri, int Index);
