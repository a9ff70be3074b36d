using System.Security.Cryptography;
using System.Text;

namespace Sportall.Portal.Identity;

/// <summary>
/// The one-time secret of the set-up link logged on a first run without Portal:AdminEmail/AdminPassword.
/// It lives only in memory: a restart prints a new one, and creating the platform admin spends it.
/// </summary>
public sealed class SetupToken
{
    private string? _value;

    public string? Value => Volatile.Read(ref _value);

    public string Issue()
    {
        var value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        Volatile.Write(ref _value, value);
        return value;
    }

    public bool Matches(string? candidate)
    {
        var value = Value;
        if (value is null || candidate is null) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(value), Encoding.ASCII.GetBytes(candidate));
    }

    public void Spend() => Volatile.Write(ref _value, null);
}
