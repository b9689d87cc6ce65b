using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.BackOffice.Workflow;
using GrcCloud.Host.Features.Requests.Forms;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Requests;

/// <summary>A file of the request as the agent's page lists it: where it came from and whether the resident sees it.</summary>
public sealed record RequestFileEntry(Guid Id, string FileName, long Size, string Origin, bool IsPublic, Guid? EventId);

/// <summary>Everything the agent's page shows of one request, read in a few queries.</summary>
public sealed class RequestFile
{
    public required ServiceRequest Request { get; init; }
    public string ServiceName { get; private set; } = "";
    public bool RequiresValidation { get; private set; }
    public bool SiteVisitUsual { get; private set; }
    public bool ResidentHasAccount { get; private set; }
    public IReadOnlyList<RequestFileEntry> Files { get; private set; } = [];
    public IReadOnlyList<ValidationRequest> Validations { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> OfficialNames { get; private set; } = new Dictionary<Guid, string>();
    public IReadOnlyList<SiteVisit> Visits { get; private set; } = [];
    public IReadOnlyList<Actor> ServiceAgents { get; private set; } = [];
    public IReadOnlyList<Actor> Officials { get; private set; } = [];
    /// <summary>Who may be sent on a site visit: the service's agents, its elected officials aside (they decide, they do not inspect).</summary>
    public IReadOnlyList<Actor> VisitAgents => [.. ServiceAgents.Where(a => !Officials.Any(o => o.Id == a.Id))];
    public IReadOnlyList<TownService> OtherServices { get; private set; } = [];
    /// <summary>Days past the due date while the request is still open; 0 when on time or done.</summary>
    public int DaysOverdue { get; private set; }
    /// <summary>Now in Paris time, as a "datetime-local" value: the call form's default.</summary>
    public string NowLocal { get; private set; } = "";

    public ValidationRequest? PendingValidation => Validations.FirstOrDefault(v => v.Decision == ValidationDecision.Pending);
    public SiteVisit? PlannedVisit => Visits.FirstOrDefault(v => v.RecordedAt is null);
    public bool IsDone => RequestStates.IsDoneStatus(Request.Status);

    public async Task LoadAsync(TenantDbContext db, RequestWorkflow workflow, TimeProvider clock, CancellationToken cancellationToken)
    {
        var r = Request;
        ServiceName = await db.Services.AsNoTracking().Where(s => s.Id == r.ServiceId).Select(s => s.Name).SingleAsync(cancellationToken);
        var theme = await db.Themes.AsNoTracking().Where(t => t.Id == r.ThemeId).Select(t => new { t.RequiresValidation, t.SiteVisitUsual }).SingleOrDefaultAsync(cancellationToken);
        RequiresValidation = theme?.RequiresValidation ?? false;
        SiteVisitUsual = theme?.SiteVisitUsual ?? false;
        ResidentHasAccount = r.ResidentId is not null && await db.Users.AnyAsync(u => u.Id == r.ResidentId, cancellationToken);
        Files = (await db.RequestAttachments.AsNoTracking().Where(a => a.RequestId == r.Id).OrderBy(a => a.UploadedAt)
            .Select(a => new RequestFileEntry(a.Id, a.FileName, a.Size, a.Origin, a.IsPublic, a.EventId)).ToListAsync(cancellationToken))
            .ConvertAll(f => f with { FileName = AttachmentChecks.ShownName(f.FileName) }); // rows stored before names were cleaned
        Validations = await db.Validations.AsNoTracking().Where(v => v.RequestId == r.Id).OrderByDescending(v => v.AskedAt).ToListAsync(cancellationToken);
        var officialIds = Validations.Select(v => v.OfficialId).Distinct().ToList();
        OfficialNames = (await db.Users.AsNoTracking().Where(u => officialIds.Contains(u.Id)).ToListAsync(cancellationToken)).ToDictionary(u => u.Id, u => u.DisplayName);
        Visits = await db.SiteVisits.AsNoTracking().Where(v => v.RequestId == r.Id).OrderBy(v => v.ScheduledFor).ToListAsync(cancellationToken);
        ServiceAgents = await workflow.ServiceAgentsAsync(r.ServiceId, cancellationToken);
        Officials = await workflow.OfficialsAsync(cancellationToken);
        OtherServices = await db.Services.AsNoTracking().Where(s => s.Id != r.ServiceId).OrderBy(s => s.Position).ThenBy(s => s.Name).ToListAsync(cancellationToken);
        DaysOverdue = RequestStates.DaysOverdue(r.Status, r.DueOn, Shared.ParisTime.Today(clock));
        NowLocal = Shared.ParisTime.Local(clock.GetUtcNow()).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>How each kind of timeline event reads on the agent's page.</summary>
    public static string KindLabel(RequestEventKind kind) => kind.Label;

    public static string OriginLabel(string origin) => origin switch
    {
        "visit" => "photo de visite",
        "agent" => "ajoutée par un agent",
        _ => "envoyée par l'habitant",
    };
}
