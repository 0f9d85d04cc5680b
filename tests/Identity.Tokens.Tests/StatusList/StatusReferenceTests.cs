using System.Text.Json;
using Identity.Tokens.StatusList;
using Identity.Tokens.Tests.Jose;
using static Identity.Tokens.Tests.StatusList.StatusListAssertions;

namespace Identity.Tokens.Tests.StatusList;

public class StatusReferenceTests
{
    [Fact]
    public void Reads_the_drafts_referenced_token_example()
    {
        using var payload = JsonDocument.Parse(TestFiles.Read("StatusList", "draft-20-referenced-token-payload.json"));

        var reference = StatusReference.FromClaims(payload.RootElement);

        Assert.True(reference.IsSuccess, reference.Error?.ToString());
        Assert.Equal(new StatusReference(0, "https://example.com/statuslists/1"), reference.Value);
    }

    [Fact]
    public void Claim_value_round_trips_through_json()
    {
        var reference = new StatusReference(1993, "https://issuer.example.ca/statuslists/7");
        var json = JsonSerializer.Serialize(reference.ToClaimValue());

        Assert.Equal(reference, StatusReference.Parse(json).Value);
    }

    [Fact]
    public void Accepts_integral_number_written_with_a_fraction()
        => Assert.Equal(5, StatusReference.Parse("""{"status_list":{"idx":5.0,"uri":"https://example.com/s/1"}}""").Value!.Index);

    [Fact]
    public void Rejects_token_without_status_claim()
    {
        using var payload = JsonDocument.Parse("""{"iss":"https://example.com"}""");

        AssertCode(StatusReference.FromClaims(payload.RootElement).Error, StatusListErrorCodes.ReferenceMissing);
    }

    [Fact]
    public void Rejects_status_claim_without_status_list()
        => AssertCode(StatusReference.Parse("""{"other_mechanism":{}}""").Error, StatusListErrorCodes.ReferenceMissing);

    [Theory]
    [InlineData("\"https://example.com/s/1\"")]
    [InlineData("[]")]
    [InlineData("""{"status_list":"https://example.com/s/1"}""")]
    [InlineData("""{"status_list":{"uri":"https://example.com/s/1"}}""")]
    [InlineData("""{"status_list":{"idx":1}}""")]
    [InlineData("{not json")]
    public void Rejects_malformed_status_claim(string json)
        => AssertCode(StatusReference.Parse(json).Error, StatusListErrorCodes.ReferenceMalformed);

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("\"1\"")]
    [InlineData("null")]
    [InlineData("1e30")]
    public void Rejects_index_that_is_not_a_non_negative_integer(string idx)
        => AssertCode(StatusReference.Parse($$$"""{"status_list":{"idx":{{{idx}}},"uri":"https://example.com/s/1"}}""").Error, StatusListErrorCodes.ReferenceIndexInvalid);

    [Theory]
    [InlineData("\"http://example.com/s/1\"")]
    [InlineData("\"/statuslists/1\"")]
    [InlineData("\"https://example.com/s/1#frag\"")]
    [InlineData("\"https://user@example.com/s/1\"")]
    [InlineData("\"\"")]
    [InlineData("42")]
    public void Rejects_uri_that_is_not_absolute_https(string uri)
        => AssertCode(StatusReference.Parse($$$"""{"status_list":{"idx":1,"uri":{{{uri}}}}}""").Error, StatusListErrorCodes.ReferenceUriInvalid);

    [Fact]
    public void ToClaimValue_refuses_an_invalid_reference()
        => Assert.Throws<InvalidOperationException>(() => new StatusReference(-1, "https://example.com/s/1").ToClaimValue());
}
