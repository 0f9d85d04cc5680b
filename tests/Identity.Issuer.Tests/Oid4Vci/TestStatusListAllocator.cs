using System.Security.Cryptography;
using Identity.Issuer.StatusLists;

namespace Identity.Issuer.Tests.Oid4Vci;

/// <summary>
/// Test-only stand-in for the status list allocator (the real one lives in StatusLists/ on its own branch): random, unused indices in
/// one list of 131,072 entries. Registered with TryAdd, so the application's own allocator wins once it is registered.
/// </summary>
internal sealed class TestStatusListAllocator : IStatusListAllocator
{
    public const string ListId = "test-list";
    private readonly HashSet<int> _used = [];

    public Task<StatusAllocation> AllocateAsync(CancellationToken cancellationToken)
    {
        lock (_used)
        {
            int index;
            do
            {
                index = RandomNumberGenerator.GetInt32(131_072);
            }
            while (!_used.Add(index));

            return Task.FromResult(new StatusAllocation(ListId, new Uri("http://localhost/status/" + ListId), index));
        }
    }
}
