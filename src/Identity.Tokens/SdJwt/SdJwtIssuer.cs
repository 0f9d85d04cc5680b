using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.SdJwt;

/// <summary>How the digests of an <c>_sd</c> array are ordered so that they do not reveal the claims' order (RFC 9901 §4.2.4.1).</summary>
public enum SdDigestOrder
{
    /// <summary>Random order (Fisher-Yates with <see cref="RandomNumberGenerator"/>).</summary>
    Shuffled,

    /// <summary>Sorted by ordinal value.</summary>
    Sorted,
}

/// <summary>Issuance options for <see cref="SdJwtIssuer"/>.</summary>
public sealed class SdJwtIssuanceOptions
{
    /// <summary>Decoy digests added to every <c>_sd</c> array (RFC 9901 §4.2.5). Default 2. 0 to 64.</summary>
    public int DecoyDigestsPerObject { get; init; } = 2;

    /// <summary>Order of the digests in each <c>_sd</c> array. Default <see cref="SdDigestOrder.Shuffled"/>.</summary>
    public SdDigestOrder DigestOrder { get; init; } = SdDigestOrder.Shuffled;
}

/// <summary>
/// Issues SD-JWTs (RFC 9901 §4, §5.1): makes the claims at the given paths selectively disclosable, adds decoy digests,
/// signs the Issuer-signed JWT with the key's signature provider and returns <c>&lt;JWT&gt;~&lt;D1&gt;~...~&lt;DN&gt;~</c>.
/// </summary>
/// <example>
/// <code>
/// var sdJwt = SdJwtIssuer.Issue(claims, [ClaimPath.Of("given_name"), ClaimPath.Of("address"), ClaimPath.Of("address", "locality")],
///     new SigningCredentials(issuerKey, JoseAlgorithms.ES256), "example+sd-jwt");
/// </code>
/// A path that is a prefix of another one gives a recursive Disclosure (§4.2.6): <c>address</c> is disclosable and so is <c>locality</c> inside it.
/// </example>
public static class SdJwtIssuer
{
    /// <summary>Builds and signs an SD-JWT. Throws <see cref="ArgumentException"/> on misconfiguration (unknown path, reserved claim name, unsupported algorithm).</summary>
    /// <param name="claims">The JWT Claims Set; not modified.</param>
    /// <param name="selectivelyDisclosable">Paths of object properties or array elements (indexes in <paramref name="claims"/>) to make disclosable.</param>
    /// <param name="credentials">Issuer signing key; its algorithm must be one of <see cref="JoseAlgorithms.Supported"/>.</param>
    /// <param name="type">The <c>typ</c> header (explicit typing, §9.11), for example <c>dc+sd-jwt</c>.</param>
    /// <param name="options">Decoys and digest order.</param>
    public static string Issue(JsonObject claims, IEnumerable<ClaimPath> selectivelyDisclosable, SigningCredentials credentials, string type, SdJwtIssuanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(selectivelyDisclosable);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        options ??= new SdJwtIssuanceOptions();
        if (!JoseAlgorithms.IsSupported(credentials.Algorithm))
        {
            throw new ArgumentException($"Signing algorithm '{credentials.Algorithm}' is not supported; use one of {string.Join(", ", JoseAlgorithms.Supported)}.", nameof(credentials));
        }

        if (options.DecoyDigestsPerObject is < 0 or > 64)
        {
            throw new ArgumentException("DecoyDigestsPerObject must be between 0 and 64.", nameof(options));
        }

        var paths = new HashSet<ClaimPath>(selectivelyDisclosable);
        if (paths.Contains(ClaimPath.Root))
        {
            throw new ArgumentException("The payload itself cannot be selectively disclosable.", nameof(selectivelyDisclosable));
        }

        if (claims.ContainsKey(DisclosureProcessor.SdAlgKey))
        {
            throw new ArgumentException("The claims must not contain _sd_alg; the issuer adds it.", nameof(claims));
        }

        var payload = (JsonObject)claims.DeepClone();
        var builder = new Builder(paths, options);
        builder.Visit(payload, ClaimPath.Root);
        if (builder.Matched != paths.Count)
        {
            var missing = paths.First(p => !builder.MatchedPaths.Contains(p));
            throw new ArgumentException($"The selectively disclosable path {missing} does not exist in the claims.", nameof(selectivelyDisclosable));
        }

        payload[DisclosureProcessor.SdAlgKey] = SdJwtEncoding.Sha256;
        var jwt = CompactJwsWriter.Sign(JsonSerializer.SerializeToUtf8Bytes(payload), credentials, type);
        var sdJwt = new StringBuilder(jwt.Length + 1 + builder.Disclosures.Sum(d => d.Encoded.Length + 1));
        sdJwt.Append(jwt).Append('~');
        foreach (var disclosure in builder.Disclosures)
        {
            sdJwt.Append(disclosure.Encoded).Append('~');
        }

        return sdJwt.ToString();
    }

