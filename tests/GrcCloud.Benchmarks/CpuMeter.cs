using System.Globalization;

namespace GrcCloud.Benchmarks;

/// <summary>
/// CPU time (user + system) spent by processes, read from /proc: on a shared machine the requests per
/// second move with the neighbours' load, the CPU milliseconds a submission costs much less.
/// </summary>
public static class CpuMeter
{
    private const double TicksPerMs = 100 / 1000.0; // USER_HZ, 100 on Linux x86-64

    /// <summary>The host process (live, its own time).</summary>
    public static double ProcessMs(int pid) => Fields(pid) is { } f ? (f[11] + f[12]) / TicksPerMs : 0;

    /// <summary>
    /// The whole PostgreSQL cluster: the postmaster with its reaped children (backends that ended) and
    /// its live children (backends, checkpointer, walwriter…).
    /// </summary>
    public static double PostgresMs(string dataDirectory)
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        var own = Fields(postmaster)!;
        var ticks = own[11] + own[12] + own[13] + own[14];
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || Fields(pid) is not { } f || f[1] != postmaster)
                continue;
            ticks += f[11] + f[12];
        }
        return ticks / TicksPerMs;
    }

    /// <summary>Children this process waited for (pgbench), user + system.</summary>
    public static double ReapedChildrenMs() => Fields(Environment.ProcessId) is { } f ? (f[13] + f[14]) / TicksPerMs : 0;

    /// <summary>The fields of /proc/pid/stat after the command name: [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
    private static long[]? Fields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return [.. rest.Take(15).Select(v => long.TryParse(v, CultureInfo.InvariantCulture, out var n) ? n : 0)];
        }
        catch (IOException)
        {
            return null; // the process ended meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
