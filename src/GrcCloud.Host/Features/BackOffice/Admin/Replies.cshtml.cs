using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Admin;

/// <summary>Reply templates bound to a status, for the whole town or one theme; agents pick them when they answer.</summary>
[Authorize(Policy = IdentitySetup.SupervisorPolicy)]
public sealed class RepliesModel(TenantDbContext db, CatalogueChanges changes) : PageModel
{
    public sealed record ReplyRow(Guid Id, RequestStatus Status, string Theme, string Title, string Body);

    public sealed class ReplyInput
    {
        public string? Id { get; set; }
        public string? Status { get; set; }
        public string? ThemeId { get; set; }
        public string? Title { get; set; }
        public string? Body { get; set; }
    }

    [BindProperty]
    public ReplyInput Input { get; set; } = new();

    public IReadOnlyList<ReplyRow> Replies { get; private set; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> ThemeOptions { get; private set; } = [];
    public static IReadOnlyList<KeyValuePair<string, string>> StatusOptions { get; } =
        [.. Enum.GetValues<RequestStatus>().Select(s => new KeyValuePair<string, string>(s.ToString(), RequestLabels.Status(s)))];

    public bool Editing => !string.IsNullOrEmpty(Input.Id);

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (id is not null)
        {
            if (await db.ReplyTemplates.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } reply)
                return NotFound();
            Input = new ReplyInput { Id = reply.Id.ToString(), Status = reply.Status.ToString(), ThemeId = reply.ThemeId?.ToString() ?? "", Title = reply.Title, Body = reply.Body };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var input = new AdminInput(ModelState);
        var replyId = Guid.TryParse(Input.Id, out var parsed) ? parsed : Guid.Empty;
        var existing = Editing ? await db.ReplyTemplates.SingleOrDefaultAsync(r => r.Id == replyId, cancellationToken) : null;
        if (Editing && existing is null)
            return NotFound();
        var status = input.Choice("Input.Status", Input.Status, StatusOptions.Select(s => s.Key), "Choisissez un état de la liste.");
        Guid? themeId = string.IsNullOrEmpty(Input.ThemeId) ? null
            : input.OneOf("Input.ThemeId", Input.ThemeId, ThemeOptions.Skip(1).Select(t => Guid.Parse(t.Key)), "Choisissez un thème de la liste.");
        var title = input.Text("Input.Title", Input.Title, "le titre du modèle", 200);
        var body = input.Text("Input.Body", Input.Body, "le texte de la réponse", 8000);
        if (body is not null && ReplyPlaceholders.Unknown(body) is { Count: > 0 } unknown)
            ModelState.AddModelError("Input.Body", $"Repère inconnu : {string.Join(", ", unknown)}. Les repères possibles sont {string.Join(", ", ReplyPlaceholders.All)}.");
        if (!ModelState.IsValid || status is null || title is null || body is null)
            return Page();
        var reply = existing ?? db.ReplyTemplates.Add(new ReplyTemplate { Id = Guid.CreateVersion7(), Title = title, Body = body }).Entity;
        reply.Status = Enum.Parse<RequestStatus>(status);
        reply.ThemeId = themeId;
        reply.Title = title;
        reply.Body = body;
        await changes.SaveAsync(User, existing is null ? AuditAction.ReplyCreated : AuditAction.ReplyUpdated, title, RequestLabels.Status(reply.Status), cancellationToken);
        Done = $"Le modèle « {title} » est enregistré.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await db.ReplyTemplates.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } reply)
            return NotFound();
        db.ReplyTemplates.Remove(reply);
        await changes.SaveAsync(User, AuditAction.ReplyDeleted, reply.Title, RequestLabels.Status(reply.Status), cancellationToken);
        Done = $"Le modèle « {reply.Title} » est supprimé.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var themes = await db.Themes.AsNoTracking().OrderBy(t => t.Title).Select(t => new { t.Id, t.Title }).ToListAsync(cancellationToken);
        ThemeOptions = [new("", "Tous les thèmes"), .. themes.Select(t => new KeyValuePair<string, string>(t.Id.ToString(), t.Title))];
        var titles = themes.ToDictionary(t => t.Id, t => t.Title);
        var replies = await db.ReplyTemplates.AsNoTracking().ToListAsync(cancellationToken);
        Replies = [.. replies
            .OrderBy(r => r.Status).ThenBy(r => r.ThemeId is null ? 0 : 1).ThenBy(r => r.Title, StringComparer.CurrentCulture)
            .Select(r => new ReplyRow(r.Id, r.Status, r.ThemeId is { } id ? titles.GetValueOrDefault(id) ?? "?" : "Tous les thèmes", r.Title, r.Body))];
    }
}
