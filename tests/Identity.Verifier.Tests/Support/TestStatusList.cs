using System.Buffers.Text;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Verifier.Tests.Support;

/// <summary>Builds status list tokens (draft-ietf-oauth-status-list §4, §5) for tests.</summary>
internal static class TestStatusList
{
    public static string Lst(byte[] statuses, int bits)
    {
        var perByte = 8 / bits;
        var packed = new byte[(statuses.Length + perByte - 1) / perByte];
        for (var i = 0; i < statuses.Length; i++)
        {
            packed[i / perByte] |= (byte)(statuses[i] << (i % perByte * bits));
        }

        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
        {
            zlib.Write(packed);
        }

        return Base64Url.EncodeToString(output.ToArray());
    }

    public static string Token(string issuer, Uri uri, byte[] statuses, SecurityKey key, DateTimeOffset iat, int? ttl = null, DateTimeOffset? exp = null, int bits = 2, string typ = "statuslist+jwt")
    {
        var payload = new JsonObject
        {
            ["iss"] = issuer,
            ["sub"] = uri.AbsoluteUri,
            ["iat"] = iat.ToUnixTimeSeconds(),
            ["status_list"] = new JsonObject { ["bits"] = bits, ["lst"] = Lst(statuses, bits) },
        };
        if (ttl is not null)
        {
            payload["ttl"] = ttl;
        }

        if (exp is not null)
        {
            payload["exp"] = exp.Value.ToUnixTimeSeconds();
        }

        return Jws.Sign(new JsonObject { ["alg"] = Jws.AlgOf(key), ["typ"] = typ }, payload, key, Jws.AlgOf(key));
    }
}
