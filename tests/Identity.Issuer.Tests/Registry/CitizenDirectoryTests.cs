using System.Net;
using System.Text;
using System.Text.Json;
using Identity.Issuer.Citizens;
using Identity.Issuer.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Identity.Issuer.Tests.Registry;

/// <summary>
/// Where citizens come from: the synthetic citizens exist only in Development or demo mode; production needs the registry, which
/// is reached over real HTTP and read strictly.
/// </summary>
public sealed class CitizenDirectoryTests
{
    private static async Task<Exception> StartupFailureAsync(Action<IssuerServerOptions> configure)
        => await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var server = await IssuerServer.CreateServerAsync(configure);
        });

    private static void UseRegistry(IssuerServerOptions options, FakeCitizenRegistry registry)
    {
        options.Settings["Citizens:Registry:BaseUri"] = registry.BaseUri.AbsoluteUri;
        options.Settings["Citizens:Registry:AccessToken"] = FakeCitizenRegistry.Token;
    }

    [Fact]
    public async Task Production_without_a_citizen_directory_refuses_to_start_and_names_the_fix()
    {
        var exception = await StartupFailureAsync(options =>
        {
            options.Environment = "Production";
            options.Settings["Issuer:IssuerUri"] = "https://id.example/";
        });

        Assert.Contains("Citizens:Registry:BaseUri", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_mode_is_refused_outside_development_with_a_public_issuer()
    {
        var exception = await StartupFailureAsync(options =>
        {
            options.Environment = "Production";
            options.Settings["Issuer:IssuerUri"] = "https://id.example/";
            options.Settings["Issuer:SeedDemoData"] = "true";
        });

        var validation = Assert.IsType<OptionsValidationException>(exception as OptionsValidationException ?? exception.InnerException);
        Assert.Contains("Issuer:SeedDemoData=true", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowInsecureHttp_is_refused_for_a_public_http_issuer_outside_development()
    {
        var exception = await StartupFailureAsync(options =>
        {
            options.Environment = "Production";
            options.Settings["Issuer:IssuerUri"] = "http://id.example/";
            options.Settings["Issuer:AllowInsecureHttp"] = "true";
            options.Settings["Citizens:Registry:BaseUri"] = "https://registry.example/";
        });

        Assert.Contains("only on a loopback Issuer:IssuerUri", exception.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://registry.example/", "must use https")]
    [InlineData("https://user:pw@registry.example/", "without credentials")]
    [InlineData("registry", "absolute URL")]
    public async Task A_registry_url_that_is_not_https_or_not_absolute_is_refused_at_startup(string baseUri, string expected)
    {
        var exception = await StartupFailureAsync(options =>
        {
            options.Environment = "Production";
            options.Settings["Issuer:IssuerUri"] = "https://id.example/";
            options.Settings["Citizens:Registry:BaseUri"] = baseUri;
        });

        Assert.Contains(expected, exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_synthetic_citizens_cannot_sign_in_in_production()
    {
        await using var registry = await FakeCitizenRegistry.StartAsync();
        await using var server = await IssuerServer.CreateServerAsync(options =>
        {
            options.Environment = "Production";
            options.Settings["Issuer:IssuerUri"] = "https://id.example/";
            // The fake registry listens on loopback http.
            options.Settings["Issuer:AllowInsecureHttp"] = "true";
            UseRegistry(options, registry);
        });
        using var http = server.CreateClient();

        var demo = await OidcFlow.LoginAsync(http, "/login", OidcFlow.Citizen, SeededCitizenDirectory.DemoPassword);
        var real = await OidcFlow.LoginAsync(http, "/login", FakeCitizenRegistry.Username, FakeCitizenRegistry.Password);

        Assert.Equal(HttpStatusCode.OK, demo.StatusCode);
        Assert.Contains("id=\"login-error\"", await demo.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.IsType<HttpCitizenDirectory>(server.Services.GetService(typeof(ICitizenDirectory)));
    }

    [Fact]
    public async Task A_registry_citizen_signs_in_and_the_id_token_carries_the_registry_claims()
    {
        await using var registry = await FakeCitizenRegistry.StartAsync();
        await using var server = await IssuerServer.CreateServerAsync(options => UseRegistry(options, registry));
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();

        var pushed = await OidcFlow.PushAsync(http, request);
        var result = await OidcFlow.AuthorizeAsync(http, OidcFlow.AuthorizeUrl(request.ClientId, pushed.Get("request_uri")!),
            FakeCitizenRegistry.Username, password: FakeCitizenRegistry.Password);
        var tokens = await OidcFlow.RedeemAsync(http, request, result.Code!);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        var idToken = new JsonWebToken(tokens.Get("id_token"));
        Assert.Equal("Luc", idToken.GetClaim("given_name").Value);
        Assert.Equal("1979-06-30", idToken.GetClaim("birthdate").Value);
        Assert.Equal("urn:ca:pctf:loa:3", idToken.GetClaim("acr").Value);
        Assert.All(registry.Requests, r => Assert.Equal("Bearer " + FakeCitizenRegistry.Token, r.Authorization));
        Assert.Contains(registry.Requests, r => r is { Method: "POST", Path: "/v1/authenticate" });
        Assert.Contains(registry.Requests, r => r is { Method: "GET", Path: "/v1/citizens/" + FakeCitizenRegistry.CitizenId });
    }

    [Fact]
    public async Task A_registry_outage_answers_503_on_the_login_page_and_counts_no_failure()
    {
        await using var registry = await FakeCitizenRegistry.StartAsync();
        await using var server = await IssuerServer.CreateServerAsync(options => UseRegistry(options, registry));
        using var http = server.CreateClient();
        registry.Answer = context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        };

        for (var i = 0; i < 6; i++)
        {
            var refused = await OidcFlow.LoginAsync(http, "/login", FakeCitizenRegistry.Username, FakeCitizenRegistry.Password);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("30", refused.Headers.RetryAfter?.ToString());
            Assert.Contains("momentanément indisponible", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        registry.Answer = null;
        var login = await OidcFlow.LoginAsync(http, "/login", FakeCitizenRegistry.Username, FakeCitizenRegistry.Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
    }

    [Fact]
    public async Task A_registry_outage_after_login_answers_503_temporarily_unavailable_not_500()
    {
        await using var registry = await FakeCitizenRegistry.StartAsync();
        await using var server = await IssuerServer.CreateServerAsync(options => UseRegistry(options, registry));
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.Redirect, (await OidcFlow.LoginAsync(http, "/login", FakeCitizenRegistry.Username, FakeCitizenRegistry.Password)).StatusCode);
        var request = new AuthorizationRequest();
        var pushed = await OidcFlow.PushAsync(http, request);
        registry.Answer = context =>
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return Task.CompletedTask;
        };

        var response = await http.GetAsync(OidcFlow.AuthorizeUrl(request.ClientId, pushed.Get("request_uri")!));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("temporarily_unavailable", body.RootElement.GetProperty("error").GetString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_registry_that_refuses_our_credential_is_an_outage_not_a_wrong_password()
    {
        await using var registry = await FakeCitizenRegistry.StartAsync();
        await using var server = await IssuerServer.CreateServerAsync(options =>
        {
            UseRegistry(options, registry);
            options.Settings["Citizens:Registry:AccessToken"] = "a-wrong-token";
        });
        using var http = server.CreateClient();

        var refused = await OidcFlow.LoginAsync(http, "/login", FakeCitizenRegistry.Username, FakeCitizenRegistry.Password);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
    }

    [Theory]
    [InlineData("text/plain", 100)]
    [InlineData("application/json", HttpCitizenDirectory.MaxResponseBytes + 10)]
    public async Task An_answer_of_the_wrong_type_or_too_large_is_an_outage(string contentType, int size)
    {
        await using var registry = await FakeCitizenRegistry.StartAsync();
        await using var server = await IssuerServer.CreateServerAsync(options => UseRegistry(options, registry));
        registry.Answer = async context =>
        {
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync("{\"pad\":\"" + new string('a', size) + "\"}");
        };
        var directory = (ICitizenDirectory)server.Services.GetService(typeof(ICitizenDirectory))!;

        await Assert.ThrowsAsync<CitizenDirectoryUnavailableException>(async () => await directory.FindByIdAsync(FakeCitizenRegistry.CitizenId));
    }

    [Fact]
    public async Task An_unknown_citizen_id_is_null_and_a_slow_registry_times_out()
    {
        await using var registry = await FakeCitizenRegistry.StartAsync();
        await using var server = await IssuerServer.CreateServerAsync(options =>
        {
            UseRegistry(options, registry);
            options.Settings["Citizens:Registry:Timeout"] = "00:00:01";
        });
        var directory = (ICitizenDirectory)server.Services.GetService(typeof(ICitizenDirectory))!;

        Assert.Null(await directory.FindByIdAsync("reg-unknown/../x"));
        Assert.Equal("Luc", (await directory.FindByIdAsync(FakeCitizenRegistry.CitizenId))!.GivenName);

        registry.Answer = context => Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        await Assert.ThrowsAsync<CitizenDirectoryUnavailableException>(async () => await directory.FindByIdAsync(FakeCitizenRegistry.CitizenId));
    }

    public static TheoryData<string> RecordsOutsideTheContract()
    {
        var valid = JsonSerializer.Serialize(FakeCitizenRegistry.Record);
        return new TheoryData<string>
        {
            "not json",
            "null",
            "[]",
            valid.Replace("\"email\":\"luc.bergeron@exemple.qc.ca\",", "", StringComparison.Ordinal),
            valid.Replace("1979-06-30", "30/06/1979", StringComparison.Ordinal),
            valid.Replace("\"assurance_level\":3", "\"assurance_level\":4", StringComparison.Ordinal),
            valid.Replace("\"assurance_level\":3", "\"assurance_level\":\"3\"", StringComparison.Ordinal),
            valid.Replace("\"Luc\"", "\"\"", StringComparison.Ordinal),
            valid.Replace("\"Luc\"", "\"" + new string('L', 257) + "\"", StringComparison.Ordinal),
            valid.Replace("\"Luc\"", "null", StringComparison.Ordinal),
            valid[..valid.IndexOf("\"address\"", StringComparison.Ordinal)] + "\"address\":null,\"email\":\"a@b.c\",\"assurance_level\":3}",
            valid.Replace("\"country\":\"CA\"", "\"country\":\"CA\",\"x\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":1}}}}}}}", StringComparison.Ordinal),
        };
    }

    [Theory]
    [MemberData(nameof(RecordsOutsideTheContract))]
    public void A_record_outside_the_contract_is_refused_as_a_whole(string body)
    {
        Assert.Throws<CitizenDirectoryUnavailableException>(() => HttpCitizenDirectory.Parse(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void A_record_inside_the_contract_is_read_whole()
    {
        var citizen = HttpCitizenDirectory.Parse(JsonSerializer.SerializeToUtf8Bytes(FakeCitizenRegistry.Record));

        Assert.Equal(new Citizen(FakeCitizenRegistry.CitizenId, FakeCitizenRegistry.Username, "Luc", "Bergeron", new DateOnly(1979, 6, 30),
            new PostalAddress("12, rue Principale", "Rimouski", "QC", "G5L 1A1", "CA"), "luc.bergeron@exemple.qc.ca", 3), citizen);
    }
}
