using System.Security.Cryptography;
using System.Text.Json;
using Identity.Tokens.Results;
using Identity.Verifier.Jose;

namespace Identity.Verifier.Oid4Vp;

/// <summary>
/// OpenID4VP 1.0 relying-party helper: builds a <c>direct_post</c> authorization request with a DCQL query, keeps its
/// nonce and state, then processes the wallet's response: <c>vp_token</c> is a JSON object keyed by credential query id
/// whose values are arrays of presentations (§8.1), each verified by <see cref="AttestationVerifier"/> against the
/// request's nonce and client id, and checked to disclose every requested claim.
/// </summary>
/// <example>
/// <code>
/// var oid4vp = new OpenId4VpVerifier(verifier, new OpenId4VpOptions { ResponseUri = new("https://rp.example.ca/vp/response") });
/// PresentationRequest request = await oid4vp.CreateRequestAsync(DcqlQuery.ForClaims("age", vct, "age_over_18"));
/// // show request.ToAuthorizationUrl() as a link or QR code; the wallet posts to /vp/response:
/// PresentationResponseResult result = await oid4vp.ProcessResponseAsync(form);
/// bool adult = result.IsValid &amp;&amp; result.Credentials["age"].Claims!["age_over_18"].GetBoolean();
/// </code>
/// </example>
public sealed class OpenId4VpVerifier
{
    private readonly AttestationVerifier _verifier;
    private readonly OpenId4VpOptions _options;
    private readonly IPresentationRequestStore _store;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the helper. Invalid <paramref name="options"/> throw <see cref="ArgumentException"/> naming the fix.</summary>
    public OpenId4VpVerifier(AttestationVerifier verifier, OpenId4VpOptions options, IPresentationRequestStore? store = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid OpenId4VpOptions: " + string.Join(" ", problems), nameof(options));
        }

