using Identity.Issuer.Configuration;
using Identity.Issuer.StatusLists;

namespace Identity.Issuer.Tests.StatusLists;

/// <summary>Status list URIs are https (draft-ietf-oauth-status-list-20 §6.2); plain http only on loopback for a developer machine.</summary>
public sealed class StatusListUriTests
{
    private static Uri For(string issuerUri, bool allowInsecureHttp)
        => StatusListUris.For("list-1", new StatusListOptions(), new IssuerOptions { IssuerUri = issuerUri, AllowInsecureHttp = allowInsecureHttp });

    [Fact]
    public void Https_base_gives_the_list_url_without_a_double_slash()
        => Assert.Equal("https://issuer.test/status-lists/list-1", For("https://issuer.test/", allowInsecureHttp: false).AbsoluteUri);

    [Fact]
    public void Loopback_http_is_accepted_only_with_allow_insecure_http()
    {
        Assert.Equal("http://localhost:5080/status-lists/list-1", For("http://localhost:5080", allowInsecureHttp: true).AbsoluteUri);
        Assert.Throws<InvalidOperationException>(() => For("http://localhost:5080", allowInsecureHttp: false));
    }

    [Fact]
    public void Non_loopback_http_is_refused_even_with_allow_insecure_http()
        => Assert.Throws<InvalidOperationException>(() => For("http://issuer.test", allowInsecureHttp: true));
}
