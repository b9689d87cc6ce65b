using System.Security.Cryptography;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Integrations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace GrcCloud.Host.Features.BackOffice;

/// <summary>The supervisor registers the town's API clients: service clients (client credentials) and public applications (code + PKCE).</summary>
[Authorize(Policy = IdentitySetup.SupervisorPolicy)]
public sealed class IntegrationsModel(IOpenIddictApplicationManager applications) : PageModel
{
    public sealed record ApplicationRow(string Name, string ClientId, string Kind, IReadOnlyList<string> Scopes);

    [BindProperty] public string? ServiceName { get; set; }
    /// <summary>The scopes the supervisor grants a service client; the first one (grc_api) is ticked by default.</summary>
    [BindProperty] public List<string> ServiceScopes { get; set; } = [AuthorizationServerSetup.ApiScope];
    [BindProperty] public string? PublicName { get; set; }
    [BindProperty] public string? RedirectUri { get; set; }

    public IReadOnlyList<ApplicationRow> Applications { get; private set; } = [];
    public string? CreatedClientId { get; private set; }
    public string? CreatedSecret { get; private set; }
    public string Issuer => $"{Request.Scheme}://{Request.Host}/";

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostServiceAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(ServiceName) || ServiceName.Length > 100)
            ModelState.AddModelError(nameof(ServiceName), "Indiquez le nom du logiciel (100 caractères au plus).");
        if (ServiceScopes.Count == 0 || ServiceScopes.Except(Api.ApiScopes.Offered.Select(o => o.Scope)).Any())
            ModelState.AddModelError(nameof(ServiceScopes), "Cochez au moins une des autorisations proposées.");
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        CreatedClientId = NewClientId();
        CreatedSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = CreatedClientId,
            ClientSecret = CreatedSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = ServiceName!.Trim(),
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
        };
        foreach (var scope in ServiceScopes.Distinct())
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        await applications.CreateAsync(descriptor, cancellationToken);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostPublicAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(PublicName) || PublicName.Length > 100)
            ModelState.AddModelError(nameof(PublicName), "Indiquez le nom de l'application (100 caractères au plus).");
        if (!Uri.TryCreate(RedirectUri, UriKind.Absolute, out var redirect) || redirect.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(redirect.Fragment))
            ModelState.AddModelError(nameof(RedirectUri), "Indiquez une adresse de retour complète, par exemple https://appli.exemple.fr/retour.");
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        CreatedClientId = NewClientId();
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = CreatedClientId,
            ClientType = ClientTypes.Public,
            DisplayName = PublicName!.Trim(),
            RedirectUris = { redirect! },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + AuthorizationServerSetup.ApiScope,
                Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        }, cancellationToken);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var rows = new List<ApplicationRow>();
        await foreach (var application in applications.ListAsync(count: 200, offset: 0, cancellationToken))
        {
            var type = await applications.GetClientTypeAsync(application, cancellationToken);
            rows.Add(new ApplicationRow(
                await applications.GetDisplayNameAsync(application, cancellationToken) ?? "",
                await applications.GetClientIdAsync(application, cancellationToken) ?? "",
                type == ClientTypes.Public ? "application publique" : "client de service",
                [.. (await applications.GetPermissionsAsync(application, cancellationToken))
                    .Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal)).Select(p => p[Permissions.Prefixes.Scope.Length..])]));
        }
        Applications = rows;
    }

    private static string NewClientId() => "grc-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
