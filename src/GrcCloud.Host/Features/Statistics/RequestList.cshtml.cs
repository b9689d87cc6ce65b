using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Statistics;

/// <summary>/agents/statistiques/demandes.csv: the requests received in the period, within the reader's rights (<see cref="RequestListExport"/>).</summary>
[Authorize(Policy = IdentitySetup.AgentPolicy)]
public sealed class RequestListModel(TenantDbContext db, RequestListExport export, AuditLog audit, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await StatisticsReader.LoadAsync(db, User, cancellationToken) is not { } reader)
            return Forbid();
        var (period, errors) = StatisticsPeriod.Parse(Request.Query, ParisTime.Today(clock));
        if (errors.Count > 0)
            return BadRequest();
        // Who took a copy of the town's requests, and with what, is for the supervisor to read.
        await audit.RecordNowAsync(User, AuditAction.RequestsExported, period.Label,
            reader.SeesPersonalData ? "Liste des demandes avec données personnelles" + (reader.ReadsInternalNotes ? " et notes internes" : "") : "Liste des demandes sans donnée personnelle", cancellationToken);
        Response.ContentType = FrenchCsv.ContentType;
        Response.Headers.ContentDisposition = $"attachment; filename=\"demandes-{period.From:yyyy-MM-dd}-{period.To:yyyy-MM-dd}.csv\"";
        Response.Headers.CacheControl = "no-store";
        await using var csv = new FrenchCsv(Response.Body);
        await export.WriteAsync(csv, reader, period, cancellationToken);
        return new EmptyResult();
    }
}
