using System.Diagnostics;

namespace GrcCloud.Testing;

public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the real admin command line (grccloud.dll) in its own process, on a given database.</summary>
public static class Cli
{
    public static Task<CliResult> RunAsync(string connectionString, params string[] args) =>
        RunAsync(connectionString, new Dictionary<string, string>(), args);

    /// <summary>With extra environment variables (an SMTP server, the public port of links...).</summary>
    public static async Task<CliResult> RunAsync(string connectionString, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repository.HostProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "grccloud.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__GrcCloud"] = connectionString;
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return new CliResult(process.ExitCode, await output, await error);
    }
}
