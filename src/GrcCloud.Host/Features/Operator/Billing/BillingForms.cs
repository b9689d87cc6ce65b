using GrcCloud.Host.Features.Billing;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GrcCloud.Host.Features.Operator.Billing;

/// <summary>What the billing pages share: the acting operator, refusals shown next to their fields.</summary>
public static class BillingForms
{
    public static BillingActor Actor(System.Security.Claims.ClaimsPrincipal user) => new(OperatorAccess.Id(user), OperatorAccess.Email(user));

    public static void AddErrors(ModelStateDictionary state, BillingRefusalException refusal)
    {
        foreach (var (field, message) in refusal.Errors)
            state.AddModelError(field, message);
    }
}
