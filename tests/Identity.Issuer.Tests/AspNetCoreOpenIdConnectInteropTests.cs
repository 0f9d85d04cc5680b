using System.Net;
using System.Text;
using System.Text.Json;
using Identity.Issuer.Oidc;
using Identity.Issuer.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Identity.Issuer.Tests;

/// <summary>
/// Interoperability with an independent client: ASP.NET Core's OpenID Connect handler, in a relying-party host on its own test server,
/// discovers the issuer, pushes its request (PAR), uses PKCE, and completes the login through the issuer's pages.
/// </summary>
public sealed class AspNetCoreOpenIdConnectInteropTests
{
    /// <summary>
    /// The handler sends client_secret in the body (client_secret_post), which this issuer refuses; like any client registered for
    /// client_secret_basic, the RP moves it to the Authorization header (RFC 6749 §2.3.1).
    /// </summary>
    private sealed class ClientSecretBasicHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is FormUrlEncodedContent content)
            {
                var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(await content.ReadAsStringAsync(cancellationToken))
                    .ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
                if (form.Remove("client_secret", out var secret) && form.TryGetValue("client_id", out var clientId))
                {
                    request.Headers.Authorization = OidcFlow.Basic(clientId, secret);
                    request.Content = new FormUrlEncodedContent(form);
                }
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    private static async Task<WebApplication> StartRelyingPartyAsync(IssuerServer issuer, List<string> parRequests)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie()
            .AddOpenIdConnect(options =>
            {
                options.Authority = "http://localhost/";
                options.RequireHttpsMetadata = false;
                options.BackchannelHttpHandler = new ClientSecretBasicHandler(issuer.CreateHandler());
                options.ClientId = DemoClients.DemoRpId;
                options.ClientSecret = DemoClients.DemoRpSecret;
                options.ResponseType = "code";
                options.UsePkce = true;
                options.PushedAuthorizationBehavior = PushedAuthorizationBehavior.Require;
                options.Scope.Clear();
                options.Scope.Add("openid");
                options.Scope.Add("profile");
                options.MapInboundClaims = false;
                options.ClaimActions.Remove("acr"); // the handler drops acr by default; this RP wants the assurance level
                options.SaveTokens = true;
                // Plain http on loopback in this test only.
                options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.NonceCookie.SameSite = SameSiteMode.Lax;
                options.Events.OnPushAuthorization = context =>
                {
                    parRequests.Add(context.ProtocolMessage.ClientId);
                    return Task.CompletedTask;
                };
            });
        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/protected", async context =>
        {
            if (context.User.Identity?.IsAuthenticated != true)
            {
                await context.ChallengeAsync();
                return;
            }

            await context.Response.WriteAsJsonAsync(new
            {
                sub = context.User.FindFirst("sub")?.Value,
                acr = context.User.FindFirst("acr")?.Value,
                given_name = context.User.FindFirst("given_name")?.Value,
            });
        });
        await app.StartAsync();
        app.GetTestServer().BaseAddress = new Uri("http://localhost:5090/");
        return app;
    }

    /// <summary>A browser runs the form_post page's script only if the CSP allows it; it must do so by hash, not unsafe-inline.</summary>
    private static void AssertInlineScriptAllowedByCsp(AuthorizeResult result)
    {
        var start = result.Body.IndexOf("<script>", StringComparison.Ordinal) + "<script>".Length;
        var script = result.Body[start..result.Body.IndexOf("</script>", start, StringComparison.Ordinal)];
        var hash = "'sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(script))) + "'";
        var csp = string.Join(";", result.Response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains(hash, csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AspNetCore_OpenIdConnect_handler_signs_in_with_PAR_and_PKCE()
    {
        await using var issuer = await IssuerServer.CreateServerAsync();
        var parRequests = new List<string>();
        await using var rp = await StartRelyingPartyAsync(issuer, parRequests);
        using var rpBrowser = new HttpClient(new CookieContainerHandler { InnerHandler = rp.GetTestServer().CreateHandler() }) { BaseAddress = new Uri("http://localhost:5090/") };
        using var issuerBrowser = issuer.CreateClient();

        // 1. The RP challenges: a redirect to the authorization endpoint carrying only client_id and request_uri (PAR).
        var challenge = await rpBrowser.GetAsync("/protected");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.Equal("/connect/authorize", authorize.AbsolutePath);
        Assert.Contains("request_uri=", authorize.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("code_challenge", authorize.Query, StringComparison.Ordinal);
        Assert.Equal([DemoClients.DemoRpId], parRequests);

        // 2. The citizen logs in and consents at the issuer.
        var result = await OidcFlow.AuthorizeAsync(issuerBrowser, authorize.PathAndQuery);
        // The handler asks for response_mode=form_post: the issuer answers with an auto-submitted form (code, state, iss).
        Assert.Equal(HttpStatusCode.OK, result.Response.StatusCode);
        Assert.Contains("action=\"http://localhost:5090/signin-oidc\"", result.Body, StringComparison.Ordinal);
        var form = OidcFlow.HiddenFields(result.Body);
        Assert.Equal("http://localhost/", form["iss"]);
        AssertInlineScriptAllowedByCsp(result);

        // 3. Back at the RP: the handler redeems the code (with the PKCE verifier) and validates the ES256 ID token.
        var callback = await rpBrowser.PostAsync("/signin-oidc", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var protectedPage = await rpBrowser.GetAsync(callback.Headers.Location!.OriginalString);
        var user = JsonDocument.Parse(await protectedPage.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, protectedPage.StatusCode);
        Assert.Equal(43, user.GetProperty("sub").GetString()!.Length);
        Assert.Equal(AssuranceLevels.Level3, user.GetProperty("acr").GetString());
        Assert.Equal("Marie", user.GetProperty("given_name").GetString());
    }
}
