using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace GrcCloud.Data;

// Used only by `dotnet ef migrations add`: no database is contacted.
internal sealed class PlatformDesignTimeFactory : IDesignTimeDbContextFactory<PlatformDbContext>
{
    public PlatformDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PlatformDbContext>()
        .UseNpgsql("Host=localhost", npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", PlatformDbContext.Schema))
        .UseSnakeCaseNamingConvention().Options);
}

internal sealed class TenantDesignTimeFactory : IDesignTimeDbContextFactory<TenantDbContext>
{
    public TenantDbContext CreateDbContext(string[] args)
    {
        var tenant = new TenantContext();
        tenant.Set(new TenantInfo(Guid.Empty, "design", "Design", "t_design", [], TenantStatus.Active, "00000", null));
        var options = new DbContextOptionsBuilder<TenantDbContext>();
        DataServiceCollectionExtensions.ConfigureTenantContext(options, new NpgsqlDataSourceBuilder("Host=localhost").Build(), new SearchPathInterceptor());
        return new TenantDbContext(options.Options, tenant);
    }
}
