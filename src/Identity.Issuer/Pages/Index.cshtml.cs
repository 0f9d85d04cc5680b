namespace Identity.Issuer.Pages;

/// <summary>The landing page.</summary>
public sealed class IndexModel : CitizenPageModel
{
    /// <summary>Shows the page.</summary>
    public void OnGet()
    {
    }
}
