using System.Text.Encodings.Web;
using System.Text.Json;

namespace Identity.Cli.Wallet;

internal static class CliJson
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
