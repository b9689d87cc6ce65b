using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Notifications;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Admin;

/// <summary>
/// The town's mail texts (first from the recipe): subject and body of each mail, with the placeholders
/// that mail fills, a preview with example values, and the link the person follows kept in every text.
/// </summary>
[Authorize(Policy = IdentitySetup.SupervisorPolicy)]
public sealed class MailTextsModel(TenantDbContext db, CatalogueChanges changes) : PageModel
{
    public sealed record MailRow(MailKind Kind, string Subject);

    public IReadOnlyList<MailRow> Mails { get; private set; } = [];

    /// <summary>The mail being edited (?cle=…), null on the list alone.</summary>
    public MailKind? Editing { get; private set; }

    [BindProperty]
    public string? Subject { get; set; }

    [BindProperty]
    public string? Body { get; set; }

    public string? PreviewSubject { get; private set; }
    public string? PreviewBody { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(string? cle, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (cle is null)
            return Page();
        if (MailKinds.Find(cle) is not { } kind || await db.MailTemplates.AsNoTracking().SingleOrDefaultAsync(m => m.Key == kind.Key, cancellationToken) is not { } text)
            return NotFound();
        Editing = kind;
        (Subject, Body) = (text.Subject, text.Body);
        await PreviewAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? cle, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (MailKinds.Find(cle) is not { } kind || await db.MailTemplates.SingleOrDefaultAsync(m => m.Key == kind.Key, cancellationToken) is not { } text)
            return NotFound();
        Editing = kind;
        var input = new AdminInput(ModelState);
        var subject = input.Text(nameof(Subject), Subject, "l'objet du courriel", 200);
        var body = input.Text(nameof(Body), Body, "le texte du courriel", 8000);
        foreach (var (key, value) in new[] { (nameof(Subject), subject), (nameof(Body), body) })
        {
            if (value is not null && MailKinds.Unknown(kind, value) is { Count: > 0 } unknown)
                ModelState.AddModelError(key, $"Repère inconnu : {string.Join(", ", unknown)}. Ce courriel remplit {string.Join(", ", kind.Placeholders)}.");
        }
        if (body is not null && !body.Contains("{link}", StringComparison.Ordinal))
            ModelState.AddModelError(nameof(Body), "Gardez le repère {link} dans le texte : c'est le lien que la personne suit.");
        if (!ModelState.IsValid || subject is null || body is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        (text.Subject, text.Body) = (subject, body);
        await changes.SaveAsync(User, AuditAction.MailUpdated, kind.Label, null, cancellationToken);
        Done = $"Le courriel « {kind.Label} » est enregistré : il part ainsi dès maintenant.";
        return RedirectToPage(new { cle = kind.Key });
    }

    /// <summary>Back to the text provisioning gave (the town's recipe or its template), for a text that went wrong.</summary>
    public async Task<IActionResult> OnPostRetablirAsync(string? cle, CancellationToken cancellationToken)
    {
        if (MailKinds.Find(cle) is not { } kind || await db.MailTemplates.SingleOrDefaultAsync(m => m.Key == kind.Key, cancellationToken) is not { } text)
            return NotFound();
        (text.Subject, text.Body) = (text.OriginalSubject, text.OriginalBody);
        await changes.SaveAsync(User, AuditAction.MailRestored, kind.Label, null, cancellationToken);
        Done = $"Le courriel « {kind.Label} » a retrouvé son texte d'origine.";
        return RedirectToPage(new { cle = kind.Key });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var subjects = await db.MailTemplates.AsNoTracking().ToDictionaryAsync(m => m.Key, m => m.Subject, cancellationToken);
        Mails = [.. MailKinds.All.Where(k => subjects.ContainsKey(k.Key)).Select(k => new MailRow(k, subjects[k.Key]))];
    }

    private async Task PreviewAsync(CancellationToken cancellationToken)
    {
        var town = await db.Settings.AsNoTracking().Select(s => s.Name).SingleAsync(cancellationToken);
        var examples = MailKinds.Examples(town);
        PreviewSubject = TownMailer.Fill(Subject ?? "", examples);
        PreviewBody = TownMailer.Fill(Body ?? "", examples);
    }
}
