namespace GrcCloud.Tenancy;

/// <summary>
/// The town the current unit of work acts for: set once per request by the middleware, or per job
/// and per command by whoever creates the scope. Scoped; never shared between towns.
/// </summary>
public sealed class TenantContext
{
    private TenantInfo? _tenant;

    public TenantInfo? Tenant => _tenant;

    public TenantInfo Required =>
        _tenant ?? throw new InvalidOperationException("Aucune commune n'est associée à ce traitement.");

    public void Set(TenantInfo tenant)
    {
        if (_tenant is not null && _tenant.Id != tenant.Id)
            throw new InvalidOperationException("La commune d'un traitement ne peut pas changer en cours de route.");
        _tenant = tenant;
    }
}
