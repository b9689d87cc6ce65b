using System.Globalization;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Admin;

/// <summary>One service: its name, contacts and order, and its correspondents (the agents its requests reach).</summary>
[Authorize(Policy = IdentitySetup.SupervisorPolicy)]
public sealed class ServiceEditModel(TenantDbContext db, CatalogueChanges changes) : PageModel
{
    public sealed record Person(Guid Id, string Name, string Email);

    [BindProperty]
    public ServicesModel.ServiceInput Input { get; set; } = new();

    public TownService Service { get; private set; } = null!;
    public IReadOnlyList<Person> Correspondents { get; private set; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Candidates { get; private set; } = [];

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
            return NotFound();
        Input = new ServicesModel.ServiceInput
        {
            Name = Service.Name, Description = Service.Description, Email = Service.Email, Phone = Service.Phone,
            Position = (Service.Position + 1).ToString(CultureInfo.InvariantCulture),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
            return NotFound();
        var service = ServicesModel.Check(Input, ModelState);
        var rank = new AdminInput(ModelState).Number("Input.Position", Input.Position, "le rang", 1, 1000);
        if (service is null || rank is null)
            return Page();
        var all = await db.Services.Where(s => s.Id != Service.Id).OrderBy(s => s.Position).ToListAsync(cancellationToken);
        var tracked = await db.Services.SingleAsync(s => s.Id == Service.Id, cancellationToken);
        all.Insert(Math.Min(rank.Value - 1, all.Count), tracked);
        for (var i = 0; i < all.Count; i++)
            all[i].Position = i;
        var details = tracked.Name == service.Name ? null : $"« {tracked.Name} » → « {service.Name} »";
        (tracked.Name, tracked.Description, tracked.Email, tracked.Phone) = (service.Name, service.Description, service.Email, service.Phone);
        await changes.SaveAsync(User, AuditAction.ServiceUpdated, slug, details, cancellationToken);
        Done = $"Le service « {service.Name} » est enregistré.";
        return Redirect($"/agents/catalogue/services/{slug}");
    }

    public async Task<IActionResult> OnPostAddAsync(string slug, string? agent, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
            return NotFound();
        var id = new AdminInput(ModelState).OneOf("agent", agent, Candidates.Select(c => Guid.Parse(c.Key)), "Choisissez un agent de la liste.");
        if (id is null)
            return Page();
        db.AgentServices.Add(new AgentServiceMembership { UserId = id.Value, ServiceId = Service.Id });
        var name = Candidates.First(c => c.Key == id.Value.ToString()).Value;
        await changes.SaveAsync(User, AuditAction.ServiceCorrespondentAdded, slug, name, cancellationToken);
        Done = $"{name} reçoit désormais les demandes du service.";
        return Redirect($"/agents/catalogue/services/{slug}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(string slug, Guid agent, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
            return NotFound();
        var membership = await db.AgentServices.SingleOrDefaultAsync(m => m.ServiceId == Service.Id && m.UserId == agent, cancellationToken);
        if (membership is null)
            return NotFound();
        db.AgentServices.Remove(membership);
        var name = Correspondents.First(c => c.Id == agent).Name;
        await changes.SaveAsync(User, AuditAction.ServiceCorrespondentRemoved, slug, name, cancellationToken);
        Done = $"{name} ne reçoit plus les demandes du service.";
        return Redirect($"/agents/catalogue/services/{slug}");
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        if (await db.Services.AsNoTracking().SingleOrDefaultAsync(s => s.Slug == slug, cancellationToken) is not { } service)
            return false;
        Service = service;
        var agents = await db.Users.AsNoTracking().Where(u => u.Kind == UserKind.Agent).ToListAsync(cancellationToken);
        var members = await db.AgentServices.AsNoTracking().Where(m => m.ServiceId == service.Id).Select(m => m.UserId).ToListAsync(cancellationToken);
        var people = agents.Select(a => new Person(a.Id, a.DisplayName, a.Email ?? "")).OrderBy(p => p.Name, StringComparer.CurrentCulture).ToList();
        Correspondents = [.. people.Where(p => members.Contains(p.Id))];
        Candidates = [.. people.Where(p => !members.Contains(p.Id)).Select(p => new KeyValuePair<string, string>(p.Id.ToString(), $"{p.Name} ({p.Email})"))];
        return true;
    }
}
