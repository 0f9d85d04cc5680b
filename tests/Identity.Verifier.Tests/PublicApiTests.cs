using System.Reflection;
using System.Text;

namespace Identity.Verifier.Tests;

/// <summary>Every public type and member of the SDK is a promise: changes to the surface must be deliberate.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Public_api_matches_the_approved_snapshot()
    {
        var actual = Describe(typeof(AttestationVerifier).Assembly) + Describe(typeof(Identity.Verifier.AspNetCore.AttestationVerifierServiceCollectionExtensions).Assembly);
        var approvedPath = Path.Combine(AppContext.BaseDirectory, "PublicApi.approved.txt");
        if (Environment.GetEnvironmentVariable("IDENTITY_UPDATE_PUBLIC_API") == "1")
        {
            File.WriteAllText(Path.Combine(SourceDirectory(), "PublicApi.approved.txt"), actual);
        }

        Assert.Equal(File.ReadAllText(approvedPath).ReplaceLineEndings("\n"), actual);
    }

    internal static string Describe(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(Kind(type)).Append(' ').Append(type.FullName).Append('\n');
            var members = type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m is not MethodInfo { IsSpecialName: true })
                .Select(m => "  " + m.ToString())
                .Order(StringComparer.Ordinal);
            foreach (var member in members)
            {
                text.Append(member).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Kind(Type type) => type switch
    {
        { IsInterface: true } => "interface",
        { IsEnum: true } => "enum",
        { IsValueType: true } => "struct",
        { IsAbstract: true, IsSealed: true } => "static class",
        { IsSealed: true } => "sealed class",
        _ => "class",
    };

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
