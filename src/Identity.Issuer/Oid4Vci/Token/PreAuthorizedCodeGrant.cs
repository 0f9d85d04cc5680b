using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Identity.Issuer.Citizens;
using Identity.Issuer.Configuration;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Issuer.Oid4Vci.Offers;
using Identity.Issuer.Oidc;
using Identity.State;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Issuer.Oid4Vci.Token;

/// <summary>
/// The token endpoint for <c>urn:ietf:params:oauth:grant-type:pre-authorized_code</c> (OpenID4VCI §6.1). OpenIddict has parsed the
/// request and, when a client_id was sent, authenticated the client and checked its grant permission; this checks the code and the
/// transaction code as named steps and returns an access token scoped to the credential endpoint.
/// </summary>
internal sealed class PreAuthorizedCodeGrant(
    PreAuthorizedCodes codes,
    IAttemptCounter attempts,
    ICitizenDirectory directory,
    PairwiseSubject pairwise,
    WalletGrants grants,
    IOptions<Oid4VciOptions> options,
    IOptions<IssuerOptions> issuerOptions,
    TimeProvider time,
    ILogger<PreAuthorizedCodeGrant> logger)
{
    public const string GrantType = CredentialOfferFactory.PreAuthorizedGrantType;

    /// <summary>Sector of the pairwise <c>sub</c> in wallet access tokens: wallets cannot correlate it with any relying party's.</summary>
    public const string WalletSector = "oid4vci-wallet";

    public async Task<IResult> ExchangeAsync(HttpContext context, OpenIddictRequest request)
    {
        var cancellationToken = context.RequestAborted;
        var settings = options.Value;

        // §6.1: pre-authorized_code is required.
        var code = (string?)request["pre-authorized_code"];
        if (string.IsNullOrEmpty(code) || code.Length > 512)
        {
            return Refuse(Errors.InvalidRequest, Oid4VciErrorCodes.PreAuthorizedCodeMissing, "The pre-authorized_code parameter is missing.");
        }

        // §6.3 invalid_grant: unknown, expired or already redeemed codes look the same.
        var grant = await codes.FindAsync(code, cancellationToken);
        if (grant is null || grant.ExpiresAt <= time.GetUtcNow())
        {
            return Refuse(Errors.InvalidGrant, Oid4VciErrorCodes.PreAuthorizedCodeInvalid, "The pre-authorized code is unknown, expired or already used.");
        }

        // §6.1, §6.3: a code offered with a tx_code needs one (invalid_request when missing, invalid_grant when wrong).
        var txCode = (string?)request["tx_code"];
        if (string.IsNullOrEmpty(txCode))
        {
            return Refuse(Errors.InvalidRequest, Oid4VciErrorCodes.TxCodeMissing, "The tx_code parameter is required for this pre-authorized code.");
        }

        // §13.6: a limited number of transaction code attempts, counted across replicas; then the code is dead. The attempt is
        // reserved by one atomic increment before the comparison, so parallel requests cannot compare more than the limit.
        var attemptsKey = PreAuthorizedCodes.AttemptsKey(code);
        var attempt = await attempts.IncrementAsync(attemptsKey, settings.PreAuthorizedCodeLifetime, cancellationToken);
        if (attempt > settings.MaxTxCodeAttempts)
        {
            await codes.KillAsync(code, cancellationToken);
            return Refuse(Errors.InvalidGrant, Oid4VciErrorCodes.TxCodeLocked, "Too many wrong transaction codes: this offer can no longer be used.");
        }

        if (!CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(PreAuthorizedCodes.DigestTxCode(txCode)), Encoding.ASCII.GetBytes(grant.TxCodeDigest)))
        {
            if (attempt == settings.MaxTxCodeAttempts)
            {
                await codes.KillAsync(code, cancellationToken);
                logger.LogWarning("A pre-authorized code was locked after {Attempts} wrong transaction codes", attempt);
                return Refuse(Errors.InvalidGrant, Oid4VciErrorCodes.TxCodeLocked, "Too many wrong transaction codes: this offer can no longer be used.");
            }

            return Refuse(Errors.InvalidGrant, Oid4VciErrorCodes.TxCodeInvalid, "The transaction code is wrong.");
        }

        // Single use: of concurrent redemptions only one takes the code.
        if (await codes.TakeAsync(code, cancellationToken) is null)
        {
            return Refuse(Errors.InvalidGrant, Oid4VciErrorCodes.PreAuthorizedCodeInvalid, "The pre-authorized code is unknown, expired or already used.");
        }

        await attempts.ResetAsync(attemptsKey, cancellationToken);
        if (await directory.FindByIdAsync(grant.CitizenId, cancellationToken) is null)
        {
            return Refuse(Errors.InvalidGrant, Oid4VciErrorCodes.CitizenUnknown, "The citizen behind this offer is no longer known.");
        }

        var handle = await grants.CreateAsync(new WalletGrant(grant.CitizenId, request.ClientId), issuerOptions.Value.AccessTokenLifetime, cancellationToken);
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, pairwise.Compute(WalletSector, grant.CitizenId));
        identity.SetClaim(WalletGrants.HandleClaim, handle);
        // The token is good for the credential endpoint only: its one scope names the credential configuration.
        identity.SetScopes(IdentityCredentialType.Scope);
        // RFC 9068 §2.2: aud names the one resource server of this token, the credential issuer (checked there).
        identity.SetResources(Oid4VciUrls.For(context).CredentialIssuer);
        identity.SetDestinations(static claim => claim.Type is Claims.Subject or WalletGrants.HandleClaim ? [Destinations.AccessToken] : []);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Refuse(string error, string code, string message) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = Oid4VciErrorCodes.Describe(code, message),
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
