using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Identity.Issuer.SystemTests.Hosting;

/// <summary>
/// A program started the way README.md starts it, <c>dotnet run --project ...</c> from the repository root, with its launch
/// profile's settings and no ASPNETCORE_/DOTNET_ variables of the test process. For the issuer (<see cref="StartIssuerAsync"/>)
/// that is the README's first set-up command: Development, an http://localhost issuer, Issuer:AllowInsecureHttp. Three things
/// differ, and only so that tests can run side by side: the port (a free one, given with <c>--urls</c> and the settings that
/// name it), the issuer's data folder (a temporary one instead of src/Identity.Issuer/.data) and <c>--no-build</c> (the test run
/// has built it).
/// </summary>
internal sealed partial class ReadmeApp : IAsyncDisposable
{
    private readonly IssuerProcess _process;
    private readonly DirectoryInfo _data;

    private ReadmeApp(IssuerProcess process, DirectoryInfo data)
    {
        _process = process;
        _data = data;
    }

    /// <summary>http://localhost:port/, as the README's run publishes it (with its own port).</summary>
    public Uri BaseAddress => _process.BaseAddress;

    /// <summary>The base address without a trailing slash: for the issuer, every credential's <c>iss</c>.</summary>
    public string Issuer => BaseAddress.AbsoluteUri.TrimEnd('/');

    public string Output => _process.Output;

    /// <summary>Lines the program logged at Error or Critical.</summary>
    public IReadOnlyList<string> Failures => _process.Failures;

    /// <summary>The README's first command, read from README.md: the test fails when the README says something else.</summary>
    public static string[] ReadmeCommand()
    {
        var readme = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "README.md"));
        var blocks = ShellBlock().Matches(readme).Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.True(blocks.Count >= 2, "README.md has no two set-up command blocks");
        Assert.Equal("dotnet run --project src/Identity.Issuer", blocks[0]);
        return blocks[0].Split(' ');
    }

    /// <summary>The README's first command, on a free port.</summary>
    public static Task<ReadmeApp> StartIssuerAsync(CancellationToken cancellationToken)
    {
        var port = IssuerProcess.FreePort();
        var data = Directory.CreateTempSubdirectory("issuer-readme-");
        return StartAsync("issuer", ReadmeCommand(), port, [$"--Issuer:IssuerUri=http://localhost:{port}", $"--Issuer:DataPath={data.FullName}"], ".well-known/openid-configuration", data, cancellationToken);
    }

    /// <summary>
    /// <c>dotnet run --project samples/RelyingParty</c> (the README's sample relying party) on a free port, trusting
    /// <paramref name="issuer"/>; its other settings are the Development ones.
    /// </summary>
    public static Task<ReadmeApp> StartRelyingPartyAsync(string issuer, CancellationToken cancellationToken)
    {
        var port = IssuerProcess.FreePort();
        return StartAsync("rp", ["dotnet", "run", "--project", "samples/RelyingParty"], port,
            [$"--RelyingParty:ResponseUri=http://localhost:{port}/vp/response", $"--RelyingParty:TrustedIssuer={issuer}", $"--RelyingParty:Vct={issuer}/credentials/identity"],
            string.Empty, Directory.CreateTempSubdirectory("rp-readme-"), cancellationToken);
    }

    private static async Task<ReadmeApp> StartAsync(string name, string[] command, int port, string[] settings, string readyPath, DirectoryInfo data, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0]) { WorkingDirectory = TestEnvironment.RepositoryRoot };
        foreach (var argument in command.Skip(1).Concat(["--no-build", "--", "--urls", $"http://localhost:{port}"]).Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }

        // A fresh shell: nothing of the test process's hosting environment leaks into the run.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)
                     || k.StartsWith("Issuer__", StringComparison.Ordinal) || k.StartsWith("StatusLists__", StringComparison.Ordinal) || k.StartsWith("RelyingParty__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        try
        {
            return new ReadmeApp(await IssuerProcess.StartAsync(name, start, new Uri($"http://localhost:{port}/"), readyPath, cancellationToken), data);
        }
        catch
        {
            data.Delete(recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temporary folder behind.
        }
    }

    [GeneratedRegex("```sh\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
