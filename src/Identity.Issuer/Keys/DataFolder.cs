using Identity.Issuer.Configuration;
using Microsoft.Extensions.Options;

namespace Identity.Issuer.Keys;

/// <summary>The folder holding the SQLite database, the keys and the pairwise secret; created on first use.</summary>
internal sealed class DataFolder
{
    public DataFolder(IOptions<IssuerOptions> options, IHostEnvironment environment)
    {
        Path = Resolve(options.Value.DataPath, environment.ContentRootPath);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The data folder for a configured value (absolute, or relative to the content root), default <c>.data</c>.</summary>
    public static string Resolve(string? configured, string contentRoot)
        => string.IsNullOrWhiteSpace(configured)
            ? System.IO.Path.Combine(contentRoot, ".data")
            : System.IO.Path.GetFullPath(configured, contentRoot);

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// The path of a file only this account may read (the SQLite database): created empty with mode 0600 when missing, and set
    /// back to 0600 when found wider. SQLite gives its -wal and -shm files the database file's mode.
    /// </summary>
    public string PrivateFile(string name)
    {
        var path = File(name);
        if (OperatingSystem.IsWindows())
        {
            return path;
        }

        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
            {
            }
        }
        catch (IOException) when (System.IO.File.Exists(path))
        {
            // Already there (another process, or an earlier run).
        }

        if ((System.IO.File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
        {
            System.IO.File.SetUnixFileMode(path, OwnerOnly);
        }

        return path;
    }

    /// <summary>Reads a secret file, or creates it with <paramref name="create"/> and owner-only permissions.</summary>
    public string ReadOrCreate(string name, Func<string> create)
    {
        var path = File(name);
        if (System.IO.File.Exists(path))
        {
            return System.IO.File.ReadAllText(path);
        }

        var content = create();
        // A name of its own per writer: processes starting together on one folder never write into each other's temporary file.
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, streamOptions))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }

        // Two processes starting together on one folder: the first rename wins and both then read the same file.
        try
        {
            System.IO.File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (System.IO.File.Exists(path))
        {
            System.IO.File.Delete(temporary);
        }

        return System.IO.File.ReadAllText(path);
    }
}
