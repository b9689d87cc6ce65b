using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Operator;

public sealed class IndexModel(TenancyOptions options) : PageModel
{
    public string BaseDomain => options.BaseDomain;
}
