using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace Identity.Issuer.SystemTests.Flow;

/// <summary>Walks the authorization request through the login and consent pages, as a citizen would, until the redirect to the client.</summary>
internal static class FrontChannel
{
    public sealed record Outcome(Uri Callback, IReadOnlyList<string> Pages)
    {
        public string? Code => Query("code");

        public string? Iss => Query("iss");

        public string? State => Query("state");

        public string? Error => Query("error");

        private string? Query(string name) => QueryHelpers.ParseQuery(Callback.Query).TryGetValue(name, out var value) ? value.ToString() : null;
    }

    /// <param name="continueAfterLoginAt">When set, every step after the login form goes to this replica instead (a load balancer switching replicas mid-flow).</param>
    public static async Task<Outcome> AuthorizeAsync(
        ScriptedBrowser browser, Uri authorizationUrl, Uri redirectUri, string username, string password, CancellationToken cancellationToken, Uri? continueAfterLoginAt = null)
    {
        var loggedIn = false;
        var pages = new List<string>();
        var url = authorizationUrl;
        HttpContent? post = null;
        for (var step = 0; step < 12; step++)
        {
            using var response = post is null ? await browser.GetAsync(url, cancellationToken) : await browser.PostAsync(url, post, cancellationToken);
            post = null;
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                var location = new Uri(url, response.Headers.Location!);
                if (location.AbsoluteUri.StartsWith(redirectUri.AbsoluteUri, StringComparison.Ordinal))
                {
                    return new Outcome(location, pages);
                }

                url = loggedIn && continueAfterLoginAt is not null ? new Uri(continueAfterLoginAt, location.PathAndQuery) : location;
                continue;
            }

            var html = await response.Content.ReadAsStringAsync(cancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} at {url}: {html[..Math.Min(html.Length, 500)]}");
            var form = HtmlForm.Parse(html).FirstOrDefault() ?? throw new InvalidOperationException($"No form at {url}: {html[..Math.Min(html.Length, 500)]}");
            var action = new Uri(url, form.Action ?? url.PathAndQuery);
            if (form.Fields.ContainsKey("Password"))
            {
                pages.Add("login");
                post = form.Submit(values: new Dictionary<string, string> { ["Username"] = username, ["Password"] = password });
                loggedIn = true;
            }
            else
            {
                pages.Add("consent");
                var accept = form.Buttons.FirstOrDefault(b => $"{b.Id} {b.Value}".Contains("accept", StringComparison.OrdinalIgnoreCase)
                    || $"{b.Id} {b.Value}".Contains("allow", StringComparison.OrdinalIgnoreCase));
                post = form.Submit(accept.Id);
            }

            url = action;
        }

        throw new InvalidOperationException("Too many steps before the redirect to the client.");
    }
}
