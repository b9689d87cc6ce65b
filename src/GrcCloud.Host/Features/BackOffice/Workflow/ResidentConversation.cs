using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Requests;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Workflow;

/// <summary>
/// The resident's side of the conversation: answering an information request (which resumes the
/// request where it was) or sending a message to the service. Only the request's own resident may
/// write; followers of a report read its progress only.
/// </summary>
public sealed class ResidentConversation(TenantDbContext db, RequestTimeline timeline, TimeProvider clock)
{
    public const string TextInput = "message.texte";
    public const string FilesInput = "message.fichiers";
    public const int MaxFiles = 5;

    public async Task<WorkflowResult> PostAsync(Guid residentId, string residentName, Guid requestId, string? text, IReadOnlyList<NewAttachment> files, CancellationToken cancellationToken = default)
    {
        var request = await db.Requests.SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null)
            return WorkflowResult.NotFound;
        if (request.ResidentId != residentId)
            return WorkflowResult.Forbidden;
        if (!request.Allows(RequestAction.ResidentWrites))
            return WorkflowResult.Refused(TextInput, "Cette demande est clôturée : faites une nouvelle demande si besoin.");
        if (string.IsNullOrWhiteSpace(text))
            return WorkflowResult.Refused(TextInput, "Écrivez votre message.");
        if (text.Length > RequestWorkflow.MaxText)
            return WorkflowResult.Refused(TextInput, $"Votre message compte {RequestWorkflow.MaxText} caractères au plus.");

        // The aggregate puts a request that waited for the resident back where it was.
        var answering = request.ResidentWrites().From == RequestStatus.AwaitingResident;
        var entry = timeline.Stage(request.Id, answering ? RequestEventKind.ResidentReply : RequestEventKind.ResidentMessage,
            (answering ? "Réponse du demandeur : " : "Message du demandeur : ") + text.Trim(), residentId, residentName);
        var now = clock.GetUtcNow();
        foreach (var file in files)
        {
            db.RequestAttachments.Add(new RequestAttachment
            {
                Id = Guid.CreateVersion7(), RequestId = request.Id, FileName = file.FileName, ContentType = file.ContentType,
                Size = file.Content.Length, Content = file.Content, UploadedAt = now, Origin = "resident", IsPublic = true, EventId = entry.Id,
            });
        }
        request.UpdatedAt = now;
        try
        {
            await timeline.SaveAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return WorkflowResult.Conflict("Le service vient de mettre à jour votre demande : relisez-la, puis envoyez de nouveau votre message.");
        }
        return WorkflowResult.Done(answering ? "Votre réponse a été transmise au service." : "Votre message a été transmis au service.");
    }
}
