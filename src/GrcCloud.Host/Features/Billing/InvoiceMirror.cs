using GrcCloud.Data.Platform;
using GrcCloud.Data.Platform.Billing;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace GrcCloud.Host.Features.Billing;

/// <summary>
/// Keeps the local copy of a town's invoices from Stripe's invoice objects, whatever order they come
/// in: an object never moves an invoice back (a late "finalized" after "paid" changes nothing).
/// </summary>
public sealed class InvoiceMirror(PlatformDbContext db, BillingClock clock)
{
    public async Task<BillingInvoice> UpsertAsync(Guid tenantId, Invoice invoice, CancellationToken cancellationToken)
    {
        var row = db.BillingInvoices.Local.FirstOrDefault(i => i.StripeInvoiceId == invoice.Id)
            ?? await db.BillingInvoices.SingleOrDefaultAsync(i => i.StripeInvoiceId == invoice.Id, cancellationToken);
        if (row is null)
        {
            row = new BillingInvoice { StripeInvoiceId = invoice.Id, TenantId = tenantId, Status = invoice.Status ?? "draft", CreatedAt = invoice.Created };
            db.BillingInvoices.Add(row);
        }
        else if (Rank(invoice.Status) < Rank(row.Status))
        {
            return row; // an older picture of the invoice: what we hold is newer
        }
        var periods = invoice.Lines?.Data?.Where(l => l.Period is not null && l.Period.End > l.Period.Start).Select(l => l.Period).ToList() ?? [];
        row.Status = invoice.Status ?? row.Status;
        row.Number = invoice.Number ?? row.Number;
        row.TotalCents = invoice.Total;
        row.AmountRemainingCents = invoice.AmountRemaining;
        row.DueDate = invoice.DueDate is { } due ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)) : row.DueDate;
        row.PeriodStart = periods.Count > 0 ? Utc(periods.Min(p => p.Start)) : row.PeriodStart ?? Utc(invoice.PeriodStart);
        row.PeriodEnd = periods.Count > 0 ? Utc(periods.Max(p => p.End)) : row.PeriodEnd ?? Utc(invoice.PeriodEnd);
        row.PaidAt = invoice.StatusTransitions?.PaidAt is { } paid ? Utc(paid) : row.PaidAt;
        row.PdfUrl = invoice.InvoicePdf ?? row.PdfUrl;
        row.HostedUrl = invoice.HostedInvoiceUrl ?? row.HostedUrl;
        row.UpdatedAt = clock.Now;
        return row;
    }

    /// <summary>draft → open → paid, void or uncollectible (which can still be paid).</summary>
    private static int Rank(string? status) => status switch
    {
        "draft" => 0,
        "open" => 1,
        "uncollectible" => 2,
        "paid" or "void" => 3,
        _ => -1,
    };

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
