using Identity.Tokens.Jose;

namespace Identity.Tokens.Tests.Jose;

/// <summary>Every public type is a promise: this snapshot makes adding one a deliberate change.</summary>
public class PublicSurfaceTests
{
    [Fact]
    public void Jose_and_StatusList_public_types_are_exactly_these()
    {
        var expected = new[]
        {
            "Identity.Tokens.Jose.Ed25519SecurityKey",
            "Identity.Tokens.Jose.JoseAlgorithms",
            "Identity.Tokens.Jose.JwkKeys",
            "Identity.Tokens.StatusList.StatusListErrorCodes",
            "Identity.Tokens.StatusList.StatusListLimits",
            "Identity.Tokens.StatusList.StatusListToken",
            "Identity.Tokens.StatusList.StatusListTokenDescriptor",
            "Identity.Tokens.StatusList.StatusListTokenValidationOptions",
            "Identity.Tokens.StatusList.StatusListTokenValidator",
            "Identity.Tokens.StatusList.StatusListTokenWriter",
            "Identity.Tokens.StatusList.StatusReference",
            "Identity.Tokens.StatusList.StatusTypes",
            "Identity.Tokens.StatusList.TokenStatusList",
        };

        var actual = typeof(JwkKeys).Assembly.GetExportedTypes()
            .Select(t => t.FullName!)
            .Where(n => n.StartsWith("Identity.Tokens.Jose.", StringComparison.Ordinal) || n.StartsWith("Identity.Tokens.StatusList.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(expected, actual);
    }
}
