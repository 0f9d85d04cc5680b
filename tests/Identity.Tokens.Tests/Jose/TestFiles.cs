namespace Identity.Tokens.Tests.Jose;

/// <summary>Reads a spec example kept under a TestData folder (copied next to the test assembly).</summary>
internal static class TestFiles
{
    public static string Read(string area, string name)
        => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, area, "TestData", name)).Trim();
}
