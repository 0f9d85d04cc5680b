using System.Diagnostics;
using Identity.Tokens.Jose;
using Identity.Tokens.StatusList;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.Tests.Jose;

/// <summary>
/// Interoperability with an independent implementation: Node's built-in crypto (OpenSSL) and zlib. CI installs Node.js;
/// on a machine without <c>node</c> on PATH these tests are skipped, never passed silently.
/// </summary>
public class NodeInteropTests
{
    private const string Uri = "https://example.com/s/1";

    [Fact]
    public async Task Node_verifies_our_Ed25519_and_ES256_status_list_tokens()
    {
        var list = new TokenStatusList(1_000_000, 2);
        list.Set(0, StatusTypes.Invalid);
        list.Set(12345, StatusTypes.Suspended);
        list.Set(999_999, StatusTypes.ApplicationSpecific);
        var input = string.Join('\n', new SecurityKey[] { JwkKeys.GenerateEd25519(), JwkKeys.GenerateEs256() }.SelectMany(key => new[]
        {
            StatusListTokenWriter.Create(list, new StatusListTokenDescriptor { Uri = Uri }, key, TimeProvider.System),
            JwkKeys.ToJson(JwkKeys.ExportPublicJwk(key)),
        }));

        var output = await RunNodeAsync("verify", input);

        Assert.Equal(["Ed25519 statuslist+jwt true 1 0 2 3", "ES256 statuslist+jwt true 1 0 2 3"], output);
    }

    [Fact]
    public async Task We_validate_Node_signed_EdDSA_and_ES256_status_list_tokens()
    {
        var lines = await RunNodeAsync("sign", string.Empty);

        Assert.Equal(4, lines.Length);
        for (var i = 0; i < lines.Length; i += 2)
        {
            Assert.True(JwkKeys.TryCreateSecurityKey(lines[i + 1], out var key), lines[i + 1]);
            var result = await StatusListTokenValidator.ValidateAsync(lines[i], Uri, [key!]);

            Assert.True(result.IsSuccess, result.Error?.ToString());
            Assert.Equal(StatusTypes.Invalid, result.Value.GetStatus(0).Value);
            Assert.Equal(StatusTypes.Valid, result.Value.GetStatus(1).Value);
            Assert.Equal(StatusTypes.Suspended, result.Value.GetStatus(12345).Value);
            Assert.Equal(StatusTypes.ApplicationSpecific, result.Value.GetStatus(999_999).Value);
            Assert.Equal(TimeSpan.FromSeconds(300), result.Value.TimeToLive);
        }
    }

    private static async Task<string[]> RunNodeAsync(string mode, string stdin)
    {
        var node = FindNode();
        Assert.SkipWhen(node is null, "node is not on PATH");
        var script = Path.Combine(AppContext.BaseDirectory, "Jose", "TestData", "node-interop.mjs");
        using var process = Process.Start(new ProcessStartInfo(node!, [script, mode])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, await stderr);
        return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static string? FindNode()
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "node"))
            .FirstOrDefault(File.Exists);
}
