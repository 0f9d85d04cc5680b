using System.Text.Json.Nodes;
using Identity.Tokens.SdJwt;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using static Identity.Tokens.Tests.SdJwt.SdJwtTestKit;

namespace Identity.Tokens.Tests.SdJwt;

/// <summary>One issuer, one holder, one issued SD-JWT; helpers to present and verify it.</summary>
internal sealed class SdJwtFixture
{
    public SdJwtFixture(JsonObject? claims = null, IEnumerable<ClaimPath>? disclosable = null, SdJwtIssuanceOptions? options = null)
    {
        Claims = claims ?? SampleClaims(HolderKey);
        Issued = SdJwtIssuer.Issue(Claims, disclosable ?? SampleDisclosable, Es256(IssuerKey), "example+sd-jwt", options);
    }

    public ECDsaSecurityKey IssuerKey { get; } = NewEcKey();

    public ECDsaSecurityKey HolderKey { get; } = NewEcKey();

    public JsonObject Claims { get; }

    public string Issued { get; }

    public FakeTimeProvider Time { get; } = Clock();

    public SdJwtVerifier Verifier => new(Time);

    /// <summary>The issued SD-JWT reduced to the Disclosures for <paramref name="paths"/>.</summary>
    public string Select(params ClaimPath[] paths) => SdJwtHolder.SelectDisclosures(Issued, paths).Value!;

    /// <summary>A presentation of <paramref name="paths"/> with a KB-JWT for the default audience and nonce.</summary>
    public string Present(params ClaimPath[] paths) => WithKeyBinding(Select(paths));

    public string WithKeyBinding(string sdJwt, SigningCredentials? holder = null, string audience = Audience, string nonce = Nonce, DateTimeOffset? iat = null)
        => SdJwtHolder.AddKeyBinding(sdJwt, holder ?? Es256(HolderKey), audience, nonce, iat ?? Time.GetUtcNow());

    public Task<Identity.Tokens.Results.TokenResult<SdJwtVerifiedPresentation>> VerifyAsync(string presentation, bool requireKeyBinding = true)
        => Verifier.Verify(presentation, Options(IssuerKey, requireKeyBinding));

    /// <summary>The parts of a compact SD-JWT: JWT, Disclosures, and the last component (empty or KB-JWT).</summary>
    public static (string Jwt, List<string> Disclosures, string Last) Split(string compact)
    {
        var parts = compact.Split('~');
        return (parts[0], parts[1..^1].ToList(), parts[^1]);
    }

    public static string Join(string jwt, IEnumerable<string> disclosures, string last = "")
        => string.Concat(jwt, "~", string.Concat(disclosures.Select(d => d + "~")), last);
}
