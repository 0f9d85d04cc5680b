using Microsoft.IdentityModel.Tokens;
using NSec.Cryptography;

namespace Identity.Tokens.Jose;

/// <summary>EdDSA signatures over the JWS signing input (RFC 8037 §3.1) through NSec / libsodium.</summary>
internal sealed class Ed25519SignatureProvider : SignatureProvider
{
    private readonly Ed25519SecurityKey _key;

    public Ed25519SignatureProvider(Ed25519SecurityKey key, string algorithm, bool willCreateSignatures)
        : base(key, algorithm)
    {
        _key = key;
        WillCreateSignatures = willCreateSignatures;
    }

    public override byte[] Sign(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return SignatureAlgorithm.Ed25519.Sign(PrivateKey(), input);
    }

    public override byte[] Sign(byte[] input, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(input);
        return SignatureAlgorithm.Ed25519.Sign(PrivateKey(), input.AsSpan(offset, count));
    }

    public override bool Sign(ReadOnlySpan<byte> data, Span<byte> destination, out int bytesWritten)
    {
        if (destination.Length < Ed25519SecurityKey.SignatureLength)
        {
            bytesWritten = 0;
            return false;
        }

        SignatureAlgorithm.Ed25519.Sign(PrivateKey(), data, destination[..Ed25519SecurityKey.SignatureLength]);
        bytesWritten = Ed25519SecurityKey.SignatureLength;
        return true;
    }

    public override bool Verify(byte[] input, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(signature);
        return VerifyCore(input, signature);
    }

    public override bool Verify(byte[] input, int inputOffset, int inputLength, byte[] signature, int signatureOffset, int signatureLength)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(signature);
        if (inputOffset < 0 || inputLength < 0 || inputOffset > input.Length - inputLength
            || signatureOffset < 0 || signatureLength < 0 || signatureOffset > signature.Length - signatureLength)
        {
            return false;
        }

        return VerifyCore(input.AsSpan(inputOffset, inputLength), signature.AsSpan(signatureOffset, signatureLength));
    }

    protected override void Dispose(bool disposing)
    {
        // The keys belong to the Ed25519SecurityKey, which outlives its providers.
    }

    // RFC 8032 §5.1.7: a signature that is not exactly 64 bytes is invalid.
    private bool VerifyCore(ReadOnlySpan<byte> input, ReadOnlySpan<byte> signature)
        => signature.Length == Ed25519SecurityKey.SignatureLength
           && SignatureAlgorithm.Ed25519.Verify(_key.NSecPublicKey, input, signature);

    private Key PrivateKey()
        => _key.NSecPrivateKey ?? throw new InvalidOperationException("Signing with EdDSA needs an Ed25519 key with its private part.");
}
