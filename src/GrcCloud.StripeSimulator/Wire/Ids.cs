using System.Security.Cryptography;

namespace GrcCloud.StripeSimulator.Wire;

/// <summary>Stripe-looking identifiers: the prefix tells the kind of object (cus_, sub_, in_…).</summary>
public static class Ids
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string New(string prefix) => prefix + "_" + RandomNumberGenerator.GetString(Alphabet, 24);
}
