using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Identity.Tokens.SdJwt;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.SdJwtVc;

/// <summary>What to put in an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc-19 §2.2.2).</summary>
public sealed class SdJwtVcIssueRequest
{
    /// <summary>The <c>iss</c> claim: the credential issuer identifier.</summary>
    public required string Issuer { get; init; }

    /// <summary>The <c>vct</c> claim: the credential type (§2.2.2.1).</summary>
    public required string Vct { get; init; }

    /// <summary>Personal claims. Every one is made selectively disclosable; must not use a registered claim name.</summary>
    public required JsonObject Claims { get; init; }

    /// <summary>The Holder's public key as a JWK, put in <c>cnf.jwk</c> (RFC 7800 §3.2). Required for Key Binding.</summary>
    public JsonObject? HolderPublicJwk { get; init; }

    /// <summary>The Token Status List entry, put in <c>status.status_list</c>.</summary>
    public SdJwtVcStatusReference? Status { get; init; }

    /// <summary>Optional <c>nbf</c>.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Optional <c>exp</c>.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>Optional <c>vct#integrity</c> (§6): integrity metadata of the type metadata document.</summary>
    public string? VctIntegrity { get; init; }

    /// <summary>Optional <c>aka_vcts</c> (§2.2.2.2): additional types.</summary>
    public IReadOnlyList<string>? AkaVcts { get; init; }

    /// <summary>
    /// When true (default), members of object claims and elements of array claims are disclosable on their own as well
    /// (recursive Disclosures, RFC 9901 §4.2.6): a holder can show <c>address.locality</c> without the street.
    /// </summary>
    public bool DiscloseNestedClaims { get; init; } = true;
}

/// <summary>
/// Issues SD-JWT VCs: header <c>typ: dc+sd-jwt</c>; <c>iss</c>, <c>iat</c>, optional <c>nbf</c>/<c>exp</c>, <c>vct</c>, <c>cnf</c>,
/// <c>status</c> always visible; every personal claim selectively disclosable, with decoys.
/// </summary>
public sealed class SdJwtVcIssuer(TimeProvider timeProvider)
{
    private readonly TimeProvider _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>Builds and signs the credential. Throws <see cref="ArgumentException"/> on a malformed request (misconfiguration).</summary>
    public string Issue(SdJwtVcIssueRequest request, SigningCredentials credentials, SdJwtIssuanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Vct);
        ArgumentNullException.ThrowIfNull(request.Claims);

        var payload = new JsonObject
        {
            ["iss"] = request.Issuer,
            ["iat"] = _time.GetUtcNow().ToUnixTimeSeconds(),
        };
        if (request.NotBefore is { } nbf)
        {
            payload["nbf"] = nbf.ToUnixTimeSeconds();
        }

        if (request.Expires is { } exp)
        {
            payload["exp"] = exp.ToUnixTimeSeconds();
        }

        payload["vct"] = request.Vct;
        if (request.VctIntegrity is not null)
        {
            payload["vct#integrity"] = request.VctIntegrity;
        }

        if (request.AkaVcts is { Count: > 0 } aka)
        {
            if (aka.Contains(request.Vct, StringComparer.Ordinal))
            {
                throw new ArgumentException("aka_vcts must not contain the vct value (§2.2.2.2).", nameof(request));
            }

            payload["aka_vcts"] = new JsonArray([.. aka.Select(v => (JsonNode)v)]);
        }

        if (request.HolderPublicJwk is not null)
        {
            payload["cnf"] = new JsonObject { ["jwk"] = CheckedHolderJwk(request.HolderPublicJwk) };
        }

        if (request.Status is { } status)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(status.Index);
            ArgumentException.ThrowIfNullOrWhiteSpace(status.Uri);
            payload["status"] = new JsonObject { ["status_list"] = new JsonObject { ["idx"] = status.Index, ["uri"] = status.Uri } };
        }

        var disclosable = new List<ClaimPath>();
        foreach (var (name, value) in request.Claims)
        {
            if (SdJwtVcClaims.Technical.Contains(name) || payload.ContainsKey(name))
            {
                throw new ArgumentException($"Personal claim '{name}' uses a registered claim name; set it through the request's own property.", nameof(request));
            }

            payload[name] = value?.DeepClone();
            var path = ClaimPath.Of(name);
            disclosable.Add(path);
            if (request.DiscloseNestedClaims)
            {
                AddNested(value, path, disclosable);
            }
        }

        return SdJwtIssuer.Issue(payload, disclosable, credentials, SdJwtVcClaims.Type, options);
    }

    private static void AddNested(JsonNode? node, ClaimPath path, List<ClaimPath> disclosable)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    disclosable.Add(path.Property(name));
                    AddNested(value, path.Property(name), disclosable);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    disclosable.Add(path.Element(i));
                    AddNested(array[i], path.Element(i), disclosable);
                }

                break;
        }
    }

    /// <summary>Only a public key the verifier can use (RFC 7800 §3.2): no private member, a supported key type.</summary>
    private static JsonObject CheckedHolderJwk(JsonObject jwk)
    {
        if (jwk.ContainsKey("d"))
        {
            throw new ArgumentException("The holder JWK must be a public key: it has a private member 'd'.", nameof(jwk));
        }

        if (!HolderJwkCheck.IsSupportedPublicKey(jwk))
        {
            throw new ArgumentException("The holder JWK is not a supported public key.", nameof(jwk));
        }

        return (JsonObject)jwk.DeepClone();
    }
}
