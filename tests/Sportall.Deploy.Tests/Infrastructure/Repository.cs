namespace Sportall.Deploy.Tests.Infrastructure;

/// <summary>Paths in the repository the tests check (found by walking up to Sportall.sln).</summary>
public static class Repository
{
    public static readonly string Root = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string Deploy(params string[] parts) => Path(["deploy", .. parts]);

    public static readonly string[] Overlays = ["single-node", "production"];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Sportall.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Sportall.sln not found above " + AppContext.BaseDirectory);
    }
}
