using System.Collections.Concurrent;
using System.Net;
using Identity.Verifier;
using Identity.Verifier.AspNetCore;
using Identity.Verifier.Oid4Vp;

// A minimal relying party: one page asks for proof of age (only age_over_18), the wallet answers by direct_post,
// the page polls for the verified result. French first, English second. `dotnet run --project samples/RelyingParty`
// listens on http://localhost:5095 and, in Development, trusts the README's issuer on http://localhost:5080.
var builder = WebApplication.CreateBuilder(args);
var settings = builder.Configuration.GetSection("RelyingParty");
var vct = settings["Vct"] is { Length: > 0 } configuredVct ? configuredVct
    : throw new InvalidOperationException("Set RelyingParty:Vct to the credential type to ask for (e.g. https://issuer.example/credentials/identity); Development uses the README's issuer.");
var results = new ConcurrentDictionary<string, AgeResult>(StringComparer.Ordinal);

builder.Services.AddAttestationVerifier(options =>
{
    if (settings["TrustedIssuer"] is { Length: > 0 } issuer)
    {
        options.Verifier.TrustedIssuers.Add(new TrustedIssuer(issuer));
    }

    options.Verifier.AllowLoopbackHttp = settings.GetValue<bool>("AllowLoopbackHttp");
    options.OpenId4Vp.ResponseUri = Uri.TryCreate(settings["ResponseUri"], UriKind.Absolute, out var responseUri) ? responseUri : null;

    // Keep only what this service needs (a yes/no), never the presentation.
    options.OnResponse = (_, response) =>
    {
        if (response.Request?.State is { } state)
        {
            results[state] = response.IsValid
                ? new AgeResult("valid", response.Credentials.Values.First().Claims!.TryGetValue("age_over_18", out var adult) && adult.ValueKind == System.Text.Json.JsonValueKind.True, null)
                : new AgeResult("refused", null, response.Error.Code);
        }

        return ValueTask.FromResult<Uri?>(null);
    };
});

var app = builder.Build();
app.MapAttestationResponse("/vp/response");

app.MapGet("/", () => Results.Content(Page.Home(), "text/html; charset=utf-8"));

app.MapPost("/start", async (OpenId4VpVerifier oid4vp, CancellationToken cancellationToken) =>
{
    var request = await oid4vp.CreateRequestAsync(DcqlQuery.ForClaims("age", vct, "age_over_18"), cancellationToken);
    return Results.Content(Page.Waiting(request.ToAuthorizationUrl(), request.State), "text/html; charset=utf-8");
}).DisableAntiforgery();

app.MapGet("/result/{state}", (string state) =>
    Results.Json(results.TryGetValue(state, out var result) ? result : new AgeResult("pending", null, null)));

app.Run();

internal sealed record AgeResult(string Status, bool? AgeOver18, string? Code);

internal static class Page
{
    public static string Home() => Layout("""
        <h1>Vérification de l’âge <small lang="en">/ Age verification</small></h1>
        <p>Ce service vérifie seulement que vous avez 18&nbsp;ans ou plus. Aucune autre donnée n’est demandée.</p>
        <p lang="en">This service only checks that you are 18 or older. Nothing else is requested.</p>
        <form method="post" action="/start"><button type="submit">Prouver mon âge <span lang="en">/ Prove my age</span></button></form>
        """);

    public static string Waiting(string walletLink, string state)
    {
        var link = WebUtility.HtmlEncode(walletLink);
        var encodedState = WebUtility.HtmlEncode(Uri.EscapeDataString(state));
        return Layout($$"""
            <h1>Ouvrez votre portefeuille <small lang="en">/ Open your wallet</small></h1>
            <p>Balayez ce code avec votre portefeuille <span lang="en">/ Scan this code with your wallet</span>&nbsp;:</p>
            <p><img id="request-qr" src="{{QrCode(walletLink)}}" width="280" height="280"
                    alt="Code QR de la demande de preuve d’âge / QR code of the age proof request"></p>
            <p>Sur cet appareil <span lang="en">/ On this device</span>&nbsp;:
               <a id="wallet-link" href="{{link}}">Ouvrir le portefeuille numérique <span lang="en">/ Open the digital wallet</span></a></p>
            <p>Lien à copier <span lang="en">/ Link to copy</span> (<code>identity wallet present</code>)&nbsp;:</p>
            <p><textarea id="request-link" readonly rows="4" cols="60" aria-label="Lien de la demande / Request link">{{link}}</textarea></p>
            <p id="status" role="status" aria-live="polite">En attente de la réponse… <span lang="en">Waiting for the answer…</span></p>
            <script>
              const poll = async () => {
                const r = await (await fetch('/result/{{encodedState}}')).json();
                const el = document.getElementById('status');
                if (r.status === 'valid') el.textContent = r.ageOver18 ? '18\u00A0ans ou plus\u00A0: confirmé / 18 or older: confirmed' : 'Moins de 18 ans / Under 18';
                else if (r.status === 'refused') el.textContent = 'Présentation refusée / Presentation refused: ' + r.code + ' (docs/errors.md)';
                else setTimeout(poll, 2000);
              };
              poll();
            </script>
            """);
    }

    /// <summary>The request link as a PNG QR code in a data: URL (QRCoder, error correction M).</summary>
    private static string QrCode(string text)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCoder.QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new QRCoder.PngByteQRCode(data).GetGraphic(4));
    }

    private static string Layout(string body) => $$"""
        <!doctype html>
        <html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Vérification de l'âge</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto;">{{body}}</body></html>
        """;
}

/// <summary>Exposed for the end-to-end test (WebApplicationFactory).</summary>
public partial class Program;
