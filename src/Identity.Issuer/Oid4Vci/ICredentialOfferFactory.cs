namespace Identity.Issuer.Oid4Vci;

/// <summary>Creates OpenID4VCI credential offers for a logged-in citizen (pre-authorized code grant with a transaction code).</summary>
internal interface ICredentialOfferFactory
{
    /// <summary>Creates an offer passed by reference, for the citizen identified by <paramref name="citizenId"/>.</summary>
    Task<CredentialOfferResult> CreateAsync(string citizenId, CancellationToken cancellationToken);
}

/// <summary>What the "mes attestations" page shows the citizen.</summary>
/// <param name="OfferUri">The <c>openid-credential-offer://?credential_offer_uri=...</c> link (also rendered as a QR code).</param>
/// <param name="TxCode">The transaction code, shown separately from the QR code (OpenID4VCI §4.1.1).</param>
/// <param name="ExpiresAt">When the pre-authorized code expires.</param>
internal sealed record CredentialOfferResult(string OfferUri, string TxCode, DateTimeOffset ExpiresAt);
