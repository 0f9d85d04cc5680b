using Identity.Tokens.Jose;
using Identity.Tokens.StatusList;
using static Identity.Tokens.Tests.StatusList.StatusListAssertions;
using static Identity.Tokens.Tests.StatusList.StatusListTokenTestHelpers;

namespace Identity.Tokens.Tests.StatusList;

/// <summary>A relying party narrows the accepted status list token algorithms (RFC 8725 §3.1).</summary>
public class StatusListAlgorithmPolicyTests
{
    [Fact]
    public async Task Rejects_an_algorithm_outside_the_relying_party_allow_list()
    {
        var key = JwkKeys.GenerateEs256();
        var options = new StatusListTokenValidationOptions { TimeProvider = Clock(), AllowedAlgorithms = [JoseAlgorithms.EdDSA, JoseAlgorithms.Ed25519] };

        var result = await StatusListTokenValidator.ValidateAsync(SignRaw(key, Claims()), ListUri, [key], options);

        AssertCode(result.Error, StatusListErrorCodes.AlgorithmUnsupported);
    }

    [Fact]
    public async Task Accepts_an_algorithm_in_the_allow_list()
    {
        var key = JwkKeys.GenerateEd25519();
        var options = new StatusListTokenValidationOptions { TimeProvider = Clock(), AllowedAlgorithms = [JoseAlgorithms.Ed25519] };

        var result = await StatusListTokenValidator.ValidateAsync(SignRaw(key, Claims()), ListUri, [key], options);

        Assert.True(result.IsSuccess, result.Error?.ToString());
    }
}
