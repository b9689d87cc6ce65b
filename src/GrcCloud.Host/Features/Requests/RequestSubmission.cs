using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Notifications.Jobs;
using GrcCloud.Host.Features.Portal;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GrcCloud.Host.Features.Requests;

public sealed record NewRequest(
    ThemeView Theme, IReadOnlyList<RequestAnswer> Answers, Guid SubmissionKey, RequestChannel Channel,
    Guid? ResidentId, string? ContactName, string? ContactEmail, string? ContactPhone,
    IReadOnlyList<NewAttachment>? Attachments = null);

/// <summary>A checked file (type from its content, photo location metadata already removed).</summary>
public sealed record NewAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Records a request in one transaction (request, first timeline events, the job that mails the
/// acknowledgement). The same form submitted twice (double click, retry after a timeout) gives the
/// first request back: the form's submission key is unique.
/// </summary>
public sealed class RequestSubmission(TenantDbContext db, TenantContext tenant, PortalCatalogue portal, TimeProvider clock, Webhooks.WebhookOutbox webhooks)
{
    public async Task<ServiceRequest> SubmitAsync(NewRequest submitted, CancellationToken cancellationToken)
    {
        // One connection for every statement of the submission: each open of a pooled connection
        // costs a reset and a SET search_path, twice the round trips of the work itself.
        // A failed save rolls the whole transaction back: no savepoint (two more round trips) to keep it usable.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await RecordAsync(submitted, cancellationToken);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<ServiceRequest> RecordAsync(NewRequest submitted, CancellationToken cancellationToken)
    {
        // No lookup of the submission key first: its unique index refuses a second request (below), and
        // a statement on every submission for the rare double click cost more than the number it wastes.
        // The theme as the form was checked against (the catalogue of the current version).
        var theme = submitted.Theme;
        var now = clock.GetUtcNow();
        var today = Shared.ParisTime.DayOf(now);
        var request = new ServiceRequest
        {
            Id = Guid.CreateVersion7(),
            Reference = "",
            ThemeId = theme.Id,
            ThemeTitle = theme.Title,
            ServiceId = theme.ServiceId,
            FormVersion = theme.FormVersion,
            Form = [.. theme.Fields],
            Answers = [.. submitted.Answers],
            ResidentId = submitted.ResidentId,
            ContactName = submitted.ContactName,
            ContactEmail = submitted.ContactEmail,
            ContactPhone = submitted.ContactPhone,
            Channel = submitted.Channel,
            ReceivedAt = now,
            UpdatedAt = now,
            // The town's day (Paris), as the queues and the reminders count it.
            DueOn = today.AddDays(theme.DueDays),
            SubmissionKey = submitted.SubmissionKey,
        };
        request.Attachments.AddRange((submitted.Attachments ?? []).Select(a => new RequestAttachment
        {
            Id = Guid.CreateVersion7(),
            FileName = a.FileName,
            ContentType = a.ContentType,
            Size = a.Content.Length,
            Content = a.Content,
            UploadedAt = now,
        }));
        // The number is taken before the transaction, in its own short statement: the counter's row
        // lock is then held for a fraction of a millisecond, not for the whole submission (which made
        // every submission of a town wait for the previous one). A failed submission leaves a gap.
        // The year is the town's (Paris): a request at 00:30 on 1 January is numbered in the new year.
        request.Reference = await NextReferenceAsync(today.Year, cancellationToken);
        request.Events.Add(new RequestEvent
        {
            Id = Guid.CreateVersion7(),
            At = now,
            Kind = RequestEventKind.Received,
            IsPublic = RequestEventKind.Received.IsPublic,
            Text = $"Demande reçue et transmise au service {submitted.Theme.Service.Name}.",
        });
        request.Events.Add(new RequestEvent
        {
            Id = Guid.CreateVersion7(),
            At = now.AddTicks(1),
            Kind = RequestEventKind.FirstReply,
            IsPublic = RequestEventKind.FirstReply.IsPublic,
            AuthorName = submitted.Theme.Service.Name,
            Text = await FirstReplyAsync(request, cancellationToken),
        });

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.Requests.Add(request);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await EnqueueMailsAsync(request, cancellationToken);
                await webhooks.RecordAsync(request.Events, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // The same form was recorded before (double click, retry after a timeout): answer with that request.
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return await FindBySubmissionAsync(submitted.SubmissionKey, cancellationToken)
                    ?? throw new InvalidOperationException("Demande introuvable après un conflit d'enregistrement.", e);
            }
        }

        return request;
    }

    /// <summary>
    /// The acknowledgement to the resident and the new-request mail to the service's correspondents, as
    /// one job retried while the SMTP server is down, enqueued in the submission's transaction: a
    /// committed request always has its mails, a rolled-back one never.
    /// </summary>
    private Task EnqueueMailsAsync(ServiceRequest request, CancellationToken cancellationToken)
    {
        var town = tenant.Required.Id;
        return JobsInTransaction.EnqueueAsync<TownJobs>(db.Database, j => j.MailNewRequestAsync(town, request.Id, null, CancellationToken.None), cancellationToken);
    }

    /// <summary>
    /// The automatic first reply: the town's reply template for "acknowledged" (the theme's own, else
    /// the town-wide one), or a plain statement of the expected delay.
    /// </summary>
    private async Task<string> FirstReplyAsync(ServiceRequest request, CancellationToken cancellationToken)
    {
        var dueDate = request.DueOn.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));
        var replies = await portal.GetAcknowledgementRepliesAsync(cancellationToken);
        if ((replies.GetValueOrDefault(request.ThemeId) ?? replies.GetValueOrDefault(Guid.Empty)) is not { } template)
            return $"Votre demande a bien été reçue. Le service prévoit d'y répondre d'ici le {dueDate} ; ce délai est indicatif.";
        return Notifications.TownMailer.Fill(template, new Dictionary<string, string?>
        {
            ["reference"] = request.Reference,
            ["name"] = request.ContactName,
            ["theme"] = request.ThemeTitle,
            ["due_date"] = dueDate,
        });
    }

    private Task<ServiceRequest?> FindBySubmissionAsync(Guid key, CancellationToken cancellationToken) =>
        db.Requests.AsNoTracking().SingleOrDefaultAsync(r => r.SubmissionKey == key, cancellationToken);

    /// <summary>"LAV-2026-000123": the town's prefix, the year, the year's next number (unique; gaps only after a failed or repeated submission).</summary>
    private async Task<string> NextReferenceAsync(int year, CancellationToken cancellationToken)
    {
        // ToList, not Single: an INSERT ... RETURNING cannot be wrapped in the LIMIT that Single adds.
        var next = (await db.Database.SqlQuery<int>($"""
            INSERT INTO reference_counters (year, next) VALUES ({year}, 2)
            ON CONFLICT (year) DO UPDATE SET next = reference_counters.next + 1
            RETURNING next - 1 AS "Value"
            """).ToListAsync(cancellationToken))[0];
        return $"{Prefix(tenant.Required.Slug)}-{year}-{next:D6}";
    }

    public static string Prefix(string slug) =>
        new string([.. slug.Where(char.IsAsciiLetter).Take(3)]).ToUpperInvariant().PadRight(3, 'X');
}
