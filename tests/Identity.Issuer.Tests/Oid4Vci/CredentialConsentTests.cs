using System.Net;
using Identity.Issuer.Localization;
using Identity.Issuer.Oid4Vci;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Issuer.Oidc;
using Identity.Issuer.Tests.Infrastructure;
using Identity.Tokens.Jose;

namespace Identity.Issuer.Tests.Oid4Vci;

/// <summary>
/// Issue #2 for the wallet's authorization code flow (OpenID4VCI §5): the consent page names the wallet and lists, in plain words,
/// each claim that goes into the identity attestation kept in the citizen's wallet.
/// </summary>
public sealed class CredentialConsentTests
{
    private static readonly string[] ExpectedClaims =
    [
        "given_name", "family_name", "birthdate", "age_over_18", "age_over_19", "age_over_65",
        "address.street_address", "address.locality", "address.region", "address.postal_code", "address.country",
    ];

    [Fact]
    public async Task Wallet_consent_lists_every_attestation_claim_in_french()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var page = WebUtility.HtmlDecode(await ConsentPageAsync(wallet, uiLocales: null));

        Assert.Contains("<html lang=\"fr\">", page, StringComparison.Ordinal);
        Assert.Contains("<strong>Portefeuille de démonstration</strong>", page, StringComparison.Ordinal);
        Assert.Contains("id=\"consent-attestation-claims\"", page, StringComparison.Ordinal);
        Assert.Equal(ExpectedClaims, AttestationClaimKeys(page));
        Assert.Contains(">Ces renseignements seront inscrits dans une attestation d’identité conservée dans votre portefeuille numérique\u00A0:<", page, StringComparison.Ordinal);
        Assert.Contains("<li data-claim=\"given_name\">Votre prénom</li>", page, StringComparison.Ordinal);
        Assert.Contains("<li data-claim=\"age_over_18\">Si vous avez 18\u00A0ans ou plus (oui ou non)</li>", page, StringComparison.Ordinal);
        Assert.Contains("<li data-claim=\"address.postal_code\">Votre code postal</li>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wallet_consent_lists_every_attestation_claim_in_english()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var page = WebUtility.HtmlDecode(await ConsentPageAsync(wallet, uiLocales: "en"));

        Assert.Contains("<html lang=\"en\">", page, StringComparison.Ordinal);
        Assert.Contains("<strong>Demonstration wallet</strong>", page, StringComparison.Ordinal);
        Assert.Equal(ExpectedClaims, AttestationClaimKeys(page));
        Assert.Contains(">This information will be written into an identity attestation kept in your digital wallet:<", page, StringComparison.Ordinal);
        Assert.Contains("<li data-claim=\"age_over_65\">Whether you are 65 or older (yes or no)</li>", page, StringComparison.Ordinal);
        Assert.Contains("<li data-claim=\"address.locality\">Your city</li>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_consent_has_no_attestation_section()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest { Scope = "openid profile" };
        var pushed = await OidcFlow.PushAsync(http, request);
        Assert.Equal(HttpStatusCode.Redirect, (await OidcFlow.LoginAsync(http, "/login", OidcFlow.Citizen, Citizens.SeededCitizenDirectory.DemoPassword)).StatusCode);

        var page = await (await http.GetAsync(OidcFlow.AuthorizeUrl(request.ClientId, pushed.Get("request_uri")!))).Content.ReadAsStringAsync();

        Assert.Contains("id=\"consent-accept\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("consent-attestation", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_attestation_claim_has_consent_text_in_both_languages()
    {
        foreach (var key in ScopeClaims.CredentialClaims)
        {
            Assert.NotEqual("claim." + key, UiText.Get("claim." + key, UiLanguage.French));
            Assert.NotEqual("claim." + key, UiText.Get("claim." + key, UiLanguage.English));
        }
    }

    [Fact]
    public async Task Consent_lists_exactly_the_claims_the_issued_attestation_discloses()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(), [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync())]);
        var verified = await wallet.VerifyAsync(Assert.Single(TestWallet.Credentials(response)), server.Clock.GetUtcNow());

        // The address object is a disclosure too, but the page lists it by its parts.
        var disclosed = verified.DisclosedClaims.Select(p => string.Join('.', p.Segments)).Where(p => p != "address").Order(StringComparer.Ordinal);

        Assert.Equal(disclosed, ScopeClaims.CredentialClaims.Order(StringComparer.Ordinal));
    }

    /// <summary>PAR for the credential scope as the demo wallet, login, then the consent page (not yet answered).</summary>
    private static async Task<string> ConsentPageAsync(TestWallet wallet, string? uiLocales)
    {
        var request = new AuthorizationRequest
        {
            ClientId = WalletClient.ClientId,
            Secret = null,
            RedirectUri = WalletClient.RedirectUri,
            Scope = IdentityCredentialType.Scope,
        };
        request.Parameters["ui_locales"] = uiLocales;
        var pushed = await OidcFlow.PushAsync(wallet.Http, request);
        Assert.Equal(HttpStatusCode.Created, pushed.Status);
        var login = await OidcFlow.LoginAsync(wallet.Http, "/login", OidcFlow.Citizen, Citizens.SeededCitizenDirectory.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        var response = await wallet.Http.GetAsync(OidcFlow.AuthorizeUrl(request.ClientId, pushed.Get("request_uri")!));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string[] AttestationClaimKeys(string page)
    {
        var start = page.IndexOf("id=\"consent-attestation-claims\"", StringComparison.Ordinal);
        var end = page.IndexOf("</ul>", start, StringComparison.Ordinal);
        return [.. System.Text.RegularExpressions.Regex.Matches(page[start..end], "data-claim=\"([^\"]+)\"").Select(m => m.Groups[1].Value)];
    }
}
