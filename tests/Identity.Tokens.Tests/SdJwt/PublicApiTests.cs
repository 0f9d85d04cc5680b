using System.Reflection;
using Identity.Tokens.SdJwt;

namespace Identity.Tokens.Tests.SdJwt;

/// <summary>Every public type is a promise: the public surface of SdJwt and SdJwtVc is snapshotted in TestData/public-api.txt.</summary>
public class PublicApiTests
{
    [Fact]
    public void Public_api_matches_the_snapshot()
    {
        var actual = Describe(typeof(SdJwtVerifier).Assembly);
        var expected = SdJwtTestKit.ReadData("SdJwt", "public-api.txt").ReplaceLineEndings("\n");
        if (actual != expected)
        {
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "public-api.actual.txt"), actual + "\n");
        }

        Assert.Equal(expected, actual);
    }

    private static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        var types = assembly.GetExportedTypes()
            .Where(t => t.Namespace is "Identity.Tokens.SdJwt" or "Identity.Tokens.SdJwtVc")
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in types)
        {
            lines.Add($"type {type.FullName}");
            lines.AddRange(type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m is not MethodInfo { IsSpecialName: true }) // accessors are listed through their property
                .Select(m => $"  {m.MemberType} {m}")
                .Order(StringComparer.Ordinal));
        }

        return string.Join("\n", lines);
    }
}
