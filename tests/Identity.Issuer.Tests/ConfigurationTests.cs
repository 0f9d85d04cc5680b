using Identity.Issuer.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Identity.Issuer.Tests;

/// <summary>Options are validated at startup with messages that name the fix.</summary>
public sealed class ConfigurationTests
{
    private static async Task<string> StartupFailureAsync(Action<IssuerServerOptions> configure)
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var server = await IssuerServer.CreateServerAsync(configure);
        });
        var validation = exception as OptionsValidationException ?? exception.InnerException as OptionsValidationException
            ?? throw new Xunit.Sdk.XunitException("Expected an options validation failure, got " + exception);
        return validation.Message;
    }

    [Fact]
    public async Task Refuses_http_issuer_outside_development()
    {
        var message = await StartupFailureAsync(options =>
        {
            options.Environment = "Production";
            options.Settings["Issuer:IssuerUri"] = "http://id.example/";
        });

        Assert.Contains("Issuer:IssuerUri must use https", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requires_an_issuer_uri_outside_development()
    {
        var message = await StartupFailureAsync(options => options.Environment = "Production");

        Assert.Contains("Issuer:IssuerUri is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_short_pairwise_secret()
    {
        var message = await StartupFailureAsync(options => options.Settings["Issuer:PairwiseSecret"] = Convert.ToBase64String(new byte[8]));

        Assert.Contains("Issuer:PairwiseSecret", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_postgresql_without_a_connection_string()
    {
        var message = await StartupFailureAsync(options => options.Settings["Database:Provider"] = "PostgreSQL");

        Assert.Contains("ConnectionStrings:Identity", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starts_in_production_with_an_https_issuer()
    {
        await using var server = await IssuerServer.CreateServerAsync(options =>
        {
            options.Environment = "Production";
            options.Settings["Issuer:IssuerUri"] = "https://id.example/";
        });

        Assert.NotNull(server.Services);
    }
}
