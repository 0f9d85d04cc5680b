using System.Text.Json;

namespace Identity.Verifier.Oid4Vp;

/// <summary>Reads back the subset of DCQL this SDK writes (string claim paths, <c>dc+sd-jwt</c>, <c>meta.vct_values</c>).</summary>
internal static class DcqlParser
{
    public static DcqlQuery? Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("credentials", out var credentials) || credentials.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var query = new DcqlQuery();
        foreach (var entry in credentials.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || entry.GetProperty("id").GetString() is not { } id)
            {
                return null;
            }

            var credential = new DcqlCredentialQuery(id);
            foreach (var vct in entry.GetProperty("meta").GetProperty("vct_values").EnumerateArray())
            {
                credential.VctValues.Add(vct.GetString()!);
            }

            if (entry.TryGetProperty("claims", out var claims))
            {
                foreach (var claim in claims.EnumerateArray())
                {
                    credential.Claims.Add([.. claim.GetProperty("path").EnumerateArray().Select(p => p.GetString()!)]);
                }
            }

            query.Credentials.Add(credential);
        }

        return query.Validate().Count == 0 ? query : null;
    }
}
