using System.Diagnostics;

namespace Identity.Verifier.Benchmarks;

/// <summary>
/// `--ratio`: a noise-resistant check of the verifier against its signature bound on a shared machine. The operations are
/// interleaved in small batches and the fastest batch of each is kept, so a burst of load on the other core hits all of
/// them alike instead of skewing one. Prints per-operation minima and bound / full ratios.
/// </summary>
public static class RatioProbe
{
    private const int Rounds = 300;
    private const int Batch = 20;

    public static void Run(TextWriter output)
    {
        output.WriteLine("| algorithm | 2 signatures (bound) | bound + holder key import | Tokens layer only | VerifyAsync, same holder | VerifyAsync, new holder each time | bound / full (same holder) | (bound + import) / full (new holder) |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var algorithm in new[] { "ES256", "Ed25519" })
        {
            var bench = new VerifyPresentationBenchmarks { Algorithm = algorithm };
            bench.Setup();
            Func<bool>[] operations =
            [
                bench.TwoSignatureVerifications,
                bench.TwoSignatureVerificationsWithHolderKeyImport,
                () => bench.TokensLayerOnly().GetAwaiter().GetResult(),
                () => bench.VerifyPresentation().GetAwaiter().GetResult(),
                () => bench.VerifyPresentationFromNewHolder().GetAwaiter().GetResult(),
            ];
            var best = Enumerable.Repeat(double.MaxValue, operations.Length).ToArray();
            for (var round = 0; round < Rounds; round++)
            {
                for (var i = 0; i < operations.Length; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    for (var n = 0; n < Batch; n++)
                    {
                        if (!operations[i]())
                        {
                            throw new InvalidOperationException($"Operation {i} failed for {algorithm}.");
                        }
                    }

                    var perOp = Stopwatch.GetElapsedTime(start).TotalMicroseconds / Batch;
                    best[i] = Math.Min(best[i], perOp);
                }
            }

            output.WriteLine($"| {algorithm} | {best[0]:F0} µs | {best[1]:F0} µs | {best[2]:F0} µs | {best[3]:F0} µs | {best[4]:F0} µs | {best[0] / best[3]:P0} | {best[1] / best[4]:P0} |");
        }
    }
}
