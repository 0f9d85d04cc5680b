using System.Reflection;
using System.Runtime.CompilerServices;

namespace Identity.Verifier.Tests;

public sealed class ErrorDocumentationTests
{
    [Fact]
    public void Every_error_code_is_documented()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "errors", "verifier.md"));
        var codes = typeof(VerifierErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.NotEmpty(codes);
        Assert.All(codes, code => Assert.Contains($"`{code}`", doc, StringComparison.Ordinal));
    }

    private static string RepositoryRoot([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
