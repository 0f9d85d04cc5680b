using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Pages.Connect;

/// <summary>
/// Remembers, for one authorization request, which login session it found when it sent the citizen to the login page for a new
/// login (prompt=login, max_age: OpenID Connect Core §3.1.2.1). The request comes back to the authorization endpoint with the same
/// parameters after the login, so without this it would ask again forever; with it, only a session from another login (each login
/// gets a random id) lets the request go on. The note lives in TempData (a cookie protected by ASP.NET Core Data Protection, so it
/// cannot be forged) and names the request by a hash of its parameters (for a pushed request, its request_uri), so a login made for
/// one request never satisfies another.
/// </summary>
internal static class FreshLogin
{
    private const string Key = "fresh_login";

    /// <summary>Notes that this request asked for a new login while the session was <paramref name="loginId"/> (null: none).</summary>
    public static void Require(ITempDataDictionary tempData, IReadOnlyList<KeyValuePair<string, string>> parameters, string? loginId)
        => tempData[Key] = RequestId(parameters) + " " + (loginId ?? "-");

    /// <summary>True when this same request asked for a new login and the session is now from another login.</summary>
    public static bool IsSatisfied(ITempDataDictionary tempData, IReadOnlyList<KeyValuePair<string, string>> parameters, string? loginId)
        => loginId is not null
            && tempData.Peek(Key) is string note
            && note.Split(' ') is [var request, var before]
            && string.Equals(request, RequestId(parameters), StringComparison.Ordinal)
            && !string.Equals(before, loginId, StringComparison.Ordinal);

    /// <summary>Drops the note once the request is answered.</summary>
    public static void Forget(ITempDataDictionary tempData) => tempData.Remove(Key);

    private static string RequestId(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append('=').Append(value).Append('\n');
        }

        return Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
