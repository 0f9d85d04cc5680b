using System.Security.Cryptography;
using System.Text;
using Identity.Issuer.Configuration;
using Identity.State;
using Microsoft.Extensions.Options;

namespace Identity.Issuer.Login;

/// <summary>
/// Counts failed logins per account name and per client address in the shared attempt counter (RFC 9700 §4.x brute force; NIST SP
/// 800-63B §5.2.2 rate limiting). Unknown account names are counted like known ones, so a lock reveals nothing about existence.
/// Account names are hashed before they become keys so that the shared store holds no personal data.
/// </summary>
internal sealed class LoginThrottle(IAttemptCounter counter, IOptions<IssuerOptions> options)
{
    private LoginThrottleOptions Settings => options.Value.Login;

    public async ValueTask<bool> IsLockedAsync(string username, string? address, CancellationToken cancellationToken)
        => await counter.CountAsync(AccountKey(username), cancellationToken) >= Settings.MaxFailuresPerAccount
            || await counter.CountAsync(AddressKey(address), cancellationToken) >= Settings.MaxFailuresPerAddress;

    public async ValueTask RecordFailureAsync(string username, string? address, CancellationToken cancellationToken)
    {
        await counter.IncrementAsync(AccountKey(username), Settings.FailureWindow, cancellationToken);
        await counter.IncrementAsync(AddressKey(address), Settings.FailureWindow, cancellationToken);
    }

    public ValueTask RecordSuccessAsync(string username, CancellationToken cancellationToken)
        => counter.ResetAsync(AccountKey(username), cancellationToken);

    private static string AccountKey(string username)
        => "login:account:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(username.Trim().ToUpperInvariant())));

    private static string AddressKey(string? address) => "login:address:" + (address ?? "unknown");
}
