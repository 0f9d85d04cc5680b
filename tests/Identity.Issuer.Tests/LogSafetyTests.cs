using System.Collections.Concurrent;
using Identity.Issuer.Citizens;
using Identity.Issuer.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Identity.Issuer.Tests;

/// <summary>Logs never contain tokens, passwords or personal claims (DESIGN §6), with the shipped log levels at Information.</summary>
public sealed class LogSafetyTests
{
    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Collector(CollectingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => owner.Lines.Enqueue(category + ": " + formatter(state, exception) + " " + exception);
        }
    }

    [Fact]
    public async Task A_full_login_logs_no_token_password_or_personal_claim()
    {
        var logs = new CollectingLoggerProvider();
        await using var server = await IssuerServer.CreateServerAsync(options =>
        {
            options.Settings["Logging:LogLevel:Default"] = "Information";
            options.Settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Information";
            options.LoggerProvider = logs;
        });
        using var http = server.CreateClient();
        await OidcFlow.LoginAsync(http, "/login", OidcFlow.Citizen, "a-wrong-password");
        var request = new AuthorizationRequest();
        var tokens = await OidcFlow.SignInAsync(http, request);
        await OidcFlow.RefreshAsync(http, request, tokens.Get("refresh_token")!);

        var all = string.Join('\n', logs.Lines);
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(tokens.Get("access_token")!, all, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens.Get("id_token")!, all, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens.Get("refresh_token")!, all, StringComparison.Ordinal);
        Assert.DoesNotContain(SeededCitizenDirectory.DemoPassword, all, StringComparison.Ordinal);
        Assert.DoesNotContain("a-wrong-password", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Tremblay", all, StringComparison.Ordinal);
        Assert.DoesNotContain("1985-04-12", all, StringComparison.Ordinal);
        Assert.DoesNotContain("cit-7f3a9c21", all, StringComparison.Ordinal);
        Assert.DoesNotContain(request.Pkce.Verifier, all, StringComparison.Ordinal);
    }
}
