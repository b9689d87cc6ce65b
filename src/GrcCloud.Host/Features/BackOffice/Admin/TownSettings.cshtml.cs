using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Admin;

/// <summary>The town's emergency banner (shown on every portal page while set) and the town hall's contact details.</summary>
[Authorize(Policy = IdentitySetup.SupervisorPolicy)]
public sealed class TownSettingsModel(TenantDbContext db, CatalogueChanges changes) : PageModel
{
    public sealed class ContactInput
    {
        public string? Address { get; set; }
        public string? Phone { get; set; }
        public string? Email { get; set; }
        public string? Hours { get; set; }
    }

    [BindProperty]
    public string? Banner { get; set; }

    [BindProperty]
    public ContactInput Contact { get; set; } = new();

    public string? CurrentBanner { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var settings = await db.Settings.AsNoTracking().SingleAsync(cancellationToken);
        CurrentBanner = Banner = settings.EmergencyBanner;
        Contact = new ContactInput { Address = settings.ContactAddress, Phone = settings.ContactPhone, Email = settings.ContactEmail, Hours = settings.ContactHours };
    }

    public async Task<IActionResult> OnPostBannerAsync(CancellationToken cancellationToken)
    {
        var settings = await db.Settings.SingleAsync(cancellationToken);
        CurrentBanner = settings.EmergencyBanner;
        var banner = new AdminInput(ModelState).Text(nameof(Banner), Banner, "le texte du bandeau", 300);
        if (banner is null)
            return Page();
        settings.EmergencyBanner = banner;
        await changes.SaveAsync(User, AuditAction.TownBannerSet, "bandeau", banner, cancellationToken);
        Done = "Le bandeau est affiché sur toutes les pages du portail.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostClearBannerAsync(CancellationToken cancellationToken)
    {
        var settings = await db.Settings.SingleAsync(cancellationToken);
        settings.EmergencyBanner = null;
        await changes.SaveAsync(User, AuditAction.TownBannerCleared, "bandeau", null, cancellationToken);
        Done = "Le bandeau est retiré du portail.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostContactAsync(CancellationToken cancellationToken)
    {
        var settings = await db.Settings.SingleAsync(cancellationToken);
        CurrentBanner = settings.EmergencyBanner;
        var input = new AdminInput(ModelState);
        var address = input.Text("Contact.Address", Contact.Address, "l'adresse de la mairie", 300, required: false);
        var phone = input.Phone("Contact.Phone", Contact.Phone);
        var email = input.Text("Contact.Email", Contact.Email, "l'adresse électronique", 254, required: false);
        var hours = input.Text("Contact.Hours", Contact.Hours, "les horaires", 300, required: false);
        if (email is not null && !Shared.EmailAddresses.IsValid(email))
            ModelState.AddModelError("Contact.Email", Shared.EmailAddresses.Invalid);
        if (!ModelState.IsValid)
            return Page();
        (settings.ContactAddress, settings.ContactPhone, settings.ContactEmail, settings.ContactHours) = (address, phone, email, hours);
        await changes.SaveAsync(User, AuditAction.TownContactUpdated, "coordonnées", null, cancellationToken);
        Done = "Les coordonnées de la mairie sont enregistrées.";
        return RedirectToPage();
    }
}
