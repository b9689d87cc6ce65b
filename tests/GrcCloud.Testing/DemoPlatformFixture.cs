using GrcCloud.Tenancy;
using GrcCloud.Host.Features.Provisioning;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Testing;

/// <summary>A platform with the demo towns of tenants/ provisioned, shared by the tests of a class that only read.</summary>
public sealed class DemoPlatformFixture(PostgresFixture postgres) : IAsyncLifetime
{
    public TestPlatform Platform { get; private set; } = null!;
    private bool _started;

    public async ValueTask InitializeAsync()
    {
        Platform = await TestPlatform.StartAsync(postgres);
        _started = true;
        var loader = Platform.Services.GetRequiredService<RecipeLoader>();
        var provisioner = Platform.Services.GetRequiredService<TownProvisioner>();
        foreach (var folder in loader.TownFolders())
            await provisioner.ProvisionAsync(loader.LoadTown(folder));
        await Platform.WaitForRegistryAsync(r => r.FindBySlug("lavaur")?.Status == TenantStatus.Active && r.FindBySlug("gaillac")?.Status == TenantStatus.Active);
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
            await Platform.DisposeAsync();
    }
}
