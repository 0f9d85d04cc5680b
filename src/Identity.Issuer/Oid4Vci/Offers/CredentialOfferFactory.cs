using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Issuer.Configuration;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.State;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Oid4Vci.Offers;

/// <summary>
/// Creates a credential offer (OpenID4VCI §4.1) for a logged-in citizen: a pre-authorized code with a numeric transaction code,
/// the offer JSON kept in the shared store for the code's lifetime and passed by reference (<c>credential_offer_uri</c>, §4.1.3).
/// </summary>
internal sealed class CredentialOfferFactory(
    PreAuthorizedCodes codes,
    IEphemeralStore store,
    IHttpContextAccessor httpContext,
    IOptions<IssuerOptions> issuerOptions,
    IOptions<Oid4VciOptions> options,
    TimeProvider time) : ICredentialOfferFactory
{
    public const string OfferKeyPrefix = "oid4vci:offer:";
    public const string PreAuthorizedGrantType = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

    public async Task<CredentialOfferResult> CreateAsync(string citizenId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(citizenId);
        var settings = options.Value;
        var urls = UrlsForCurrentRequest();
        var lifetime = settings.PreAuthorizedCodeLifetime;
        var expiresAt = time.GetUtcNow() + lifetime;

        // §4.1.1: the tx_code is sent to the citizen over another channel (shown apart from the QR code) and only its digest is kept.
        var txCode = RandomNumberGenerator.GetInt32(0, (int)Math.Pow(10, settings.TxCodeLength))
            .ToString(CultureInfo.InvariantCulture).PadLeft(settings.TxCodeLength, '0');
        var grant = new PreAuthorizedGrant(citizenId, IdentityCredentialType.ConfigurationId, PreAuthorizedCodes.DigestTxCode(txCode), expiresAt);
        var code = await codes.CreateAsync(grant, lifetime, cancellationToken);

        var offer = new JsonObject
        {
            ["credential_issuer"] = urls.CredentialIssuer,
            ["credential_configuration_ids"] = new JsonArray(IdentityCredentialType.ConfigurationId),
            ["grants"] = new JsonObject
            {
                [PreAuthorizedGrantType] = new JsonObject
                {
                    ["pre-authorized_code"] = code,
                    ["tx_code"] = new JsonObject
                    {
                        ["input_mode"] = "numeric",
                        ["length"] = settings.TxCodeLength,
                        ["description"] = $"Entrez le code de {settings.TxCodeLength} chiffres affiché par Mes attestations / Enter the {settings.TxCodeLength}-digit code shown by My attestations",
                    },
                },
            },
        };

        var offerId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
        await store.TryAddAsync(OfferKeyPrefix + offerId, System.Text.Encoding.UTF8.GetBytes(offer.ToJsonString()), lifetime, cancellationToken);
        var link = "openid-credential-offer://?credential_offer_uri=" + Uri.EscapeDataString(urls.Offer(offerId));
        return new CredentialOfferResult(link, txCode, expiresAt);
    }

    private Oid4VciUrls UrlsForCurrentRequest()
    {
        if (httpContext.HttpContext is { } context)
        {
            return Oid4VciUrls.For(context.Request, issuerOptions.Value);
        }

        if (string.IsNullOrEmpty(issuerOptions.Value.IssuerUri))
        {
            throw new InvalidOperationException("Credential offers outside an HTTP request need Issuer:IssuerUri to be set.");
        }

        var server = new Uri(issuerOptions.Value.IssuerUri, UriKind.Absolute).AbsoluteUri;
        return new Oid4VciUrls(new Uri(server.EndsWith('/') ? server : server + "/"), server.TrimEnd('/'));
    }
}
