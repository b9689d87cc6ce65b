namespace GrcCloud.Host.Features.BackOffice.Admin;

/// <summary>The placeholders a reply template may use; the recipes and the editor refuse any other.</summary>
public static class ReplyPlaceholders
{
    public static readonly IReadOnlyList<string> All = ["{reference}", "{name}", "{theme}", "{due_date}"];

    /// <summary>The placeholders of <paramref name="text"/> that do not exist ("{nom}", "{date}").</summary>
    public static IReadOnlyList<string> Unknown(string text) => Notifications.TownMailer.UnknownPlaceholders(text, All);
}
