using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Identity.Tokens.Results;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Verifier.Trust;

/// <summary>
/// Validates an <c>x5c</c> header chain (RFC 7515 §4.1.6) to the configured trust anchors and returns the leaf's key.
/// The leaf must name the issuer (draft-ietf-oauth-sd-jwt-vc §3.5): a uniformResourceIdentifier SAN equal to <c>iss</c>,
/// or, for an https <c>iss</c>, a dNSName SAN equal to its host. By default revocation is not checked (no CRL/OCSP
/// download, <see cref="AttestationVerifierOptions.X5cRevocationMode"/>): the anchors are configured by the relying party
/// and credentials carry their own status list.
/// </summary>
internal sealed class X5cChainValidator(AttestationVerifierOptions options, TimeProvider timeProvider)
{
    private const int MaxChainLength = 5;

    public TokenResult<SecurityKey> Validate(IReadOnlyList<string> x5c, string issuer)
    {
        if (options.TrustAnchors.Count == 0)
        {
            return Fail("No trust anchor is configured for x5c.", "no anchors");
        }

        if (x5c.Count is 0 or > MaxChainLength)
        {
            return Fail("The x5c chain is empty or too long.", $"length {x5c.Count}");
        }

        var certificates = new List<X509Certificate2>(x5c.Count);
        try
        {
            foreach (var entry in x5c)
            {
                // x5c entries are base64 (not base64url) DER certificates (RFC 7515 §4.1.6).
                certificates.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(entry)));
            }

            var leaf = certificates[0];
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(options.TrustAnchors);
            chain.ChainPolicy.ExtraStore.AddRange(certificates.Skip(1).ToArray());
            chain.ChainPolicy.RevocationMode = options.X5cRevocationMode;
            chain.ChainPolicy.RevocationFlag = X509RevocationFlag.ExcludeRoot;
            chain.ChainPolicy.DisableCertificateDownloads = true;
            chain.ChainPolicy.VerificationTime = timeProvider.GetUtcNow().UtcDateTime;
            if (!chain.Build(leaf))
            {
                var statuses = string.Join(",", chain.ChainStatus.Select(s => s.Status));
                return Fail("The x5c chain does not validate to a configured trust anchor.", statuses);
            }

            if (!NamesIssuer(leaf, issuer))
            {
                return Fail("The x5c leaf certificate does not name the issuer.", "SAN mismatch");
            }

            var ec = leaf.GetECDsaPublicKey();
            if (ec is null)
            {
                return Fail("The x5c leaf certificate key is not an EC P-256 key.", leaf.PublicKey.Oid.Value ?? "unknown");
            }

            return TokenResult<SecurityKey>.Success(new ECDsaSecurityKey(ec));
        }
        catch (Exception e) when (e is FormatException or CryptographicException or AsnContentException)
        {
            return Fail("The x5c chain cannot be read.", e.GetType().Name);
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    private static bool NamesIssuer(X509Certificate2 leaf, string issuer)
    {
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null)
        {
            return false;
        }

        Uri.TryCreate(issuer, UriKind.Absolute, out var issuerUri);
        var reader = new AsnReader(san.RawData, AsnEncodingRules.DER).ReadSequence();
        while (reader.HasData)
        {
            var tag = reader.PeekTag();
            if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 2 or 6)
            {
                var value = reader.ReadCharacterString(UniversalTagNumber.IA5String, tag);
                if (tag.TagValue == 6 && string.Equals(value, issuer, StringComparison.Ordinal))
                {
                    return true;
                }

                if (tag.TagValue == 2 && issuerUri is { Scheme: "https" } && string.Equals(value, issuerUri.IdnHost, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            else
            {
                reader.ReadEncodedValue();
            }
        }

        return false;
    }

    private static TokenResult<SecurityKey> Fail(string description, string detail) =>
        TokenResult<SecurityKey>.Failure(VerifierErrorCodes.X5cChainInvalid, description, "invalid_credential", detail);
}
