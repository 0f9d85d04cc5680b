using Identity.State.InMemory;
using Identity.State.Redis;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Identity.State.Tests;

public sealed class RegistrationTests
{
    private static IConfiguration Configuration(params (string Key, string? Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();

    [Fact]
    public void Without_Redis_every_interface_is_the_one_in_process_instance()
    {
        using var provider = new ServiceCollection().AddIdentityState(Configuration()).BuildServiceProvider();
        var store = provider.GetRequiredService<IEphemeralStore>();
        Assert.IsType<InMemoryState>(store);
        Assert.Same(store, provider.GetRequiredService<IReplayCache>());
        Assert.Same(store, provider.GetRequiredService<IAttemptCounter>());
    }

    [Fact]
    public void With_Redis_configuration_every_interface_is_the_Redis_instance_on_one_connection()
    {
        var configuration = Configuration(("Redis:Configuration", "127.0.0.1:1"), ("Redis:InstanceName", "svc:"));
        var services = new ServiceCollection().AddIdentityState(configuration).AddIdentityState(configuration);
        Assert.Single(services, d => d.ServiceType == typeof(RedisConnection));
        Assert.Single(services, d => d.ServiceType == typeof(IEphemeralStore));
        using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IEphemeralStore>();
        Assert.IsType<RedisState>(store);
        Assert.Same(store, provider.GetRequiredService<IReplayCache>());
        Assert.Same(store, provider.GetRequiredService<IAttemptCounter>());
        Assert.Equal("svc:", provider.GetRequiredService<RedisConnection>().InstanceName);
    }

    [Fact]
    public void Calling_AddIdentityState_twice_registers_each_interface_once()
    {
        var services = new ServiceCollection().AddIdentityState(Configuration()).AddIdentityState(Configuration());
        Assert.Single(services, d => d.ServiceType == typeof(IReplayCache));
        Assert.Single(services, d => d.ServiceType == typeof(IAttemptCounter));
    }

    [Fact]
    public async Task An_invalid_Redis_option_stops_the_host_at_startup_with_a_message_naming_the_fix()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddIdentityState(Configuration(("Redis:Configuration", "127.0.0.1:6379"), ("Redis:InstanceName", "bad name")));
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Redis:InstanceName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_Redis_Data_Protection_keys_go_to_the_configured_folder()
    {
        var folder = Directory.CreateTempSubdirectory("dp-keys-");
        try
        {
            using var provider = new ServiceCollection()
                .AddIdentityDataProtection(Configuration((DataProtectionServiceCollectionExtensions.KeysPathKey, folder.FullName)), "/nonexistent-data", "identity-test")
                .BuildServiceProvider();
            var protector = provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
            Assert.Equal("secret", protector.Unprotect(protector.Protect("secret")));
            Assert.NotEmpty(folder.GetFiles("key-*.xml"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Without_Redis_or_a_keys_folder_Data_Protection_keys_go_under_the_data_path()
    {
        var data = Directory.CreateTempSubdirectory("dp-data-");
        try
        {
            using var provider = new ServiceCollection().AddIdentityDataProtection(Configuration(), data.FullName, "identity-test").BuildServiceProvider();
            provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("x");
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(data.FullName, "data-protection"), "key-*.xml"));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public void Calling_AddIdentityDataProtection_twice_keeps_one_key_ring()
    {
        var data = Directory.CreateTempSubdirectory("dp-twice-");
        try
        {
            using var provider = new ServiceCollection()
                .AddIdentityDataProtection(Configuration(), data.FullName, "identity-test")
                .AddIdentityDataProtection(Configuration(), data.FullName, "identity-test")
                .BuildServiceProvider();
            var protector = provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
            Assert.Equal("x", protector.Unprotect(protector.Protect("x")));
            Assert.Single(Directory.GetFiles(Path.Combine(data.FullName, "data-protection"), "key-*.xml"));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public void With_Redis_the_key_ring_is_stored_under_the_instance_prefix()
    {
        var redis = RedisTestServer.ConfigurationOrSkip();
        var prefix = RedisTestServer.UniqueInstanceName();
        var configuration = Configuration(("Redis:Configuration", redis), ("Redis:InstanceName", prefix));
        using (var provider = new ServiceCollection().AddIdentityDataProtection(configuration, "/nonexistent", "identity-test").BuildServiceProvider())
        {
            provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("x");
        }

        using var multiplexer = StackExchange.Redis.ConnectionMultiplexer.Connect(redis);
        var database = multiplexer.GetDatabase();
        Assert.True(database.KeyExists(prefix + "dataprotection-keys"));
        database.KeyDelete(prefix + "dataprotection-keys");
    }

    [Fact]
    public void Two_replicas_sharing_Redis_read_each_others_protected_payloads()
    {
        var configuration = Configuration(("Redis:Configuration", RedisTestServer.ConfigurationOrSkip()), ("Redis:InstanceName", RedisTestServer.UniqueInstanceName()));
        using var a = new ServiceCollection().AddIdentityState(configuration).AddIdentityDataProtection(configuration, "/nonexistent-a", "identity-test").BuildServiceProvider();
        using var b = new ServiceCollection().AddIdentityState(configuration).AddIdentityDataProtection(configuration, "/nonexistent-b", "identity-test").BuildServiceProvider();
        var payload = a.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("session");
        Assert.Equal("session", b.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Unprotect(payload));
    }

    [Fact]
    public void A_service_with_another_application_name_cannot_read_the_payloads()
    {
        var configuration = Configuration(("Redis:Configuration", RedisTestServer.ConfigurationOrSkip()), ("Redis:InstanceName", RedisTestServer.UniqueInstanceName()));
        using var a = new ServiceCollection().AddIdentityDataProtection(configuration, "/nonexistent-a", "identity-issuer").BuildServiceProvider();
        using var b = new ServiceCollection().AddIdentityDataProtection(configuration, "/nonexistent-b", "identity-gateway").BuildServiceProvider();
        var payload = a.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("session");
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => b.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Unprotect(payload));
    }
}
