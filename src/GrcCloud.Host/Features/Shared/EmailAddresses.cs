using System.ComponentModel.DataAnnotations;
using System.Net.Mail;

namespace GrcCloud.Host.Features.Shared;

/// <summary>
/// The one rule for an e-mail address, wherever a person or a recipe gives one: a bare address
/// ("Nom &lt;a@b.fr&gt;" is refused) whose domain has a dot ("a@b" is refused), 254 characters at most.
/// </summary>
public static class EmailAddresses
{
    public const int MaxLength = 254;
    public const string Invalid = "L'adresse électronique n'est pas valide (exemple : prenom.nom@exemple.fr).";

    public static bool IsValid(string? text) =>
        text is { Length: > 0 and <= MaxLength }
        && MailAddress.TryCreate(text, out var address)
        && address.Address == text
        && address.User.Length > 0
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.StartsWith('.') && !address.Host.EndsWith('.')
        && !address.Host.Contains("..", StringComparison.Ordinal);
}

/// <summary>Form fields: <see cref="EmailAddresses.IsValid"/> with its French message (blanks around the address are forgiven).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class ValidEmailAttribute : ValidationAttribute
{
    public ValidEmailAttribute() : base(EmailAddresses.Invalid) { }

    // Empty is [Required]'s business.
    public override bool IsValid(object? value) => value is not string text || text.Length == 0 || EmailAddresses.IsValid(text.Trim());
}
