using GrcCloud.Host.Features.Identity.FranceConnect;
using GrcCloud.Tenancy;

namespace GrcCloud.Host.Features.Provisioning;

public sealed record DemoTown(TownRecipe Recipe, TenantInfo Town, ProvisioningOutcome Outcome);

/// <summary>
/// The town folders of tenants/, provisioned for the local run. Idempotent: an existing town is left
/// as it is, except that a demo town's FranceConnect credentials are set if it has none yet (towns
/// made before the recipes carried them).
/// </summary>
public sealed class DemoTowns(RecipeLoader loader, TownProvisioner provisioner, IServiceScopeFactory scopes)
{
    public async Task<IReadOnlyList<DemoTown>> ProvisionAllAsync(CancellationToken cancellationToken = default)
    {
        var towns = new List<DemoTown>();
        foreach (var folder in loader.TownFolders())
        {
            var recipe = loader.LoadTown(folder);
            var (outcome, town) = await provisioner.ProvisionAsync(recipe, cancellationToken);
            if (outcome == ProvisioningOutcome.AlreadyExists && recipe.Town.Franceconnect is { } fc)
            {
                await using var scope = scopes.CreateAsyncScope();
                var store = scope.ServiceProvider.GetRequiredService<FranceConnectCredentialsStore>();
                if (await store.FindAsync(town.Id, cancellationToken) is null)
                    await store.SetAsync(town.Id, fc.Environment!, fc.ClientId!, fc.ClientSecret!, cancellationToken);
            }
            towns.Add(new DemoTown(recipe, town, outcome));
        }
        return towns;
    }
}
