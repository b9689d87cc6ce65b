using Microsoft.AspNetCore.WebUtilities;

namespace GrcCloud.FranceConnectSimulator.Endpoints;

internal static class Redirects
{
    /// <summary>The URI with parameters added to its query; empty values (a missing state) are left out.</summary>
    public static IResult To(string uri, params (string Name, string? Value)[] parameters) =>
        Results.Redirect(QueryHelpers.AddQueryString(uri,
            parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => KeyValuePair.Create(p.Name, p.Value))));

    /// <summary>An OAuth error sent back to a verified redirect URI, with the client's state.</summary>
    public static IResult Error(string redirectUri, string error, string description, string? state) =>
        To(redirectUri, ("error", error), ("error_description", description), ("state", state));
}
