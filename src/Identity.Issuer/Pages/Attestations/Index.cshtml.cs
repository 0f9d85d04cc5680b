using System.Globalization;
using Identity.Issuer.Admin;
using Identity.Issuer.Attestations;
using Identity.Issuer.Data;
using Identity.Issuer.Localization;
using Identity.Issuer.Oid4Vci;
using Identity.Issuer.StatusLists;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using QRCoder;

namespace Identity.Issuer.Pages.Attestations;

/// <summary>
/// "Mes attestations": ask for an identity attestation (an OpenID4VCI credential offer shown as a QR code and a link, with the
/// transaction code apart, OpenID4VCI 1.0 §4.1.1), list the citizen's credentials and revoke one through the same audited path
/// as the admin API.
/// </summary>
[Authorize]
public sealed class IndexModel : CitizenPageModel
{
    /// <summary>The citizen's credentials, newest first.</summary>
    internal IReadOnlyList<IssuedCredential> Credentials { get; private set; } = [];

    /// <summary>The offer just created, if any.</summary>
    internal CredentialOfferResult? Offer { get; private set; }

    /// <summary>The offer link as a PNG QR code data URI (the CSP allows data: images).</summary>
    public string? OfferQrDataUri { get; private set; }

    /// <summary>True when no offer factory is registered (issuance not deployed).</summary>
    public bool OfferUnavailable { get; private set; }

    /// <summary>A result message key (after a revoke).</summary>
    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    /// <summary>An error code to show.</summary>
    [BindProperty(SupportsGet = true, Name = "error")]
    public string? ErrorCode { get; set; }

    /// <summary>The text of <paramref name="key"/> on this page.</summary>
    public string A(string key) => AttestationText.Get(key, Lang);

    /// <summary>
    /// A date and time in the page language and the citizen's time zone (<c>Issuer:TimeZone</c>), as people write them:
    /// « 2 décembre 2026 à 1 h 05 » (OQLF: no-break spaces inside), "December 2, 2026 at 1:05 AM".
    /// </summary>
    public string Date(DateTimeOffset value)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.IssuerOptions>>().Value.TimeZone);
        var local = TimeZoneInfo.ConvertTime(value, zone);
        return Lang == UiLanguage.English
            ? local.ToString("MMMM d, yyyy 'at' h:mm tt", CultureInfo.GetCultureInfo("en-CA"))
            : local.ToString("d\u00A0MMMM\u00A0yyyy 'à' H\u00A0'h'\u00A0mm", CultureInfo.GetCultureInfo("fr-CA"));
    }

    /// <summary>The credential the citizen asked to revoke, shown for confirmation before anything changes.</summary>
    internal IssuedCredential? ToConfirm { get; private set; }

    /// <summary>Shows the page, with the offer just made (once: a reload shows none and mints none).</summary>
    public async Task OnGetAsync()
    {
        if (TempData[OfferKey] is string saved && System.Text.Json.JsonSerializer.Deserialize<CredentialOfferResult>(saved) is { } offer)
        {
            ShowOffer(offer);
        }

        await LoadAsync();
    }

    /// <summary>Creates a credential offer, then redirects (post/redirect/get): reloading the page never mints another one.</summary>
    public async Task<IActionResult> OnPostOfferAsync()
    {
        var factory = HttpContext.RequestServices.GetService<ICredentialOfferFactory>();
        if (factory is null)
        {
            OfferUnavailable = true;
            await LoadAsync();
            return Page();
        }

        // The offer rides to the next GET in the data-protected TempData cookie (HttpOnly), read once.
        var offer = await factory.CreateAsync(CitizenId, HttpContext.RequestAborted);
        TempData[OfferKey] = System.Text.Json.JsonSerializer.Serialize(offer);
        return RedirectToPage();
    }

    /// <summary>First step of a revocation: shows what will be revoked and asks the citizen to confirm. Changes nothing.</summary>
    public async Task<IActionResult> OnPostConfirmRevokeAsync(string? id)
    {
        await LoadAsync();
        ToConfirm = Credentials.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal) && c.Status != Identity.Tokens.StatusList.StatusTypes.Invalid);
        return ToConfirm is null ? RedirectToPage(new { error = StatusErrorCodes.CredentialNotFound }) : Page();
    }

    /// <summary>Revokes one of the citizen's own credentials, once confirmed (the same service and audit as the admin API).</summary>
    public async Task<IActionResult> OnPostRevokeAsync(string? id)
    {
        var service = HttpContext.RequestServices.GetRequiredService<CredentialStatusService>();
        var result = await service.ChangeAsync(id ?? string.Empty, StatusAction.Revoke, AuditActor.Citizen(CitizenId), ownerCitizenId: CitizenId, HttpContext.RequestAborted);
        // Post/redirect/get: a reload does not post again.
        return result.Succeeded ? RedirectToPage(new { done = "revoked" }) : RedirectToPage(new { error = result.Code });
    }

    /// <summary>The text of a credential's status.</summary>
    public string StatusText(byte status) => A("status." + CredentialStatusService.StatusName(status));

    private const string OfferKey = "attestations.offer";

    private void ShowOffer(CredentialOfferResult offer)
    {
        Offer = offer;
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(offer.OfferUri, QRCodeGenerator.ECCLevel.M);
        OfferQrDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6));
    }

    private string CitizenId => User.FindFirst(LoginModel.CitizenIdClaim)?.Value
        ?? throw new InvalidOperationException("The citizen session has no citizen id.");

    private async Task LoadAsync()
    {
        var citizenId = CitizenId;
        var db = HttpContext.RequestServices.GetRequiredService<IssuerDbContext>();
        var credentials = await db.Set<IssuedCredential>().AsNoTracking().Where(c => c.CitizenId == citizenId).ToListAsync(HttpContext.RequestAborted);
        // Ordered here: SQLite cannot order by DateTimeOffset.
        Credentials = credentials.OrderByDescending(c => c.IssuedAt).ToList();
    }
}
