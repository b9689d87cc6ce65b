using System.Security.Cryptography;
using System.Text;

namespace GrcCloud.FranceConnectSimulator;

/// <summary>
/// FranceConnect gives each service provider its own <c>sub</c> for the same person, so two towns
/// cannot match their users by it. Derived, not stored: stable across restarts.
/// </summary>
public static class PairwiseSubject
{
    // Fixed on purpose: a simulator secret, not a real one.
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("grccloud-franceconnect-simulator-pairwise-v1");

    /// <summary>64 lowercase hex characters.</summary>
    public static string Compute(string clientId, string login)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        ArgumentNullException.ThrowIfNull(login);
        // The NUL separator keeps ("ab", "c") and ("a", "bc") apart.
        var message = Encoding.UTF8.GetBytes($"{clientId}\0{login.Normalize(NormalizationForm.FormC)}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(Secret, message));
    }
}
