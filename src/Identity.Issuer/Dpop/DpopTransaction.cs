using Identity.Tokens.Dpop;
using OpenIddict.Server;

namespace Identity.Issuer.Dpop;

/// <summary>What the DPoP handlers share within one OpenIddict transaction, and the public URLs proofs are checked against.</summary>
internal static class DpopTransaction
{
    /// <summary>The private claim that binds an authorization code to the <c>dpop_jkt</c> of its request (RFC 9449 §10).</summary>
    public const string CodeBindingClaim = "dpop_jkt";

    /// <summary>The RFC 7800 confirmation claim; for DPoP it holds <c>jkt</c> (RFC 9449 §6.1).</summary>
    public const string ConfirmationClaim = "cnf";

    /// <summary>The authorization request parameter (RFC 9449 §10).</summary>
    public const string JktParameter = "dpop_jkt";

    private const string ProofProperty = "identity:dpop:proof";
    private const string SchemeProperty = "identity:dpop:scheme";

    public static void SetProof(OpenIddictServerTransaction transaction, DpopProof proof) => transaction.Properties[ProofProperty] = proof;

    public static DpopProof? GetProof(OpenIddictServerTransaction transaction)
        => transaction.Properties.TryGetValue(ProofProperty, out var value) ? value as DpopProof : null;

    /// <summary>Marks a resource request whose access token came with the DPoP scheme (§7.1), so that errors are DPoP challenges.</summary>
    public static void SetDpopScheme(OpenIddictServerTransaction transaction) => transaction.Properties[SchemeProperty] = true;

    public static bool UsesDpopScheme(OpenIddictServerTransaction transaction) => transaction.Properties.ContainsKey(SchemeProperty);

    /// <summary>
    /// The public URL of the current endpoint: the configured issuer (as clients see it, also behind a proxy) plus the endpoint's
    /// path. Proofs name this URL in <c>htu</c> (§4.3 check 9).
    /// </summary>
    public static Uri EndpointUri(OpenIddictServerEvents.BaseContext context)
    {
        var relative = context.EndpointType switch
        {
            OpenIddictServerEndpointType.Token => context.Options.TokenEndpointUris.FirstOrDefault(),
            OpenIddictServerEndpointType.PushedAuthorization => context.Options.PushedAuthorizationEndpointUris.FirstOrDefault(),
            OpenIddictServerEndpointType.UserInfo => context.Options.UserInfoEndpointUris.FirstOrDefault(),
            _ => null,
        };
        if (relative is null || context.RequestUri is null)
        {
            return context.RequestUri ?? throw new InvalidOperationException("The request URI is not known.");
        }

        if (relative.IsAbsoluteUri)
        {
            return relative;
        }

        var root = (context.Options.Issuer ?? context.BaseUri)!.AbsoluteUri;
        return new Uri(new Uri(root.EndsWith('/') ? root : root + "/", UriKind.Absolute), relative.OriginalString.TrimStart('/'));
    }
}
