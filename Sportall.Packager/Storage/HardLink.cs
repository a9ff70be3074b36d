using System.Runtime.InteropServices;

namespace Sportall.Packager.Storage;

/// <summary>link(2): a second name for a file on the same file system. .NET has no API for it.</summary>
internal static partial class HardLink
{
    private const int NoSuchFile = 2; // ENOENT

    /// <summary>
    /// Gives <paramref name="existing"/> the further name <paramref name="newPath"/>. False where that cannot be done
    /// (another file system, one without hard links, not Linux): the caller copies instead. A missing
    /// <paramref name="existing"/> throws <see cref="FileNotFoundException"/>, as opening it would.
    /// </summary>
    public static bool TryCreate(string existing, string newPath)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            if (Link(existing, newPath) == 0) return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        if (Marshal.GetLastPInvokeError() == NoSuchFile && !File.Exists(existing))
        {
            throw new FileNotFoundException($"Could not find file '{existing}'.", existing);
        }
        return false;
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string newPath);
}
