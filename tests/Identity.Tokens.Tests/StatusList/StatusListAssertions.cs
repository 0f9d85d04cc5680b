using Identity.Tokens.Results;

namespace Identity.Tokens.Tests.StatusList;

internal static class StatusListAssertions
{
    /// <summary>Asserts a failure with the given stable code (tests assert codes, not messages).</summary>
    public static void AssertCode(TokenError? error, string code)
    {
        Assert.NotNull(error);
        Assert.Equal(code, error.Code);
    }
}
