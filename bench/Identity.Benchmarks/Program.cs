using BenchmarkDotNet.Running;
using Identity.Benchmarks;

// `--sizes` prints compressed status list sizes; anything else goes to BenchmarkDotNet (e.g. `--filter '*' --job short`).
if (args is ["--sizes"])
{
    StatusListSizes.Print(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(StatusListSizes).Assembly).Run(args);
