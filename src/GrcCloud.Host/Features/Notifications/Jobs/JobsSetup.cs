using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Tenancy;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.AspNetCore.Authentication;

namespace GrcCloud.Host.Features.Notifications.Jobs;

/// <summary>Background jobs (section GrcCloud:Jobs): Hangfire on PostgreSQL, in the "hangfire" schema of the platform database.</summary>
public sealed class JobsOptions
{
    public const string Section = "GrcCloud:Jobs";

    /// <summary>False for a host that only enqueues (the command line, a web-only instance).</summary>
    public bool RunServer { get; set; } = true;
    public int Workers { get; set; } = 4;
    /// <summary>Days before the due date when the agent in charge is reminded.</summary>
    public int ReminderDaysBeforeDue { get; set; } = 2;
    /// <summary>Cron of the daily digests and reminders, in Paris time.</summary>
    public string DailyCron { get; set; } = "0 7 * * *";
}

public static class JobsSetup
{
    public const string DashboardPath = "/operations/taches";

    public static IServiceCollection AddGrcCloudJobs(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        var options = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        services.AddSingleton(options);
        // Storage, activator and log provider belong to this host, not to Hangfire's process-wide
        // defaults (JobStorage.Current…): two hosts in one process (tests) never share a queue.
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            // Idle workers look for a job every second (an indexed query). Not LISTEN/NOTIFY ("long
            // polling"): in Hangfire.PostgreSql 1.21 a worker that has taken a job sometimes waits for
            // its listener forever; under the submission benchmark 3 of 4 workers hung that way, each
            // holding the mail job it had taken (dotnet-stack: Task.Wait in PostgreSqlJobQueue.Dequeue).
            EnableLongPolling = false,
            QueuePollInterval = TimeSpan.FromSeconds(1),
            // A job taken by a worker that never finished it is offered again after 5 minutes, not 30:
            // running jobs keep their claim alive (sliding), so a slow SMTP exchange is never run twice.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromMinutes(5),
        };
        var jobsConnection = new JobsConnection(connectionString, options.Workers);
        services.AddSingleton(_ => jobsConnection); // a factory: the container disposes it when the host stops
        services.AddSingleton<JobStorage>(sp => new PostgreSqlStorage(new NpgsqlConnectionFactory(sp.GetRequiredService<JobsConnection>().ConnectionString, storageOptions), storageOptions));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>())));
        services.AddScoped<TownJobs>();
        services.AddScoped<TownNotifications>();
        // Before the server: the schema exists (a web-only host enqueues without touching the storage) and is the one JobsInTransaction writes.
        services.AddHostedService<JobsSchemaCheck>();
        if (options.RunServer)
        {
            services.AddHangfireServer(server =>
            {
                server.WorkerCount = options.Workers;
                server.Queues = ["mail", "default"];
                // Retries are scheduled jobs: look for due ones often, so a retry is not late by a minute.
                server.SchedulePollingInterval = TimeSpan.FromSeconds(5);
                // A job cut short by a stop is retried by another instance: do not hold the stop for long.
                server.ShutdownTimeout = TimeSpan.FromSeconds(2);
                server.StopTimeout = TimeSpan.FromSeconds(1);
            });
            services.AddHostedService<DailyJobsRegistration>();
        }
        return services;
    }

    /// <summary>The dashboard, for administrator operators on the operator host only; a town host answers 404.</summary>
    public static IApplicationBuilder UseJobsDashboard(this IApplicationBuilder app) =>
        app.UseHangfireDashboard(DashboardPath, new DashboardOptions
        {
            DashboardTitle = "GrcCloud – tâches de fond",
            AppPath = "/",
            DisplayStorageConnectionString = false,
            AsyncAuthorization = [new AdministratorsOnly()],
        });

    /// <summary>Requeues and deletions are administration: other operators get 403, anonymous visitors 401.</summary>
    private sealed class AdministratorsOnly : IDashboardAsyncAuthorizationFilter
    {
        public async Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var http = context.GetHttpContext();
            if (http.Features.Get<SiteFeature>()?.Kind != SiteKind.Operator)
                return false;
            var result = await http.AuthenticateAsync(IdentitySetup.OperatorScheme);
            if (!result.Succeeded)
                return false;
            // Hangfire answers 403 rather than 401 to a refused request whose user is authenticated.
            http.User = result.Principal;
            return result.Principal.IsInRole(OperatorRoles.Administrator);
        }
    }
}

/// <summary>At start: Hangfire's schema installed (creating the storage does it) and of the version <see cref="JobsInTransaction"/> writes.</summary>
internal sealed class JobsSchemaCheck(JobStorage storage, Npgsql.NpgsqlDataSource dataSource) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(storage);
        return JobsInTransaction.EnsureSchemaAsync(dataSource, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Hangfire opens its connections from a connection string (not our data source): a small pool of
/// its own, named in pg_stat_activity, emptied when the host stops so no idle connection outlives it.
/// </summary>
public sealed class JobsConnection(string connectionString, int workers) : IDisposable
{
    public string ConnectionString { get; } = new Npgsql.NpgsqlConnectionStringBuilder(connectionString)
    {
        ApplicationName = "grccloud-jobs",
        // One per worker (a running job holds one) plus the server's own processes.
        MaxPoolSize = workers + 8,
        ConnectionIdleLifetime = 30,
    }.ConnectionString;

    public void Dispose()
    {
        using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        Npgsql.NpgsqlConnection.ClearPool(connection);
    }
}

/// <summary>Registers the recurring platform-wide jobs at start (idempotent: AddOrUpdate).</summary>
internal sealed class DailyJobsRegistration(IRecurringJobManager recurring, JobsOptions options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<TownJobs>("daily-mails", jobs => jobs.ScheduleDailyMails(), options.DailyCron,
            new RecurringJobOptions { TimeZone = GrcCloud.Host.Features.Shared.ParisTime.Zone });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Hangfire's log provider is process-wide; this one answers with a silent logger once its host is
/// gone instead of throwing into another host's requests (tests run several hosts in one process).
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory factory) : Hangfire.Logging.ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public Hangfire.Logging.ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : Hangfire.Logging.ILog
    {
        public static readonly Silent Instance = new();
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
