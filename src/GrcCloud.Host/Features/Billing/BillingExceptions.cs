namespace GrcCloud.Host.Features.Billing;

/// <summary>
/// An action refused with French messages per field ("" for the form as a whole): the console shows
/// them next to the fields, the command line prints them, the operators' API returns them as problem details.
/// </summary>
public sealed class BillingRefusalException(IReadOnlyDictionary<string, string> errors) : Exception(string.Join(" ", errors.Values))
{
    public BillingRefusalException(string field, string message) : this(new Dictionary<string, string> { [field] = message })
    {
    }

    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}

/// <summary>Stripe did not answer, or answered an error, after its retries: nothing was recorded twice, the action can be retried.</summary>
public sealed class BillingUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    public static BillingUnavailableException From(Exception e) => e switch
    {
        Stripe.StripeException s when (int)s.HttpStatusCode is >= 400 and < 500 =>
            new BillingUnavailableException($"Stripe a refusé la demande : {s.StripeError?.Message ?? s.Message}", e),
        _ => new BillingUnavailableException("Stripe n'a pas répondu à temps ou a répondu une erreur. Ce qui a été fait est enregistré et rien n'est créé en double : réessayez dans un instant.", e),
    };

    public static bool IsStripeFailure(Exception e) => e is Stripe.StripeException or HttpRequestException or TaskCanceledException or TimeoutException;
}
