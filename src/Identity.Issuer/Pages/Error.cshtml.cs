using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Mvc;

namespace Identity.Issuer.Pages;

/// <summary>
/// Error page: protocol errors that cannot be returned to the client (unknown client, bad redirect_uri: RFC 6749 §4.1.2.1) and
/// HTTP errors. Shows the standard error code; descriptions never contain personal data.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : CitizenPageModel
{
    /// <summary>The OAuth error code, when any.</summary>
    public string? Error { get; private set; }

    /// <summary>
    /// The text key of the plain-language explanation of <see cref="Error"/>, in the citizen's language. OpenIddict's own
    /// <c>error_description</c> is English developer text: it is logged and returned to clients, never shown on this page.
    /// </summary>
    public string ExplanationKey => Error is not null && Localization.UiText.Has("error.explain." + Error) ? "error.explain." + Error : "error.explain.other";

    /// <summary>Shows the error.</summary>
    public void OnGet() => Read();

    /// <summary>Shows the error of a POST request (status pages re-execute with the original method).</summary>
    public void OnPost() => Read();

    private void Read()
    {
        var response = HttpContext.GetOpenIddictServerResponse();
        Error = response?.Error;
    }
}
