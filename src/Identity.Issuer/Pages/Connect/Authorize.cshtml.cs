using System.Globalization;
using Identity.Issuer.Citizens;
using Identity.Issuer.Hosting;
using Identity.Issuer.Localization;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Issuer.Oidc;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Issuer.Pages.Connect;

/// <summary>
/// The authorization endpoint (OpenID Connect Core §3.1.2). OpenIddict has already validated the request (client, redirect_uri,
/// PKCE, PAR request_uri, scopes) before this page runs. Steps: ensure a session, check the assurance level, ask consent, sign in.
/// </summary>
public sealed class AuthorizeModel(
    IOpenIddictApplicationManager applications,
    ICitizenDirectory directory,
    TimeProvider timeProvider) : CitizenPageModel
{
    private static readonly HashSet<string> FormOnlyFields = new(StringComparer.Ordinal) { "decision", "__RequestVerificationToken" };

    /// <summary>The client's display name in the page language.</summary>
    public string ClientName { get; private set; } = string.Empty;

    /// <summary>The claims the client asks for (text keys).</summary>
    public IReadOnlyList<string> ClaimKeys { get; private set; } = [];

    /// <summary>The claims that go into an identity attestation kept in the citizen's wallet (text keys); empty without the credential scope.</summary>
    public IReadOnlyList<string> CredentialClaimKeys { get; private set; } = [];

    /// <summary>The request parameters, posted back with the decision.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; private set; } = [];

    /// <summary>Shows the consent page (after login when needed).</summary>
    public Task<IActionResult> OnGetAsync() => HandleAsync(decision: null);

    /// <summary>Receives the citizen's decision.</summary>
    public Task<IActionResult> OnPostAsync(string? decision) => HandleAsync(decision ?? string.Empty);

    private async Task<IActionResult> HandleAsync(string? decision)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var request = HttpContext.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("The OpenIddict request is missing.");
        UiLanguage.Apply(HttpContext, request.UiLocales);
        var application = await applications.FindByClientIdAsync(request.ClientId!, cancellationToken)
            ?? throw new InvalidOperationException("OpenIddict validated a client that cannot be found.");
        Parameters = (Request.HasFormContentType ? Request.Form.Select(p => KeyValuePair.Create(p.Key, p.Value.ToString())) : Request.Query.Select(p => KeyValuePair.Create(p.Key, p.Value.ToString())))
            .Where(p => !FormOnlyFields.Contains(p.Key))
            .ToList();

        // 1. A session (OIDC Core §3.1.2.1): prompt=login, max_age=0 and a login older than max_age each ask for a new login, which
        // the next login after this request sent the citizen to the login page satisfies; prompt=none cannot show the login page.
        var session = await HttpContext.AuthenticateAsync(IssuerServiceCollectionExtensions.CitizenScheme);
        var authenticatedAt = ReadAuthTime(session);
        var loginId = session.Principal?.FindFirst(LoginModel.LoginIdClaim)?.Value;
        var reauthenticate = (request.HasPromptValue(PromptValues.Login) || request.MaxAge == 0
                || (request.MaxAge is { } maxAge && authenticatedAt is { } at && timeProvider.GetUtcNow() - at > TimeSpan.FromSeconds(maxAge)))
            && !FreshLogin.IsSatisfied(TempData, Parameters, loginId);
        var citizenId = session.Principal?.FindFirst(LoginModel.CitizenIdClaim)?.Value;
        var citizen = citizenId is null ? null : await directory.FindByIdAsync(citizenId, cancellationToken);
        if (!session.Succeeded || citizen is null || authenticatedAt is null || reauthenticate)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.LoginRequired, IssuerErrorCodes.LoginRequired, "The citizen must sign in.");
            }

            if (reauthenticate)
            {
                FreshLogin.Require(TempData, Parameters, loginId);
            }

            return Challenge(new AuthenticationProperties { RedirectUri = Request.PathBase + Request.Path + QueryString.Create(Parameters!) }, IssuerServiceCollectionExtensions.CitizenScheme);
        }

        // 2. acr_values (§3.1.2.1): the citizen's assurance level must meet the lowest level requested.
        if (AssuranceLevels.Required(request.GetAcrValues()) is { } required && citizen.AssuranceLevel < required)
        {
            return Refuse("unmet_authentication_requirements", IssuerErrorCodes.AcrNotSatisfiable, "The citizen's assurance level does not meet the requested acr_values.");
        }

        // 3. Consent (§3.1.2.4): asked on every authorization; refusal is access_denied (RFC 6749 §4.1.2.1).
        if (decision is null)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.ConsentRequired, IssuerErrorCodes.ConsentRequired, "The citizen's consent is required.");
            }

            ClientName = await applications.GetLocalizedDisplayNameAsync(application, new CultureInfo(Lang), cancellationToken) ?? request.ClientId!;
            var scopes = request.GetScopes();
            ClaimKeys = ScopeClaims.PersonalScopes.Where(scopes.Contains).SelectMany(ScopeClaims.ClaimsOf)
                .Concat(scopes.Contains(Scopes.OfflineAccess) ? [Scopes.OfflineAccess] : [])
                .ToList();
            // Issue #2: the wallet's credential scope releases the attestation's claims; the citizen sees each of them too.
            CredentialClaimKeys = scopes.Contains(IdentityCredentialType.Scope) ? ScopeClaims.CredentialClaims : [];
            return Page();
        }

        // The decision ends this request: a fresh login it asked for does not carry over to another one.
        FreshLogin.Forget(TempData);
        if (!string.Equals(decision, "accept", StringComparison.Ordinal))
        {
            return Refuse(Errors.AccessDenied, IssuerErrorCodes.ConsentDenied, "The citizen refused to share the requested information.");
        }

        // 4. Sign in: OpenIddict issues the code and returns it with iss (RFC 9207) to the registered redirect_uri.
        var principals = HttpContext.RequestServices.GetRequiredService<CitizenPrincipals>();
        var principal = await principals.CreateAsync(citizen, application, [.. request.GetScopes()], authenticatedAt.Value, cancellationToken);
        if (request.HasScope(IdentityCredentialType.Scope))
        {
            // RFC 9068 §2.2: a wallet's access token names its resource server, the credential issuer, in aud.
            principal.SetResources(Oid4Vci.Oid4VciUrls.For(HttpContext).CredentialIssuer);
        }

        return SignIn(principal, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static DateTimeOffset? ReadAuthTime(AuthenticateResult session)
        => long.TryParse(session.Principal?.FindFirst(LoginModel.AuthTimeClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private ForbidResult Refuse(string error, string code, string message) => Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = IssuerErrorCodes.Describe(code, message),
        }),
        OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
