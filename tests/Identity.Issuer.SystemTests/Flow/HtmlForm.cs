using System.Net;
using System.Text.RegularExpressions;

namespace Identity.Issuer.SystemTests.Flow;

/// <summary>A posted HTML form as a browser would submit it: action, named inputs, named submit buttons.</summary>
internal sealed partial record HtmlForm(string? Action, Dictionary<string, string> Fields, IReadOnlyList<(string? Id, string? Name, string Value)> Buttons)
{
    public static IReadOnlyList<HtmlForm> Parse(string html)
    {
        var forms = new List<HtmlForm>();
        foreach (Match form in FormPattern().Matches(html))
        {
            if (!string.Equals(Attribute(form.Groups[1].Value, "method"), "post", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match input in InputPattern().Matches(form.Groups[2].Value))
            {
                var name = Attribute(input.Value, "name");
                var type = Attribute(input.Value, "type")?.ToUpperInvariant() ?? "TEXT";
                var unchecked_ = type is "CHECKBOX" or "RADIO" && !input.Value.Contains(" checked", StringComparison.OrdinalIgnoreCase);
                if (name is not null && type != "SUBMIT" && !unchecked_)
                {
                    fields[name] = Attribute(input.Value, "value") ?? string.Empty;
                }
            }

            var buttons = ButtonPattern().Matches(form.Groups[2].Value)
                .Select(b => (Attribute(b.Value, "id"), Attribute(b.Value, "name"), Attribute(b.Value, "value") ?? string.Empty))
                .ToList();
            forms.Add(new HtmlForm(Attribute(form.Groups[1].Value, "action"), fields, buttons));
        }

        return forms;
    }

    /// <summary>The body sent when the button with <paramref name="buttonId"/> (or the first button) is pressed.</summary>
    public FormUrlEncodedContent Submit(string? buttonId = null, IReadOnlyDictionary<string, string>? values = null)
    {
        var body = new Dictionary<string, string>(Fields, StringComparer.Ordinal);
        foreach (var (key, value) in values ?? new Dictionary<string, string>())
        {
            body[key] = value;
        }

        var button = buttonId is null ? Buttons.FirstOrDefault() : Buttons.Single(b => b.Id == buttonId);
        if (button.Name is not null)
        {
            body[button.Name] = button.Value;
        }

        return new FormUrlEncodedContent(body);
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"""\s{name}\s*=\s*(?:"([^"]*)"|'([^']*)')""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value) : null;
    }

    [GeneratedRegex(@"<form\b([^>]*)>([\s\S]*?)</form>", RegexOptions.IgnoreCase)]
    private static partial Regex FormPattern();

    [GeneratedRegex(@"<input\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputPattern();

    [GeneratedRegex(@"<button\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ButtonPattern();
}
