using BenchmarkDotNet.Running;
using GrcCloud.Benchmarks;

// deploy/dev/bench.sh <name>: each benchmark prints its figures; README.md beside this file keeps them.
return args.FirstOrDefault() switch
{
    "resolution" => RunResolution(args[1..]),
    "home" => await HomePageBenchmark.RunAsync(),
    "submissions" => await SubmissionBenchmark.RunAsync(args[1..]),
    "queues" => await QueueBenchmark.RunAsync(args[1..]),
    "console-towns" => await ConsoleCreationBenchmark.RunAsync(args[1..]),
    "statistics" => await StatisticsBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000),
    "towns" => await ThousandTownsBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000),
    _ => Usage(),
};

static int RunResolution(string[] args)
{
    BenchmarkRunner.Run<TenantResolutionBenchmark>(args: args);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage : bench (resolution | home | towns [N] | console-towns [--towns N] | submissions | queues [--sql] | statistics [N])");
    return 2;
}
