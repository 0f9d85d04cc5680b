using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Identity.Cli.Wallet;

/// <summary>One stored copy of a credential: the issued SD-JWT VC and the private key it is bound to.</summary>
internal sealed record WalletCopy(string SdJwt, JsonObject PrivateJwk, bool Used);

/// <summary>One credential in the wallet: its unlinkable copies (a batch) and what the wallet read from it at acceptance.</summary>
internal sealed record WalletCredential(
    string Id,
    string Issuer,
    string Vct,
    string ConfigurationId,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? ExpiresAt,
    JsonObject Claims,
    IReadOnlyList<WalletCopy> Copies);

/// <summary>
/// The wallet folder: one JSON file per credential (<c>&lt;id&gt;.credential.json</c>), written atomically, owner-only (folder 0700,
/// files 0600). Files it did not write, or that are damaged, give a clear <see cref="WalletException"/>, never a crash.
/// </summary>
internal sealed partial class WalletStore
{
    private const string Suffix = ".credential.json";
    private const int FormatVersion = 1;
    private const long MaxFileBytes = 4 * 1024 * 1024;

    private WalletStore(string folder) => Folder = folder;

    public string Folder { get; }

    /// <summary>The default folder: <c>$XDG_DATA_HOME/identity/wallet</c>, else <c>~/.local/share/identity/wallet</c>.</summary>
    public static string DefaultFolder()
    {
        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(data))
        {
            data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(data, "identity", "wallet");
    }

    /// <summary>Opens the folder without creating it (nothing is written until a credential is saved).</summary>
    public static WalletStore Open(string? folder) => new(Path.GetFullPath(folder ?? DefaultFolder()));

    public IReadOnlyList<WalletCredential> List()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(Folder, "*" + Suffix).Order(StringComparer.Ordinal).Select(Read).OrderBy(c => c.ReceivedAt).ToList();
    }

    public WalletCredential Get(string id)
    {
        var path = PathOf(id);
        return File.Exists(path) ? Read(path) : throw new WalletException($"no credential '{id}' in {Folder} (see: identity wallet list)");
    }

    public void Save(WalletCredential credential)
    {
        if (!Directory.Exists(Folder))
        {
            Directory.CreateDirectory(Folder);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var path = PathOf(credential.Id);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, ToJson(credential), CliJson.Indented);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public void Remove(string id)
    {
        var path = PathOf(id);
        if (!File.Exists(path))
        {
            throw new WalletException($"no credential '{id}' in {Folder} (see: identity wallet list)");
        }

        File.Delete(path);
    }

    private string PathOf(string id)
    {
        if (!IdPattern().IsMatch(id))
        {
            throw new WalletException($"'{id}' is not a wallet credential id (see: identity wallet list)");
        }

        return Path.Combine(Folder, id + Suffix);
    }

    private static WalletCredential Read(string path)
    {
        try
        {
            if (new FileInfo(path).Length > MaxFileBytes)
            {
                throw new WalletException($"{path} is larger than 4 MiB: not a wallet file");
            }

            var root = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject ?? throw new JsonException("not an object");
            if (root["format"]?.GetValue<int>() != FormatVersion)
            {
                throw new WalletException($"{path} is not a wallet file of this version (format {FormatVersion})");
            }

            var copies = root["copies"]!.AsArray().Select(c => new WalletCopy(
                c!["sd_jwt"]!.GetValue<string>(), c["private_jwk"]!.AsObject().DeepClone().AsObject(), c["used"]!.GetValue<bool>())).ToList();
            if (copies.Count == 0)
            {
                throw new JsonException("no copies");
            }

            return new WalletCredential(
                root["id"]!.GetValue<string>(),
                root["issuer"]!.GetValue<string>(),
                root["vct"]!.GetValue<string>(),
                root["credential_configuration_id"]!.GetValue<string>(),
                DateTimeOffset.FromUnixTimeSeconds(root["received_at"]!.GetValue<long>()),
                root["expires_at"] is JsonValue exp ? DateTimeOffset.FromUnixTimeSeconds(exp.GetValue<long>()) : null,
                root["claims"]!.AsObject().DeepClone().AsObject(),
                copies);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException or ArgumentException)
        {
            throw new WalletException($"{path} is damaged or not a wallet file ({e.Message}); move it out of the wallet folder", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WalletException($"cannot read {path}: {e.Message}", e);
        }
    }

    private static JsonObject ToJson(WalletCredential credential) => new()
    {
        ["format"] = FormatVersion,
        ["id"] = credential.Id,
        ["issuer"] = credential.Issuer,
        ["vct"] = credential.Vct,
        ["credential_configuration_id"] = credential.ConfigurationId,
        ["received_at"] = credential.ReceivedAt.ToUnixTimeSeconds(),
        ["expires_at"] = credential.ExpiresAt?.ToUnixTimeSeconds(),
        ["claims"] = credential.Claims.DeepClone(),
        ["copies"] = new JsonArray([.. credential.Copies.Select(c => (JsonNode)new JsonObject
        {
            ["sd_jwt"] = c.SdJwt,
            ["private_jwk"] = c.PrivateJwk.DeepClone(),
            ["used"] = c.Used,
        })]),
    };

    [GeneratedRegex("^[A-Za-z0-9_-]{8,64}$")]
    private static partial Regex IdPattern();
}
