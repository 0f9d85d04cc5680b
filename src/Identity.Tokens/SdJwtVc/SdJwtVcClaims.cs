using System.Collections.Frozen;

namespace Identity.Tokens.SdJwtVc;

/// <summary>Names and media types of SD-JWT VC (draft-ietf-oauth-sd-jwt-vc-19).</summary>
public static class SdJwtVcClaims
{
    /// <summary>The <c>typ</c> of an SD-JWT VC (§2.2.1).</summary>
    public const string Type = "dc+sd-jwt";

    /// <summary>The <c>typ</c> used by drafts before November 2024; accepted on verification when <see cref="SdJwtVcVerificationOptions.AcceptLegacyType"/> is set.</summary>
    public const string LegacyType = "vc+sd-jwt";

    /// <summary>
    /// Registered claims that, with their sub-claims, MUST NOT be selectively disclosed (§2.2.2.3). The issuer never makes them
    /// disclosable and the verifier refuses a credential where a Disclosure reveals one.
    /// </summary>
    public static IReadOnlySet<string> NeverDisclosable { get; } =
        new[] { "iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "aka_vcts", "status" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Technical claims left out of <see cref="SdJwtVcCredential.Claims"/>: the registered ones above plus <c>iat</c>.</summary>
    internal static IReadOnlySet<string> Technical { get; } = NeverDisclosable.Append("iat").ToFrozenSet(StringComparer.Ordinal);
}

/// <summary>
/// A reference to the credential's entry in a Token Status List (draft-ietf-oauth-status-list §6.2):
/// <c>"status": {"status_list": {"idx": 0, "uri": "https://..."}}</c>. The verifier SDK fetches and checks the list.
/// </summary>
/// <param name="Index">The index of the credential in the list (<c>idx</c>).</param>
/// <param name="Uri">The URI of the Status List Token (<c>uri</c>).</param>
public sealed record SdJwtVcStatusReference(long Index, string Uri);
