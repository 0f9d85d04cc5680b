using BenchmarkDotNet.Running;
using Identity.Verifier.Benchmarks;

// Example: dotnet run -c Release --project bench/Identity.Verifier.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(VerifyPresentationBenchmarks).Assembly).Run(args);
