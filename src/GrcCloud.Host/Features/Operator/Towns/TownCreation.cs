using System.Text.Json;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.BackOffice;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Notifications.Jobs;
using GrcCloud.Host.Features.Provisioning;
using GrcCloud.Tenancy;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Operator.Towns;

/// <summary>Who asks: an operator of the console (id and e-mail) or the command line (null id, "cli:&lt;user&gt;").</summary>
public sealed record TownCreationRequester(Guid? OperatorId, string Email);

/// <summary>
/// Creating a town, for the console, its job, the command line and the API alike: validate, start
/// (a <c>provisioning_runs</c> row and its job, in one transaction), run (the job's body: recipe,
/// provisioning step by step, the supervisor's invitation) and read a run. A run that fails is
/// marked failed with its French reason and the town stays "en échec"; a retry starts it again, and
/// every step is safe to run twice (the town's id is chosen when the run is created, and the
/// invitation is recorded once sent).
/// </summary>
public sealed class TownCreation(
    PlatformDbContext db,
    TownCreationValidator validator,
    RecipeLoader recipes,
    TownProvisioner provisioner,
    IServiceScopeFactory scopes,
    OperatorAudit audit,
    TimeProvider clock,
    ILogger<TownCreation> logger)
{
    public const string InvitationStep = "Invitation du superviseur";

    /// <summary>A job taken by a worker that died is offered again after 5 minutes: a run left "running" that long is taken over.</summary>
    internal static readonly TimeSpan StaleRun = TimeSpan.FromMinutes(4);

    public Task<Dictionary<string, string>> ValidateAsync(TownCreationRequest request, TownCreationChannel channel, CancellationToken cancellationToken) =>
        validator.ValidateAsync(request.Normalized(), channel, cancellationToken);

    /// <summary>
    /// Records the run and, with <paramref name="enqueue"/>, its job in the same transaction (the command
    /// line and the benchmark run it themselves). Returns the field errors instead when the request is refused.
    /// </summary>
    public async Task<(ProvisioningRunRecord? Run, Dictionary<string, string> Errors)> StartAsync(
        TownCreationRequest request, TownCreationChannel channel, TownCreationRequester requester, bool enqueue, CancellationToken cancellationToken)
    {
        request = request.Normalized() with { Recipe = request.Recipe ?? RecipeLoader.DefaultTemplate };
        var errors = await validator.ValidateAsync(request, channel, cancellationToken);
        if (errors.Count > 0)
            return (null, errors);

        // The command line retries a town whose provisioning failed under its own id.
        var failedTownId = await db.Tenants.Where(t => t.Slug == request.Slug && t.Status == TenantStatus.Failed).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
        var run = new ProvisioningRunRecord
        {
            Id = Guid.CreateVersion7(),
            Slug = request.Slug!,
            TownId = failedTownId ?? Guid.CreateVersion7(),
            RequestedBy = requester.Email,
            Status = ProvisioningRunStatus.Queued,
            StepCount = TownProvisioner.Steps.Count + (request.SupervisorEmail is null ? 0 : 1),
            StepLabel = "En attente",
            Request = JsonSerializer.Serialize(request),
            CreatedAt = clock.GetUtcNow(),
        };
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.ProvisioningRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
            if (enqueue)
                await JobsInTransaction.EnqueueAsync<TownCreationJobs>(db.Database, j => j.RunAsync(run.Id, CancellationToken.None), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        db.Entry(run).State = EntityState.Detached;
        await audit.RecordAsync(OperatorActions.TownCreationRequested, requester.OperatorId, requester.Email, run.Slug,
            $"{request.Name} (INSEE {request.Insee}), recette {request.Recipe}, formule {request.Plan ?? "par défaut"}");
        return (run, errors);
    }

    /// <summary>Queues a failed run again (the retry button); false when the run is not failed.</summary>
    public async Task<bool> RetryAsync(Guid runId, TownCreationRequester requester, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var requeued = await db.ProvisioningRuns.Where(r => r.Id == runId && r.Status == ProvisioningRunStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, ProvisioningRunStatus.Queued)
                .SetProperty(r => r.Step, 0)
                .SetProperty(r => r.StepLabel, "En attente")
                .SetProperty(r => r.Error, (string?)null)
                .SetProperty(r => r.FinishedAt, (DateTimeOffset?)null), cancellationToken);
        if (requeued == 0)
            return false;
        await JobsInTransaction.EnqueueAsync<TownCreationJobs>(db.Database, j => j.RunAsync(runId, CancellationToken.None), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var slug = await db.ProvisioningRuns.Where(r => r.Id == runId).Select(r => r.Slug).SingleAsync(cancellationToken);
        await audit.RecordAsync(OperatorActions.TownCreationRetried, requester.OperatorId, requester.Email, slug, null);
        return true;
    }

    public Task<ProvisioningRunRecord?> GetRunAsync(Guid runId, CancellationToken cancellationToken) =>
        db.ProvisioningRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);

    /// <summary>
    /// The job's body. Takes the run (queued, or left running by a worker that died) so two workers
    /// never run it at once; a run already finished is left as it is. <paramref name="onStep"/> sees
    /// each step as it starts (the command line prints it).
    /// </summary>
    public async Task<ProvisioningRunRecord?> RunAsync(Guid runId, Func<ProvisioningRunRecord, Task>? onStep, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var staleBefore = now - StaleRun;
        var taken = await db.ProvisioningRuns
            .Where(r => r.Id == runId && (r.Status == ProvisioningRunStatus.Queued || (r.Status == ProvisioningRunStatus.Running && r.StartedAt < staleBefore)))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ProvisioningRunStatus.Running).SetProperty(r => r.StartedAt, now), cancellationToken);
        var run = await GetRunAsync(runId, cancellationToken);
        if (taken == 0 || run is null)
            return run;

        var request = JsonSerializer.Deserialize<TownCreationRequest>(run.Request)!;
        try
        {
            var recipe = recipes.LoadFromTemplate(request.Recipe!, request.Slug!, request.Name!, request.Insee!, request.Siret, request.Hosts, request.Area);
            Guid? planId = request.Plan is null ? null
                : await db.Plans.Where(p => p.Code == request.Plan).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken)
                    ?? throw new ProvisioningException($"la formule « {request.Plan} » n'existe plus");
            var registration = new TownRegistration(run.TownId!.Value, planId, request.AddressLine, request.PostalCode, request.City, request.SupervisorEmail);
            var (_, town) = await provisioner.ProvisionAsync(recipe,
                new ProvisioningOptions(registration, step => ReportAsync(run, step.Number, step.Label, onStep)), cancellationToken);
            if (request.SupervisorEmail is not null && run.InvitationSentAt is null)
            {
                await ReportAsync(run, run.StepCount, InvitationStep, onStep);
                await InviteSupervisorAsync(town, request.SupervisorEmail, cancellationToken);
                await db.ProvisioningRuns.Where(r => r.Id == runId)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.InvitationSentAt, clock.GetUtcNow()), cancellationToken);
            }
            await FinishAsync(runId, ProvisioningRunStatus.Succeeded, null, cancellationToken);
            await audit.RecordAsync(OperatorActions.TownCreated, null, run.RequestedBy, run.Slug,
                request.SupervisorEmail is null ? null : $"invitation envoyée à {request.SupervisorEmail}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var reason = e is ProvisioningException or RecipeException or InvitationRefusedException
                ? e.Message
                : $"erreur inattendue ({e.GetBaseException().Message})";
            if (e is not ProvisioningException and not RecipeException and not InvitationRefusedException)
                logger.LogError(e, "Création de la commune {Slug} en échec", run.Slug);
            reason = string.Concat(reason[..1].ToUpperInvariant(), reason[1..]);
            await FinishAsync(runId, ProvisioningRunStatus.Failed, reason, CancellationToken.None);
            await audit.RecordAsync(OperatorActions.TownCreationFailed, null, run.RequestedBy, run.Slug, reason);
        }
        return await GetRunAsync(runId, CancellationToken.None);
    }

    private async Task ReportAsync(ProvisioningRunRecord run, int step, string label, Func<ProvisioningRunRecord, Task>? onStep)
    {
        await db.ProvisioningRuns.Where(r => r.Id == run.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Step, step).SetProperty(r => r.StepLabel, label));
        run.Step = step;
        run.StepLabel = label;
        if (onStep is not null)
            await onStep(run);
    }

    private async Task FinishAsync(Guid runId, ProvisioningRunStatus status, string? error, CancellationToken cancellationToken)
    {
        var finished = clock.GetUtcNow();
        // A failure keeps the label of the step that failed: the page says where it stopped.
        await db.ProvisioningRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.Error, error != null && error.Length > 2000 ? error.Substring(0, 2000) : error)
            .SetProperty(r => r.StepLabel, r => status == ProvisioningRunStatus.Succeeded ? "Terminé" : r.StepLabel)
            .SetProperty(r => r.Step, r => status == ProvisioningRunStatus.Succeeded ? r.StepCount : r.Step)
            .SetProperty(r => r.FinishedAt, finished), cancellationToken);
    }

    /// <summary>
    /// The first supervisor, invited inside the town's scope (the mail leaves over SMTP as for any
    /// invitation). A rerun finding the account not yet activated sends the invitation again.
    /// </summary>
    private async Task InviteSupervisorAsync(TenantInfo town, string email, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateTownScope(town with { Status = TenantStatus.Active });
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TownUser>>();
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            if (existing.PasswordHash is null)
                await scope.ServiceProvider.GetRequiredService<AccountMails>().SendInvitationAsync(existing, cancellationToken);
            return;
        }
        var (agent, _, errors) = await scope.ServiceProvider.GetRequiredService<AgentInvitations>().InviteAsync(
            new AgentInvitation("Superviseur", "Mairie", email, AgentRoles.Supervisor, []), cancellationToken);
        if (agent is null)
            throw new InvitationRefusedException($"l'invitation du superviseur a été refusée : {string.Join(" ", errors)}");
    }
}

public sealed class InvitationRefusedException(string message) : Exception(message);

/// <summary>The Hangfire entry point: the job carries the run's id only; the run holds the rest.</summary>
// No automatic retry: a failure is shown on the run's page, and the operator retries from there.
[AutomaticRetry(Attempts = 0)]
public sealed class TownCreationJobs(TownCreation creation)
{
    [Queue("default")]
    public Task RunAsync(Guid runId, CancellationToken cancellationToken) => creation.RunAsync(runId, null, cancellationToken);
}

public static class TownConsoleSetup
{
    public static IServiceCollection AddTownConsole(this IServiceCollection services)
    {
        services.AddScoped<TownCreationValidator>();
        services.AddScoped<TownCreation>();
        services.AddScoped<TownCreationJobs>();
        services.AddScoped<TownList>();
        return services;
    }
}
