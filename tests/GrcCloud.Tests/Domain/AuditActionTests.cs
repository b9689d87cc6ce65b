using GrcCloud.Host.Features.Audit;

namespace GrcCloud.Tests.Domain;

/// <summary>The audit actions' catalogue: every action reads in French in the journal, and the stored codes are the ones the column always held.</summary>
public sealed class AuditActionTests
{
    [Fact]
    public void Every_action_has_a_french_label_and_its_own_code()
    {
        Assert.NotEmpty(AuditAction.All);
        Assert.All(AuditAction.All, a => Assert.False(string.IsNullOrWhiteSpace(a.Label), a.Code));
        Assert.All(AuditAction.All, a => Assert.NotEqual(a.Code, a.Label));
        Assert.Equal(AuditAction.All.Count, AuditAction.All.Select(a => a.Code).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(AuditAction.All.Count, AuditAction.All.Select(a => a.Label).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_stored_codes_are_unchanged_and_an_unknown_one_reads_as_written()
    {
        string[] stored =
        [
            "request.viewed", "request.taken", "request.assigned", "request.transferred", "request.status", "request.note", "request.call",
            "request.visit_scheduled", "request.visit_recorded", "request.information_requested", "request.validation_requested",
            "request.validation_decided", "request.resolved", "request.rejected", "request.closed", "request.reopened", "request.counter_entry",
            "requests.exported", "agent.preferences", "family.created", "family.updated", "family.moved", "family.deleted", "theme.created",
            "theme.updated", "theme.form_updated", "service.created", "service.updated", "service.correspondent_added",
            "service.correspondent_removed", "reply.created", "reply.updated", "reply.deleted", "mail.updated", "mail.restored",
            "town.contact_updated", "town.banner_set", "town.banner_cleared", "webhook.subscribed", "webhook.deleted",
            "open311_key_issued", "open311_key_revoked",
        ];
        Assert.Equal(stored.Order(StringComparer.Ordinal), AuditAction.All.Select(a => a.Code).Order(StringComparer.Ordinal));
        Assert.Equal("Demande consultée", AuditAction.LabelOf("request.viewed"));
        Assert.False(AuditAction.IsKnown("request.future_action"));
        Assert.Equal("request.future_action", AuditAction.LabelOf("request.future_action"));
    }
}
