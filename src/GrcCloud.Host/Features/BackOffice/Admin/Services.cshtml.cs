using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Admin;

/// <summary>The town's services in order, with their correspondents; a new service is created here.</summary>
[Authorize(Policy = IdentitySetup.SupervisorPolicy)]
public sealed class ServicesModel(TenantDbContext db, CatalogueChanges changes) : PageModel
{
    public sealed record ServiceRow(string Slug, string Name, string? Email, string? Phone, int Correspondents, int Themes, Rating? Rating);

    /// <summary>The residents' ratings of a service's requests: their average (1 to 5) and number.</summary>
    public sealed record Rating(double Average, int Count)
    {
        public override string ToString() => $"{Average.ToString("0.0", GrcCloud.Host.Features.Requests.RequestLabels.French)} sur 5 ({Count} avis)";
    }

    public sealed class ServiceInput
    {
        public string? Name { get; set; }
        public string? Slug { get; set; }
        public string? Description { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? Position { get; set; }
    }

    /// <summary>The checks shared by creation and edition; null values are errors already in the model state.</summary>
    public sealed record CheckedService(string Name, string? Description, string? Email, string? Phone);

    public static CheckedService? Check(ServiceInput posted, ModelStateDictionary state)
    {
        var input = new AdminInput(state);
        var name = input.Text("Input.Name", posted.Name, "le nom du service", 200);
        var description = input.Text("Input.Description", posted.Description, "la description", 1000, required: false);
        var email = input.Text("Input.Email", posted.Email, "l'adresse électronique", 254, required: false);
        if (email is not null && !Shared.EmailAddresses.IsValid(email))
            state.AddModelError("Input.Email", Shared.EmailAddresses.Invalid);
        var phone = input.Phone("Input.Phone", posted.Phone);
        return state.IsValid && name is not null ? new CheckedService(name, description, email, phone) : null;
    }

    [BindProperty]
    public ServiceInput Input { get; set; } = new();

    public IReadOnlyList<ServiceRow> Services { get; private set; } = [];

    [TempData]
    public string? Done { get; set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var service = Check(Input, ModelState);
        var taken = await db.Services.Select(s => s.Slug).ToListAsync(cancellationToken);
        var slug = new AdminInput(ModelState).Slug("Input.Slug", Input.Slug, Input.Name, 60, taken.Contains);
        if (service is null || slug is null || !ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        var position = await db.Services.Select(s => (int?)s.Position).MaxAsync(cancellationToken) ?? -1;
        db.Services.Add(new TownService
        {
            Id = Guid.CreateVersion7(), Slug = slug, Name = service.Name, Description = service.Description,
            Email = service.Email, Phone = service.Phone, Position = position + 1,
        });
        await changes.SaveAsync(User, AuditAction.ServiceCreated, slug, service.Name, cancellationToken);
        Done = $"Le service « {service.Name} » est créé ; ajoutez-lui ses correspondants.";
        return Redirect($"/agents/catalogue/services/{slug}");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var members = await db.AgentServices.GroupBy(m => m.ServiceId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var themes = await db.Themes.GroupBy(t => t.ServiceId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var ratings = await db.Requests.Where(r => r.SatisfactionScore != null).GroupBy(r => r.ServiceId)
            .Select(g => new { g.Key, Average = g.Average(r => (double)r.SatisfactionScore!), Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => new Rating(g.Average, g.Count), cancellationToken);
        var services = await db.Services.AsNoTracking().OrderBy(s => s.Position).ToListAsync(cancellationToken);
        Services = [.. services.Select(s => new ServiceRow(s.Slug, s.Name, s.Email, s.Phone, members.GetValueOrDefault(s.Id), themes.GetValueOrDefault(s.Id), ratings.GetValueOrDefault(s.Id)))];
    }
}
