namespace GrcCloud.Host.Infrastructure;

/// <summary>Where the repository's folders are when the host runs from a checkout (local run, tests).</summary>
public static class ProjectPaths
{
    /// <summary>The folder holding GrcCloud.sln, searched upwards from the working folder then from the binaries.</summary>
    public static string? RepositoryRoot { get; } = FindRoot(Directory.GetCurrentDirectory()) ?? FindRoot(AppContext.BaseDirectory);

    private static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GrcCloud.sln")))
                return dir.FullName;
        }
        return null;
    }

    public static string RecipesFolder(IConfiguration configuration) =>
        configuration["GrcCloud:Recipes:Folder"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryRoot ?? AppContext.BaseDirectory, "tenants");

    public static string PrivateClusterFolder(IConfiguration configuration) =>
        configuration["GrcCloud:Database:PrivateClusterFolder"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryRoot ?? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), ".data", "postgres");
}
