using System.Text.Json.Nodes;
using Identity.Tokens.SdJwt;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.SdJwtVc;

/// <summary>Verifier policy for SD-JWT VC presentations: the SD-JWT policy plus the credential types accepted.</summary>
public sealed class SdJwtVcVerificationOptions : SdJwtVerificationOptions
{
    /// <summary>
    /// Accepted credential types. A credential matches when its <c>vct</c> or one of its <c>aka_vcts</c> (§2.2.2.2) is listed.
    /// Null accepts any type (the caller then checks <see cref="SdJwtVcCredential.Vct"/>).
    /// </summary>
    public IReadOnlyCollection<string>? AcceptedVcts { get; init; }

    /// <summary>Also accept the pre-November-2024 <c>typ</c> <c>vc+sd-jwt</c> for a transition period. Default true.</summary>
    public bool AcceptLegacyType { get; init; } = true;
}

/// <summary>A verified SD-JWT VC presentation.</summary>
public sealed class SdJwtVcCredential
{
    internal SdJwtVcCredential(SdJwtVerifiedPresentation presentation, string issuer, string vct, IReadOnlyList<string> akaVcts, SdJwtVcStatusReference? status, JsonObject? holderJwk)
    {
        Presentation = presentation;
        Issuer = issuer;
        Vct = vct;
        AkaVcts = akaVcts;
        Status = status;
        HolderJwk = holderJwk;
        var claims = new JsonObject();
        foreach (var (name, value) in presentation.Payload)
        {
            if (!SdJwtVcClaims.Technical.Contains(name))
            {
                claims[name] = value?.DeepClone();
            }
        }

        Claims = claims;
        IssuedAt = Read(presentation.Payload, "iat");
        NotBefore = Read(presentation.Payload, "nbf");
        ExpiresAt = Read(presentation.Payload, "exp");
    }

    /// <summary>The <c>iss</c> claim.</summary>
    public string Issuer { get; }

    /// <summary>The <c>vct</c> claim.</summary>
    public string Vct { get; }

    /// <summary>The <c>aka_vcts</c> claim, empty when absent.</summary>
    public IReadOnlyList<string> AkaVcts { get; }

    /// <summary>The personal claims the holder disclosed or the issuer left always visible; registered claims and <c>iat</c> left out.</summary>
    public JsonObject Claims { get; }

    /// <summary>Paths of the claims revealed by Disclosures.</summary>
    public IReadOnlyList<ClaimPath> DisclosedClaims => Presentation.DisclosedClaims;

    /// <summary>The Token Status List reference, not yet checked: the verifier SDK fetches the list and checks the entry.</summary>
    public SdJwtVcStatusReference? Status { get; }

    /// <summary>The <c>cnf.jwk</c> Holder key, when present.</summary>
    public JsonObject? HolderJwk { get; }

    /// <summary>The key that verified the KB-JWT, when one was presented.</summary>
    public SecurityKey? HolderKey => Presentation.HolderKey;

    /// <summary><c>iat</c>, when present.</summary>
    public DateTimeOffset? IssuedAt { get; }

    /// <summary><c>nbf</c>, when present.</summary>
    public DateTimeOffset? NotBefore { get; }

    /// <summary><c>exp</c>, when present.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>The underlying SD-JWT result, with the full processed payload.</summary>
    public SdJwtVerifiedPresentation Presentation { get; }

    private static DateTimeOffset? Read(JsonObject payload, string name) => JwtTime.TryRead(payload, name, out var value) ? value : null;
}
