using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.Jose;

/// <summary>
/// Plugs Ed25519 into IdentityModel's <see cref="CryptoProviderFactory"/> as its custom provider. It answers only for
/// <c>EdDSA</c> / <c>Ed25519</c> with an <see cref="Ed25519SecurityKey"/>; every other request falls through to the
/// factory's default behaviour.
/// </summary>
internal sealed class Ed25519CryptoProvider : ICryptoProvider
{
    public static readonly Ed25519CryptoProvider Instance = new();

    private Ed25519CryptoProvider()
    {
    }

    public static bool IsEd25519Algorithm(string? algorithm) => algorithm is JoseAlgorithms.EdDSA or JoseAlgorithms.Ed25519;

    public bool IsSupportedAlgorithm(string algorithm, params object[] args)
        => IsEd25519Algorithm(algorithm) && args is { Length: > 0 } && args[0] is Ed25519SecurityKey;

    public object Create(string algorithm, params object[] args)
    {
        if (!IsSupportedAlgorithm(algorithm, args))
        {
            throw new NotSupportedException($"Ed25519CryptoProvider does not support '{algorithm}' with this key.");
        }

        var key = (Ed25519SecurityKey)args[0];
        var willCreateSignatures = args.Length > 1 && args[1] is true;
        if (willCreateSignatures && key.PrivateKeyStatus != PrivateKeyStatus.Exists)
        {
            throw new InvalidOperationException("Signing with EdDSA needs an Ed25519 key with its private part.");
        }

        return new Ed25519SignatureProvider(key, algorithm, willCreateSignatures);
    }

    public void Release(object cryptoInstance)
    {
        if (cryptoInstance is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
