using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Admin;

/// <summary>
/// The editor of a theme's form: add, edit, move and remove fields. Every change bumps the theme's
/// form version; requests already submitted keep the copy of the form they were filled with.
/// </summary>
[Authorize(Policy = IdentitySetup.SupervisorPolicy)]
public sealed class FormEditorModel(TenantDbContext db, CatalogueChanges changes) : PageModel
{
    [BindProperty]
    public FieldInput Field { get; set; } = new() { Type = "text" };

    public Theme Theme { get; private set; } = null!;

    /// <summary>The field being edited, null when the form adds one.</summary>
    public FormField? Editing { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? champ, CancellationToken cancellationToken)
    {
        if (await db.Themes.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken) is not { } theme)
            return NotFound();
        Theme = theme;
        if (champ is not null)
        {
            Editing = theme.Fields.FirstOrDefault(f => f.Name == champ);
            if (Editing is null)
                return NotFound();
            Field = FieldInput.From(Editing);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSaveFieldAsync(string slug, CancellationToken cancellationToken)
    {
        if (await db.Themes.SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken) is not { } theme)
            return NotFound();
        Theme = theme;
        var fields = theme.Fields.ToList();
        var index = string.IsNullOrEmpty(Field.Original) ? -1 : fields.FindIndex(f => f.Name == Field.Original);
        if (!string.IsNullOrEmpty(Field.Original) && index < 0)
            return NotFound();
        Editing = index < 0 ? null : fields[index];
        var field = FieldRules.Check(Field, [.. fields.Where((_, i) => i != index)], ModelState);
        if (field is null)
            return Page();
        if (index < 0)
            fields.Add(field);
        else
            fields[index] = field;
        await SaveAsync(theme, fields, index < 0 ? "ajouté" : "modifié", field, cancellationToken);
        return Redirect($"/agents/catalogue/themes/{slug}/formulaire");
    }

    public async Task<IActionResult> OnPostMoveFieldAsync(string slug, string name, int direction, CancellationToken cancellationToken)
    {
        if (await db.Themes.SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken) is not { } theme)
            return NotFound();
        var fields = theme.Fields.ToList();
        var index = fields.FindIndex(f => f.Name == name);
        if (index < 0)
            return NotFound();
        var other = index + Math.Sign(direction);
        if (other >= 0 && other < fields.Count)
        {
            (fields[index], fields[other]) = (fields[other], fields[index]);
            await SaveAsync(theme, fields, direction < 0 ? "monté" : "descendu", fields[other], cancellationToken);
        }
        return Redirect($"/agents/catalogue/themes/{slug}/formulaire");
    }

    public async Task<IActionResult> OnPostRemoveFieldAsync(string slug, string name, CancellationToken cancellationToken)
    {
        if (await db.Themes.SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken) is not { } theme)
            return NotFound();
        Theme = theme;
        var field = theme.Fields.FirstOrDefault(f => f.Name == name);
        if (field is null)
            return NotFound();
        if (theme.IsActive && theme.Fields.Count == 1)
        {
            ModelState.AddModelError(string.Empty, "Un thème publié garde au moins un champ : retirez d'abord le thème du portail.");
            return Page();
        }
        await SaveAsync(theme, [.. theme.Fields.Where(f => f.Name != name)], "retiré", field, cancellationToken);
        return Redirect($"/agents/catalogue/themes/{slug}/formulaire");
    }

    private async Task SaveAsync(Theme theme, List<FormField> fields, string what, FormField field, CancellationToken cancellationToken)
    {
        theme.Fields = fields;
        theme.FormVersion++;
        await changes.SaveAsync(User, AuditAction.ThemeFormUpdated, theme.Slug, $"champ « {field.Name} » {what} ; version {theme.FormVersion}", cancellationToken);
        Done = $"Champ « {field.Label} » {what}. Le formulaire passe en version {theme.FormVersion} ; les demandes déjà reçues gardent le leur.";
    }
}
