using System.Globalization;
using System.Security.Cryptography;
using NSec.Cryptography;

namespace Identity.Issuer.Citizens;

/// <summary>
/// Argon2id password hashes (RFC 9106) in the PHC string format. Parameters follow the OWASP password storage baseline:
/// 19 MiB of memory, 2 passes, 1 lane, 16-byte random salt, 32-byte output.
/// </summary>
internal static class Argon2idPasswordHasher
{
    private const int MemoryKiB = 19 * 1024;
    private const int Passes = 2;
    private const int SaltLength = 16;
    private const int HashLength = 32;

    private static readonly PasswordBasedKeyDerivationAlgorithm Algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(
        new Argon2Parameters { DegreeOfParallelism = 1, MemorySize = MemoryKiB, NumberOfPasses = Passes });

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        var hash = Algorithm.DeriveBytes(password, salt, HashLength);
        return string.Create(CultureInfo.InvariantCulture, $"$argon2id$v=19$m={MemoryKiB},t={Passes},p=1${Encode(salt)}${Encode(hash)}");
    }

    public static bool Verify(string password, string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 6 || parts[1] != "argon2id" || parts[3] != string.Create(CultureInfo.InvariantCulture, $"m={MemoryKiB},t={Passes},p=1"))
        {
            return false;
        }

        var salt = Decode(parts[4]);
        var expected = Decode(parts[5]);
        var actual = Algorithm.DeriveBytes(password, salt, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] Decode(string text) => Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
}
