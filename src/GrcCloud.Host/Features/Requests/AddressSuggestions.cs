using System.Text.Json;
using GrcCloud.Tenancy;

namespace GrcCloud.Host.Features.Requests;

/// <summary>
/// <c>GET /api/v1/adresses?q=</c> on a town host: suggestions from the Base Adresse Nationale for the
/// town's own commune (its INSEE code). The public API is asked by the server (the pages' CSP allows
/// no other origin) with a short timeout; when it cannot be reached the answer is an empty list and
/// the address field stays a free text field.
/// </summary>
public static class AddressSuggestions
{
    public const string HttpClientName = "ban";

    public static IServiceCollection AddAddressSuggestions(this IServiceCollection services, IConfiguration configuration)
    {
        var baseAddress = configuration["GrcCloud:Addresses:BaseUrl"] is { Length: > 0 } configured ? configured : "https://api-adresse.data.gouv.fr/";
        services.AddSingleton(MapOptions.From(configuration));
        services.AddHttpClient(HttpClientName, client =>
        {
            client.BaseAddress = new Uri(baseAddress);
            client.Timeout = TimeSpan.FromSeconds(2);
        });
        return services;
    }

    public static IEndpointRouteBuilder MapAddressSuggestions(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/adresses", SuggestAsync).WithMetadata(new SiteAttribute(SiteKind.Town));
        return routes;
    }

    private static async Task<IResult> SuggestAsync(string? q, TenantContext tenant, IHttpClientFactory clients, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Trim().Length < 3 || q.Length > 200)
            return Results.Ok(Array.Empty<string>());
        try
        {
            var client = clients.CreateClient(HttpClientName);
            var url = $"search/?q={Uri.EscapeDataString(q.Trim())}&citycode={Uri.EscapeDataString(tenant.Required.InseeCode)}&limit=5";
            using var response = await client.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
                return Results.Ok(Array.Empty<string>());
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var labels = json.RootElement.GetProperty("features").EnumerateArray()
                .Select(f => f.GetProperty("properties").GetProperty("label").GetString())
                .OfType<string>().Take(5).ToArray();
            return Results.Ok(labels);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            logs.CreateLogger(typeof(AddressSuggestions)).LogInformation("Base Adresse Nationale injoignable : {Message}", e.Message);
            return Results.Ok(Array.Empty<string>());
        }
    }
}