        _verifier = verifier;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _store = store ?? new InMemoryPresentationRequestStore(_timeProvider);
    }

    /// <summary>Creates and stores a request with a fresh nonce and state (128 bits each, from <see cref="RandomNumberGenerator"/>).</summary>
    public async Task<PresentationRequest> CreateRequestAsync(DcqlQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var problems = query.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid DCQL query: " + string.Join(" ", problems), nameof(query));
        }

        var request = new PresentationRequest(
            _options.EffectiveClientId,
            _options.ResponseUri!,
            NewRandom(),
            NewRandom(),
            query,
            _timeProvider.GetUtcNow() + _options.RequestLifetime);
        await _store.StoreAsync(request, cancellationToken).ConfigureAwait(false);
        return request;
    }

    /// <summary>
    /// Processes a <c>direct_post</c> response (form fields <c>vp_token</c> and <c>state</c>, or <c>error</c>). The request
    /// is consumed: a second response with the same state is refused with <c>VP_STATE_UNKNOWN</c>.
    /// </summary>
    public async Task<PresentationResponseResult> ProcessResponseAsync(IReadOnlyDictionary<string, string?> form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);

        // §8.2: the state correlates the response with the pending request.
        if (!form.TryGetValue("state", out var state) || string.IsNullOrEmpty(state) || state.Length > 256)
        {
            return Fail(VerifierErrorCodes.ResponseMalformed, "The response has no state.", "invalid_request");
        }

        var request = await _store.TakeAsync(state, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return Fail(VerifierErrorCodes.StateUnknown, "The response state is unknown, expired or already used.", "invalid_request");
        }

        // §8.5: a wallet error response carries error instead of vp_token.
        if (form.TryGetValue("error", out var walletError) && !string.IsNullOrEmpty(walletError))
        {
            return Fail(VerifierErrorCodes.WalletError, "The wallet declined or failed the request.", walletError, request);
        }

        var presentations = ParseVpToken(form.TryGetValue("vp_token", out var vpToken) ? vpToken : null, request.Query);
        if (!presentations.IsSuccess)
        {
            return PresentationResponseResult.Failure(presentations.Error, request);
        }

        var verified = new Dictionary<string, VerificationResult>(StringComparer.Ordinal);
        foreach (var credentialQuery in request.Query.Credentials)
        {
            var expected = new VerificationOptions
            {
                Audience = request.ClientId,
                Nonce = request.Nonce,
                AcceptedVcts = new HashSet<string>(credentialQuery.VctValues, StringComparer.Ordinal),
            };
            var result = await _verifier.VerifyAsync(presentations.Value[credentialQuery.Id], expected, cancellationToken).ConfigureAwait(false);
            if (!result.IsValid)
            {
                return PresentationResponseResult.Failure(result.Error, request);
            }

            if (FirstMissingClaim(credentialQuery, result) is { } missing)
            {
                return Fail(VerifierErrorCodes.QueryClaimMissing, $"The requested claim '{string.Join('.', missing)}' was not disclosed.", "invalid_request", request);
            }

            verified[credentialQuery.Id] = result;
        }

        return PresentationResponseResult.Success(request, verified);
    }

    /// <summary>§8.1: vp_token is a JSON object; each key a credential query id, each value a non-empty array of presentations.</summary>
    private TokenResult<Dictionary<string, string>> ParseVpToken(string? vpToken, DcqlQuery query)
    {
        if (string.IsNullOrEmpty(vpToken) || vpToken.Length > _options.MaxVpTokenLength)
        {
            return Malformed("The response has no vp_token or it is too large.");
        }

        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(vpToken, JsonLimits.DocumentOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Malformed("vp_token is not a JSON object keyed by credential query id.");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!query.Credentials.Any(c => c.Id == property.Name))
                {
                    return Unexpected("vp_token answers a credential query that was not asked.");
                }

                if (property.Value.ValueKind != JsonValueKind.Array || property.Value.GetArrayLength() == 0
                    || property.Value.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.String))
                {
                    return Malformed("Each vp_token value must be a non-empty array of presentation strings.");
                }

                // The query does not set multiple=true (§6.1), so exactly one presentation per query is expected.
                if (property.Value.GetArrayLength() != 1)
                {
                    return Unexpected("More than one presentation was sent for a credential query.");
                }

                byId[property.Name] = property.Value[0].GetString()!;
            }
        }
        catch (JsonException)
        {
            return Malformed("vp_token is not JSON.");
        }

        foreach (var credential in query.Credentials)
        {
            if (!byId.ContainsKey(credential.Id))
            {
                return TokenResult<Dictionary<string, string>>.Failure(VerifierErrorCodes.CredentialQueryUnanswered,
                    $"No presentation answers the credential query '{credential.Id}'.", "invalid_request");
            }
        }

        return TokenResult<Dictionary<string, string>>.Success(byId);
    }

    /// <summary>§7.1: each requested claim path must resolve in the disclosed claims.</summary>
    private static IReadOnlyList<string>? FirstMissingClaim(DcqlCredentialQuery query, VerificationResult result)
    {
        foreach (var path in query.Claims)
        {
            if (!result.Claims!.TryGetValue(path[0], out var current))
            {
                return path;
            }

            for (var i = 1; i < path.Count; i++)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(path[i], out current))
                {
                    return path;
                }
            }
        }

        return null;
    }

    private static string NewRandom() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static PresentationResponseResult Fail(string code, string description, string specError, PresentationRequest? request = null) =>
        PresentationResponseResult.Failure(new TokenError(code, description, specError), request);

    private static TokenResult<Dictionary<string, string>> Malformed(string description) =>
        TokenResult<Dictionary<string, string>>.Failure(VerifierErrorCodes.ResponseMalformed, description, "invalid_request");

    private static TokenResult<Dictionary<string, string>> Unexpected(string description) =>
        TokenResult<Dictionary<string, string>>.Failure(VerifierErrorCodes.QueryUnexpectedPresentation, description, "invalid_request");
}
