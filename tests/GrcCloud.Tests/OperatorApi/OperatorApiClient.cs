using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GrcCloud.Testing;

namespace GrcCloud.Tests.OperatorApi;

/// <summary>What a vendor's tool does: a token from the command line, then HTTP calls to the ops host with it.</summary>
internal static class OperatorApiClient
{
    /// <summary>Creates the operator if needed, then a token for it (<c>operators token create --json</c>); returns the token and its id.</summary>
    public static async Task<(string Token, Guid Id)> TokenAsync(TestPlatform platform, string email, string role = "administrateur", string name = "outil", bool createOperator = true)
    {
        if (createOperator)
        {
            var created = await Cli.RunAsync(platform.ConnectionString, "operators", "create", "--email", email, "--role", role);
            Assert.True(created.ExitCode == 0, created.Error);
        }
        var issued = await Cli.RunAsync(platform.ConnectionString, "operators", "token", "create", "--email", email, "--name", name, "--json");
        Assert.True(issued.ExitCode == 0, issued.Error);
        using var json = JsonDocument.Parse(issued.Output);
        return (json.RootElement.GetProperty("token").GetString()!, json.RootElement.GetProperty("id").GetGuid());
    }

    public static HttpClient Client(TestPlatform platform, string? token, string host = "ops.localhost")
    {
        var client = platform.ClientFor(host);
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A problem details answer: its status, content type and French title.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(response);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    /// <summary>The French messages of one field of a 400's <c>errors</c>.</summary>
    public static async Task<string> FieldErrorAsync(HttpResponseMessage response, string field)
    {
        var problem = await ProblemAsync(response, 400);
        return string.Join(" ", problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, TestContext.Current.CancellationToken);
}
