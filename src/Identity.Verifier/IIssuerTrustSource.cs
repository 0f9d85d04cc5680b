using Microsoft.IdentityModel.Tokens;

namespace Identity.Verifier;

/// <summary>
/// A pluggable source of trusted issuers and their keys, for example a federation trust list served by an interop gateway.
/// Consulted only for issuers that are not in <see cref="AttestationVerifierOptions.TrustedIssuers"/>.
/// </summary>
/// <example>
/// <code>
/// sealed class GatewayTrustSource(TrustList list) : IIssuerTrustSource
/// {
///     public ValueTask&lt;IReadOnlyList&lt;JsonWebKey&gt;?&gt; GetIssuerKeysAsync(string issuer, CancellationToken ct) =>
///         ValueTask.FromResult(list.TryGetKeys(issuer));
/// }
/// </code>
/// </example>
public interface IIssuerTrustSource
{
    /// <summary>
    /// Returns the public keys of <paramref name="issuer"/> when this source trusts it, or <c>null</c> when it does not know it
    /// (the next source is then asked; if none trusts it, the presentation is refused with <c>ISSUER_UNTRUSTED</c>).
    /// Must not throw for an unknown issuer.
    /// </summary>
    ValueTask<IReadOnlyList<JsonWebKey>?> GetIssuerKeysAsync(string issuer, CancellationToken cancellationToken);
}
