using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Issuer.Attestations;
using Identity.Issuer.Citizens;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Issuer.Oid4Vci.Nonces;
using Identity.Issuer.Oid4Vci.Proofs;
using Identity.Issuer.Oid4Vci.Token;
using Identity.Issuer.Oidc;
using Identity.Issuer.StatusLists;
using Identity.Tokens.Results;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;

namespace Identity.Issuer.Oid4Vci.Credentials;

/// <summary>
/// The credential endpoint (OpenID4VCI §8), as ordered steps: authenticate the access token, read the request, verify every proof
/// (one key each), resolve the citizen, consume the nonce once, then issue one credential per proof, each with its own holder key and status entry, and record it.
/// </summary>
internal sealed class CredentialEndpoint(
    AccessTokenValidator accessTokens,
    NonceService nonces,
    WalletGrants grants,
    CitizenPrincipals principals,
    ICitizenDirectory directory,
    StatusListAllocator statusEntries,
    IdentityCredentialBuilder builder,
    IOptions<Oid4VciOptions> options,
    TimeProvider time,
    ILogger<CredentialEndpoint> logger)
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var settings = options.Value;
        var urls = Oid4VciUrls.For(context);
        context.Response.Headers.CacheControl = "no-store";

        // 1. RFC 6750, RFC 9449 §7: the access token (DPoP-bound or bearer), granted for the credential scope, not revoked.
        var token = await accessTokens.ValidateAsync(context.Request, urls, cancellationToken);
        if (!token.IsSuccess)
        {
            return BearerError(context, token.Error);
        }

        // 2. §8.2: a JSON body within the size limit.
        var body = await ReadBodyAsync(context, settings.MaxRequestBodyBytes);
        if (body is null)
        {
            return Error(new TokenError(Oid4VciErrorCodes.RequestTooLarge, $"The request body exceeds {settings.MaxRequestBodyBytes} bytes.", "invalid_credential_request"));
        }

        var request = CredentialRequest.Parse(body, settings.BatchSize);
        if (!request.IsSuccess)
        {
            return Error(request.Error);
        }

        // 3. Appendix F.4: every proof verified before anything is consumed. F.1: a proof's iss names the token's client (no
        // client_id claim: the pre-authorized code was redeemed anonymously).
        var now = time.GetUtcNow();
        var tokenClientId = token.Value.FindFirst(OpenIddictConstants.Claims.ClientId)?.Value;
        var proofs = new List<VerifiedProof>();
        foreach (var jwt in request.Value.JwtProofs)
        {
            var proof = await JwtProofValidator.ValidateAsync(jwt, urls.CredentialIssuer, tokenClientId, now, settings.ProofMaxAge);
            if (!proof.IsSuccess)
            {
                return Error(proof.Error);
            }

            proofs.Add(proof.Value);
        }

        // 4. §7, F.1: one c_nonce per request (consumed below, after every other check).
        var nonce = proofs[0].Nonce;
        if (proofs.Any(p => !string.Equals(p.Nonce, nonce, StringComparison.Ordinal)))
        {
            return Error(new TokenError(Oid4VciErrorCodes.ProofNonceMismatch, "All proofs of one request carry the same c_nonce.", "invalid_proof"));
        }

        // Each proof proves its own key: copies bound to one key would be linkable (and the docs promise one key each).
        if (proofs.Select(p => p.HolderKeyThumbprint).Distinct(StringComparer.Ordinal).Count() != proofs.Count)
        {
            return Error(new TokenError(Oid4VciErrorCodes.ProofKeysDuplicated, "Two proofs of this request prove the same key; use one fresh key per proof.", "invalid_proof"));
        }

        // 5. The citizen the token was granted for, before anything is consumed: a refusal changes no state.
        var (citizen, clientId) = await ResolveCitizenAsync(token.Value, cancellationToken);
        if (citizen is null)
        {
            return Error(new TokenError(Oid4VciErrorCodes.CitizenUnknown, "The citizen behind this access token is no longer known.", "credential_request_denied"));
        }

        // 6. Only then the nonce is consumed, once across every replica.
        if (!await nonces.TryConsumeAsync(nonce, cancellationToken))
        {
            return Error(new TokenError(Oid4VciErrorCodes.NonceUnknown, "The c_nonce is unknown, expired or already used; get a new one from the nonce endpoint.", "invalid_nonce"));
        }

        // 7. One credential per proof: its own holder key and its own status entry, so that presentations cannot be linked.
        string[] issued;
        try
        {
            issued = await IssueAsync(citizen, clientId, request.Value.ConfigurationId, proofs, urls, now, cancellationToken);
        }
        catch (Exception exception) when (exception is IssuanceWriterStoppedException or System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            // The records could not be made durable (shutdown, database down): no credential leaves without its record.
            logger.LogError(exception, "Credential issuance is unavailable");
            context.Response.Headers.RetryAfter = "5";
            return Results.Json(new JsonObject
            {
                ["error"] = "temporarily_unavailable",
                ["error_description"] = Oid4VciErrorCodes.Describe(Oid4VciErrorCodes.IssuanceUnavailable, "Issuance is temporarily unavailable; retry with a new c_nonce."),
            }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        logger.LogInformation("Issued {Count} credential(s) of {Configuration} to client {ClientId}", proofs.Count, request.Value.ConfigurationId, clientId);
        var credentials = new JsonArray();
        foreach (var credential in issued)
        {
            credentials.Add(new JsonObject { ["credential"] = credential });
        }

        return Results.Json(new JsonObject { ["credentials"] = credentials });
    }

    /// <summary>
    /// Draws the status entries and signs the credentials; the entries and the records are committed together before anything is
    /// sent (<see cref="StatusListAllocator.AllocateAsync{T}"/>), and drawn and signed again if another replica took an index first.
    /// </summary>
    private Task<string[]> IssueAsync(Citizen citizen, string clientId, string configurationId, List<VerifiedProof> proofs, Oid4VciUrls urls, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expiresAt = now + options.Value.CredentialValidity;
        var vct = urls.Vct(IdentityCredentialType.TypeName);
        return statusEntries.AllocateAsync(proofs.Count, statuses =>
        {
            var credentials = new string[proofs.Count];
            var records = new IssuedCredential[proofs.Count];
            for (var i = 0; i < proofs.Count; i++)
            {
                credentials[i] = builder.Build(citizen, proofs[i].HolderJwk, statuses[i], urls, expiresAt);
                records[i] = new IssuedCredential
                {
                    Id = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
                    CitizenId = citizen.Id,
                    ClientId = clientId,
                    ConfigurationId = configurationId,
                    Vct = vct,
                    StatusListId = statuses[i].ListId,
                    StatusIndex = statuses[i].Index,
                    HolderKeyThumbprint = proofs[i].HolderKeyThumbprint,
                    IssuedAt = now,
                    ExpiresAt = expiresAt,
                };
            }

            return (credentials, records);
        }, cancellationToken);
    }

    private async Task<(Citizen? Citizen, string ClientId)> ResolveCitizenAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var clientId = principal.FindFirst(OpenIddictConstants.Claims.ClientId)?.Value;
        if (principal.FindFirst(WalletGrants.HandleClaim)?.Value is { } handle)
        {
            // Pre-authorized code grant (possibly anonymous).
            var grant = await grants.FindAsync(handle, cancellationToken);
            return grant is null ? (null, string.Empty) : (await directory.FindByIdAsync(grant.CitizenId, cancellationToken), grant.ClientId ?? clientId ?? "pre-authorized");
        }

        // Authorization code flow: the citizen is on the OpenIddict authorization entry.
        return (await principals.FindCitizenAsync(principal, cancellationToken), clientId ?? string.Empty);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, int limit)
    {
        if (context.Request.ContentLength > limit)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException)
        {
            return null;
        }

        return buffer.ToArray();
    }

    /// <summary>§8.3.1.2: HTTP 400 with <c>error</c> and <c>error_description</c> (project code first).</summary>
    private static IResult Error(TokenError error) => Results.Json(
        new JsonObject { ["error"] = error.SpecError, ["error_description"] = Oid4VciErrorCodes.Describe(error.Code, error.Description) },
        statusCode: StatusCodes.Status400BadRequest);

    /// <summary>RFC 6750 §3, RFC 9449 §7.1: 401 invalid_token or invalid_dpop_proof, or 403 insufficient_scope, with WWW-Authenticate.</summary>
    private static IResult BearerError(HttpContext context, TokenError error)
    {
        var description = Oid4VciErrorCodes.Describe(error.Code, error.Description);
        context.Response.Headers.WWWAuthenticate = AccessTokenValidator.Challenge(context.Request, error, description);
        return Results.Json(
            new JsonObject { ["error"] = error.SpecError, ["error_description"] = description },
            statusCode: error.SpecError == "insufficient_scope" ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized);
    }
}
