using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Identity.State.Redis;

/// <summary>Checks the Redis options at startup, with messages that say how to fix them.</summary>
internal sealed class RedisStateOptionsValidator : IValidateOptions<RedisStateOptions>
{
    // Keys are written as "<InstanceName><kind>:<key>"; whitespace or control characters in a prefix are almost always a typo.
    private const int MaxInstanceNameLength = 64;

    public ValidateOptionsResult Validate(string? name, RedisStateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            failures.Add("Redis:Configuration is empty. Set it to a StackExchange.Redis configuration string such as '127.0.0.1:6379', or remove the Redis section to keep state in process.");
        }
        else
        {
            try
            {
                var parsed = ConfigurationOptions.Parse(options.Configuration);
                if (parsed.EndPoints.Count == 0)
                {
                    failures.Add("Redis:Configuration names no server. Start it with 'host:port', e.g. '127.0.0.1:6379'.");
                }
            }
            catch (ArgumentException)
            {
                // The parser's message may echo the string, which can hold a password: keep it out of the failure.
                failures.Add("Redis:Configuration is not a valid StackExchange.Redis configuration string (expected 'host:port[,option=value...]').");
            }
        }

        if (string.IsNullOrEmpty(options.InstanceName))
        {
            failures.Add("Redis:InstanceName is empty. Give each service a key prefix such as 'identity-issuer:' so services sharing one Redis do not collide.");
        }
        else if (options.InstanceName.Length > MaxInstanceNameLength || options.InstanceName.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add($"Redis:InstanceName must be at most {MaxInstanceNameLength} characters without spaces or control characters (e.g. 'identity-issuer:').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
