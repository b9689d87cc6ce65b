using AngleSharp.Dom;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using GrcCloud.Tests.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Workflow;

/// <summary>The people of the workflow tests (agents, officials, residents), signed in through the real pages, and a look into a town's data.</summary>
internal static class WorkflowPeople
{
    public const string Password = TownAccounts.Password;

    /// <summary>An account made directly (the invitation has its own tests), then signed in through the agents' sign-in page.</summary>
    public static async Task<WebSession> AgentAsync(IdentityPlatform env, string email, string name, string role, string? service, string slug = "lavaur")
    {
        var parts = name.Split(' ', 2);
        await env.Platform.CreateAgentAsync(slug, email, role, service is null ? [] : [service], parts[0], parts[1]);
        var session = env.Session($"{slug}.localhost");
        var signedIn = await ResidentAccountTests.SignInAsync(session, email, Password, "/agents/connexion");
        Assert.Equal("/agents", signedIn.Headers.Location?.OriginalString);
        return session;
    }

    public static async Task<WebSession> ResidentAsync(IdentityPlatform env, string email, string name)
    {
        var parts = name.Split(' ', 2);
        await env.Platform.CreateResidentAsync("lavaur", email, parts[0], parts[1], "05 63 00 00 00");
        var session = env.Session();
        var signedIn = await ResidentAccountTests.SignInAsync(session, email, Password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signedIn.StatusCode);
        return session;
    }

    /// <summary>Submits the "rendez-vous with an elected official" form (Cabinet du maire) and returns the reference.</summary>
    public static async Task<string> SubmitAsync(WebSession resident)
    {
        var sent = await resident.SubmitAsync(SubmitRequestTests.Form, await SubmitRequestTests.ValidAnswersAsync(resident));
        return sent.Headers.Location!.OriginalString.Split('/')[2];
    }

    /// <summary>A "datetime-local" value in Paris time, <paramref name="fromNow"/> away from now.</summary>
    public static string ParisLocal(TimeSpan fromNow) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.Add(fromNow), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static Task<T> InTownAsync<T>(IdentityPlatform env, Func<TenantDbContext, Task<T>> read, string slug = "lavaur") =>
        env.Platform.InTownAsync(slug, services => read(services.GetRequiredService<TenantDbContext>()));

    public static Task<ServiceRequest> RequestAsync(IdentityPlatform env, string reference) =>
        InTownAsync(env, db => db.Requests.AsNoTracking().Include(r => r.Events).SingleAsync(r => r.Reference == reference));

    /// <summary>Posts one of the page's forms as a browser would (multipart, hidden fields and anti-forgery token included).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(WebSession session, string url, string formSelector, IReadOnlyDictionary<string, string> values,
        params (string Field, string FileName, string ContentType, byte[] Content)[] files)
    {
        var page = await session.PageAsync(url);
        return await PostFormAsync(session, page, url, formSelector, values, files);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(WebSession session, IDocument page, string url, string formSelector, IReadOnlyDictionary<string, string> values,
        params (string Field, string FileName, string ContentType, byte[] Content)[] files)
    {
        var form = page.QuerySelector(formSelector) ?? throw new InvalidOperationException($"Aucun formulaire « {formSelector} » dans {url}");
        var content = new MultipartFormDataContent();
        foreach (var hidden in form.QuerySelectorAll("input[type=hidden]"))
        {
            if (hidden.GetAttribute("name") is { } name && !values.ContainsKey(name))
                content.Add(new StringContent(hidden.GetAttribute("value") ?? ""), name);
        }
        foreach (var (name, value) in values)
            content.Add(new StringContent(value), name);
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(file.ContentType);
            content.Add(part, file.Field, file.FileName);
        }
        var action = new Uri(new Uri(session.BaseAddress, url), form.GetAttribute("action") ?? url);
        return await session.PostAsync(action.PathAndQuery, content);
    }

    /// <summary>A JPEG with an Exif segment (where a camera puts the GPS position) before its image data.</summary>
    public static readonly byte[] Photo = [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x08, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00, 0xFF, 0xDA, 0x00, 0x02, 0x01, 0x02, 0x03, 0xFF, 0xD9];

    public static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();
}
