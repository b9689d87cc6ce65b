using GrcCloud.Data.Towns;

namespace GrcCloud.Tests.Domain;

/// <summary>The kinds of timeline events and what follows from each: pure rules, no database.</summary>
public sealed class RequestEventKindTests
{
    [Fact]
    public void Every_kind_holding_the_residents_words_is_hidden_from_followers_and_never_mailed()
    {
        var words = RequestEventKind.All.Where(k => k.HoldsResidentWords).ToList();
        Assert.Equal([RequestEventKind.ResidentReply, RequestEventKind.ResidentMessage], words);
        Assert.All(words, k =>
        {
            Assert.True(k.IsPublic); // the resident and the agents read them
            Assert.Null(k.FollowerText);
            Assert.DoesNotContain(k, RequestEventKind.FollowerKinds);
            Assert.Null(k.MailTemplate);
        });
    }

    [Fact]
    public void An_internal_kind_is_never_mailed_nor_shown_to_followers()
    {
        var internals = RequestEventKind.All.Where(k => !k.IsPublic).ToList();
        Assert.Contains(RequestEventKind.InternalNote, internals);
        Assert.Contains(RequestEventKind.TransferReason, internals);
        Assert.Contains(RequestEventKind.ValidationRequested, internals);
        Assert.All(internals, k =>
        {
            Assert.Null(k.MailTemplate);
            Assert.Null(k.FollowerText);
            Assert.False(k.TellsNewService);
        });
    }

    [Fact]
    public void Followers_are_told_only_of_public_kinds_in_their_own_wording()
    {
        Assert.NotEmpty(RequestEventKind.FollowerKinds);
        Assert.All(RequestEventKind.FollowerKinds, k =>
        {
            Assert.True(k.IsPublic);
            Assert.False(k.HoldsResidentWords);
            Assert.StartsWith("Le signalement", k.FollowerText!.Replace("Le service", "Le signalement", StringComparison.Ordinal)
                .Replace("Signalement", "Le signalement", StringComparison.Ordinal), StringComparison.Ordinal);
        });
        // The automatic first reply fills in the reporter's name: followers never see it.
        Assert.DoesNotContain(RequestEventKind.FirstReply, RequestEventKind.FollowerKinds);
    }

    [Theory]
    [InlineData("received", null)]
    [InlineData("first_reply", null)]
    [InlineData("status", "status_changed")]
    [InlineData("transferred", "status_changed")]
    [InlineData("closed", "status_changed")]
    [InlineData("reopened", "status_changed")]
    [InlineData("information_requested", "information_requested")]
    [InlineData("resolved", "resolved")]
    [InlineData("rejected", "rejected")]
    public void Each_public_kind_sends_its_mail(string name, string? mail)
    {
        var kind = RequestEventKind.FromName(name);
        Assert.True(kind.IsPublic);
        Assert.Equal(mail, kind.MailTemplate);
    }

    [Fact]
    public void Stored_names_are_unchanged_and_read_back_as_the_same_instance()
    {
        string[] stored = ["received", "first_reply", "status", "transferred", "transfer_reason", "information_requested",
            "resolved", "rejected", "closed", "reopened", "reopen_reason", "resident_reply", "resident_message", "assigned",
            "internal_note", "phone_call", "visit_scheduled", "visit_recorded", "validation_requested", "validation_decided", "counter_entry"];
        Assert.Equal(stored.Order(StringComparer.Ordinal), RequestEventKind.All.Select(k => k.Name).Order(StringComparer.Ordinal));
        Assert.All(stored, name => Assert.Same(RequestEventKind.All.Single(k => k.Name == name), RequestEventKind.FromName(name)));
        Assert.All(RequestEventKind.All, k => Assert.True(k.Name.Length <= 40)); // the column's width
    }

    [Fact]
    public void An_unknown_stored_name_reads_as_internal_shown_to_no_resident()
    {
        var unknown = RequestEventKind.FromName("written_by_a_newer_version");
        Assert.False(unknown.IsPublic);
        Assert.Null(unknown.FollowerText);
        Assert.Null(unknown.MailTemplate);
        Assert.Equal("written_by_a_newer_version", unknown.Name);
        Assert.Equal(RequestEventKind.FromName("written_by_a_newer_version"), unknown);
    }

    [Fact]
    public void Only_a_transfer_tells_the_new_service() =>
        Assert.Equal([RequestEventKind.Transferred], RequestEventKind.All.Where(k => k.TellsNewService));
}