    private sealed class Builder(HashSet<ClaimPath> paths, SdJwtIssuanceOptions options)
    {
        public List<Disclosure> Disclosures { get; } = [];

        public HashSet<ClaimPath> MatchedPaths { get; } = [];

        public int Matched => MatchedPaths.Count;

        public void Visit(JsonNode? node, ClaimPath path)
        {
            switch (node)
            {
                case JsonObject obj:
                    VisitObject(obj, path);
                    break;
                case JsonArray array:
                    VisitArray(array, path);
                    break;
            }
        }

        /// <summary>Randomness for the salts and decoys of this SD-JWT, drawn in blocks (one RandomNumberGenerator call per block, not per salt).</summary>
        private readonly RandomBlock _random = new();

        private void VisitObject(JsonObject obj, ClaimPath path)
        {
            if (obj.ContainsKey(DisclosureProcessor.SdKey) || obj.ContainsKey(DisclosureProcessor.EllipsisKey))
            {
                throw new ArgumentException($"The claims at {path} use the reserved name _sd or ... (RFC 9901 §4.1).");
            }

            // Sub-claims first, so that a disclosable object carries its own digests (recursive Disclosures, §4.2.6).
            foreach (var (name, value) in obj.ToArray())
            {
                Visit(value, path.Property(name));
            }

            List<string>? digests = null;
            foreach (var (name, value) in obj.ToArray())
            {
                var claimPath = path.Property(name);
                if (!paths.Contains(claimPath))
                {
                    continue;
                }

                var disclosure = Disclosure.Create(name, value, _random.Take(SdJwtEncoding.SaltBytes));
                Disclosures.Add(disclosure);
                MatchedPaths.Add(claimPath);
                obj.Remove(name);
                (digests ??= []).Add(disclosure.Digest);
            }

            if (digests is null)
            {
                return;
            }

            for (var i = 0; i < options.DecoyDigestsPerObject; i++)
            {
                digests.Add(SdJwtEncoding.DecoyDigest(_random.Take(SdJwtEncoding.DecoyRandomBytes)));
            }

            if (options.DigestOrder == SdDigestOrder.Sorted)
            {
                digests.Sort(StringComparer.Ordinal);
            }
            else
            {
                RandomNumberGenerator.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(digests));
            }

            obj[DisclosureProcessor.SdKey] = new JsonArray([.. digests.Select(d => (JsonNode)JsonValue.Create(d))]);
        }

        private void VisitArray(JsonArray array, ClaimPath path)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Visit(array[i], path.Element(i));
            }

            for (var i = 0; i < array.Count; i++)
            {
                var elementPath = path.Element(i);
                if (!paths.Contains(elementPath))
                {
                    continue;
                }

                var disclosure = Disclosure.Create(null, array[i], _random.Take(SdJwtEncoding.SaltBytes));
                Disclosures.Add(disclosure);
                MatchedPaths.Add(elementPath);
                array[i] = new JsonObject { [DisclosureProcessor.EllipsisKey] = disclosure.Digest };
            }
        }
    }

    /// <summary>Cryptographically secure random bytes handed out in slices of a block refilled by <see cref="RandomNumberGenerator"/>.</summary>
    private sealed class RandomBlock
    {
        private readonly byte[] _block = new byte[512];
        private int _used = int.MaxValue;

        public ReadOnlySpan<byte> Take(int count)
        {
            if (_used > _block.Length - count)
            {
                RandomNumberGenerator.Fill(_block);
                _used = 0;
            }

            var slice = _block.AsSpan(_used, count);
            _used += count;
            return slice;
        }
    }
}
