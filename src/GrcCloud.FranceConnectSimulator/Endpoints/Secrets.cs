using System.Security.Cryptography;
using System.Text;

namespace GrcCloud.FranceConnectSimulator.Endpoints;

internal static class Secrets
{
    /// <summary>Constant-time comparison, as a real provider would do for passwords and client secrets.</summary>
    public static bool Same(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
