using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Identity.Issuer.Citizens;
using Identity.Issuer.Hosting;
using Identity.Issuer.Login;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Pages;

/// <summary>
/// The login form. Failures are counted per account name and per address; every refusal (unknown account, wrong password) shows
/// the same message with the same status, and a lock applies to unknown names too, so nothing reveals whether an account exists.
/// </summary>
public sealed class LoginModel(ICitizenDirectory directory, TimeProvider timeProvider, ILogger<LoginModel> logger) : CitizenPageModel
{
    /// <summary>Claim type holding the internal citizen id in the session cookie (never in a token).</summary>
    public const string CitizenIdClaim = "citizen";

    /// <summary>Claim type holding the login time (Unix seconds) in the session cookie.</summary>
    public const string AuthTimeClaim = "auth_time";

    /// <summary>Claim type holding a random id of this login in the session cookie: a new login is told apart from the one before.</summary>
    public const string LoginIdClaim = "login";

    /// <summary>The page to return to after login (local URLs only).</summary>
    [BindProperty]
    public string? ReturnUrl { get; set; }

    /// <summary>The login name.</summary>
    [BindProperty]
    public string? Username { get; set; }

    /// <summary>The password (never echoed, never logged).</summary>
    [BindProperty]
    public string? Password { get; set; }

    /// <summary>The text key of the error shown, if any.</summary>
    public string? ErrorKey { get; private set; }

    /// <summary>Shows the form.</summary>
    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    /// <summary>Checks the credentials.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var throttle = HttpContext.RequestServices.GetRequiredService<LoginThrottle>();
        if (string.IsNullOrWhiteSpace(Username) || string.IsNullOrEmpty(Password) || Username.Length > 128 || Password.Length > 256)
        {
            ErrorKey = "login.missing";
            return Page();
        }

        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (await throttle.IsLockedAsync(Username, address, cancellationToken))
        {
            logger.LogWarning("Login refused: too many failures for this account name or address");
            ErrorKey = "login.locked";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        Citizen? citizen;
        try
        {
            citizen = await directory.VerifyPasswordAsync(Username, Password, cancellationToken);
        }
        catch (CitizenDirectoryUnavailableException exception)
        {
            // Not a failed attempt: nothing is counted against the citizen while the registry is down.
            logger.LogError(exception, "Login could not be checked: the citizen directory is unavailable");
            ErrorKey = "login.unavailable";
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = "30";
            return Page();
        }

        if (citizen is null)
        {
            await throttle.RecordFailureAsync(Username, address, cancellationToken);
            logger.LogInformation("Login failed");
            ErrorKey = "login.invalid";
            return Page();
        }

        await throttle.RecordSuccessAsync(Username, cancellationToken);
        var identity = new ClaimsIdentity(
            [
                new Claim(CitizenIdClaim, citizen.Id),
                new Claim(AuthTimeClaim, timeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
                new Claim(LoginIdClaim, Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16))),
            ],
            IssuerServiceCollectionExtensions.CitizenScheme);
        await HttpContext.SignInAsync(IssuerServiceCollectionExtensions.CitizenScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
