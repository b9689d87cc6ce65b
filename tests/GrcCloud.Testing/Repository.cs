using System.Reflection;
using GrcCloud.Host.Infrastructure;

namespace GrcCloud.Testing;

/// <summary>The checkout under test: found from the working folder, or else the one this library was built from.</summary>
public static class Repository
{
    public static string Root { get; } =
        ProjectPaths.RepositoryRoot
        ?? typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "GrcCloud.RepositoryRoot")?.Value
        ?? throw new InvalidOperationException("Dépôt GrcCloud introuvable (GrcCloud.sln).");

    public static string HostProject => Path.Combine(Root, "src", "GrcCloud.Host");

    public static string Recipes => Path.Combine(Root, "tenants");
}
