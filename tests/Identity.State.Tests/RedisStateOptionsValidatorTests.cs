using Identity.State.Redis;

namespace Identity.State.Tests;

public sealed class RedisStateOptionsValidatorTests
{
    private static readonly RedisStateOptionsValidator Validator = new();

    [Theory]
    [InlineData("127.0.0.1:6379")]
    [InlineData("redis.internal:6380,ssl=true,password=secret,abortConnect=false")]
    public void Accepts_a_valid_configuration(string configuration)
        => Assert.True(Validator.Validate(null, new RedisStateOptions { Configuration = configuration }).Succeeded);

    [Fact]
    public void Refuses_an_empty_configuration()
        => Assert.Contains("Redis:Configuration is empty", Validator.Validate(null, new RedisStateOptions { Configuration = " " }).FailureMessage, StringComparison.Ordinal);

    [Fact]
    public void Refuses_a_configuration_without_a_server()
        => Assert.Contains("names no server", Validator.Validate(null, new RedisStateOptions { Configuration = "ssl=true" }).FailureMessage, StringComparison.Ordinal);

    [Fact]
    public void Refuses_an_unparsable_configuration_without_echoing_it()
    {
        var result = Validator.Validate(null, new RedisStateOptions { Configuration = "127.0.0.1:6379,password=hunter2,syncTimeout=notanumber" });
        Assert.True(result.Failed);
        Assert.DoesNotContain("hunter2", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space:")]
    [InlineData("tab\t")]
    public void Refuses_a_bad_instance_name(string instanceName)
        => Assert.True(Validator.Validate(null, new RedisStateOptions { Configuration = "127.0.0.1:6379", InstanceName = instanceName }).Failed);
}
