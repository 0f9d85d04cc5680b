using BenchmarkDotNet.Running;
using Identity.Verifier.Benchmarks;

// `--ratio` prints the interleaved minimum-time comparison with the signature bound; anything else goes to BenchmarkDotNet,
// for example: dotnet run -c Release --project bench/Identity.Verifier.Benchmarks -- --filter '*' --job short
if (args is ["--ratio"])
{
    RatioProbe.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(VerifyPresentationBenchmarks).Assembly).Run(args);
