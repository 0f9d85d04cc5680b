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

    /// <summary>A date in the page language.</summary>
    public string Date(DateTimeOffset value) => value.ToOffset(TimeSpan.Zero).ToString(Lang == UiLanguage.English ? "MMMM d, yyyy HH:mm 'UTC'" : "d\u00A0MMMM\u00A0yyyy, HH\u00A0'h'\u00A0mm\u00A0'UTC'", CultureInfo.GetCultureInfo(Lang));

    /// <summary>Shows the page.</summary>
    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>Creates a credential offer and shows it.</summary>
    public async Task<IActionResult> OnPostOfferAsync()
    {
        var factory = HttpContext.RequestServices.GetService<ICredentialOfferFactory>();
        if (factory is null)
        {
            OfferUnavailable = true;
        }
        else
        {
            Offer = await factory.CreateAsync(CitizenId, HttpContext.RequestAborted);
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(Offer.OfferUri, QRCodeGenerator.ECCLevel.M);
            var png = new PngByteQRCode(data).GetGraphic(6);
            OfferQrDataUri = "data:image/png;base64," + Convert.ToBase64String(png);
        }

        await LoadAsync();
        return Page();
    }

    /// <summary>Revokes one of the citizen's own credentials (the same service and audit as the admin API).</summary>
    public async Task<IActionResult> OnPostRevokeAsync(string? id)
    {
        var service = HttpContext.RequestServices.GetRequiredService<CredentialStatusService>();
        var result = await service.ChangeAsync(id ?? string.Empty, StatusAction.Revoke, AuditActor.Citizen(CitizenId), ownerCitizenId: CitizenId, HttpContext.RequestAborted);
        // Post/redirect/get: a reload does not post again.
        return result.Succeeded ? RedirectToPage(new { done = "revoked" }) : RedirectToPage(new { error = result.Code });
    }

    /// <summary>The text of a credential's status.</summary>
    public string StatusText(byte status) => A("status." + CredentialStatusService.StatusName(status));

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
