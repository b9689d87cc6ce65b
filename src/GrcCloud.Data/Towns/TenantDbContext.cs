using System.Text.Json;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace GrcCloud.Data.Towns;

/// <summary>
/// One town's data. The model has no schema: <see cref="SearchPathInterceptor"/> points each
/// connection at the town's schema when it opens, so every town shares one model and one pool.
/// </summary>
public sealed class TenantDbContext : IdentityDbContext<TownUser, IdentityRole<Guid>, Guid>
{
    public TenantDbContext(DbContextOptions<TenantDbContext> options, TenantContext tenantContext) : base(options)
    {
        var schema = tenantContext.Required.SchemaName;
        if (!TenantNames.IsValidSchemaName(schema))
            throw new InvalidOperationException($"Nom de schéma invalide : {schema}");
        SchemaName = schema;
    }

    public string SchemaName { get; }

    public DbSet<TownSettings> Settings => Set<TownSettings>();
    public DbSet<TownService> Services => Set<TownService>();
    public DbSet<ThemeFamily> Families => Set<ThemeFamily>();
    public DbSet<Theme> Themes => Set<Theme>();
    public DbSet<MailTemplate> MailTemplates => Set<MailTemplate>();
    public DbSet<AgentServiceMembership> AgentServices => Set<AgentServiceMembership>();
    public DbSet<ServiceRequest> Requests => Set<ServiceRequest>();
    public DbSet<RequestEvent> RequestEvents => Set<RequestEvent>();
    public DbSet<RequestAttachment> RequestAttachments => Set<RequestAttachment>();
    public DbSet<RequestDraft> RequestDrafts => Set<RequestDraft>();
    public DbSet<RequestFollower> RequestFollowers => Set<RequestFollower>();
    public DbSet<ReferenceCounter> ReferenceCounters => Set<ReferenceCounter>();
    public DbSet<ValidationRequest> Validations => Set<ValidationRequest>();
    public DbSet<SiteVisit> SiteVisits => Set<SiteVisit>();
    public DbSet<ReplyTemplate> ReplyTemplates => Set<ReplyTemplate>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<MailDelivery> MailDeliveries => Set<MailDelivery>();
    public DbSet<Open311ApiKey> Open311ApiKeys => Set<Open311ApiKey>();
    public DbSet<Webhooks.WebhookSubscription> WebhookSubscriptions => Set<Webhooks.WebhookSubscription>();
    public DbSet<Webhooks.WebhookDelivery> WebhookDeliveries => Set<Webhooks.WebhookDelivery>();

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(TenantDbContext).Assembly, t => t.Namespace == typeof(Webhooks.WebhookSubscription).Namespace);
        var modelBuilder = builder;
        builder.ApplyConfiguration(new Open311ApiKeyConfiguration());
        modelBuilder.Entity<TownUser>(user =>
        {
            user.ToTable("users");
            user.Property(u => u.Kind).HasConversion<string>().HasMaxLength(20);
            user.HasIndex(u => u.FranceConnectSub).IsUnique().HasFilter("france_connect_sub IS NOT NULL");
            // One account per address in a town; FranceConnect accounts may have none.
            user.HasIndex(u => u.NormalizedEmail).HasDatabaseName("EmailIndex").IsUnique().HasFilter("normalized_email IS NOT NULL");
            foreach (var name in new[] { nameof(TownUser.GivenName), nameof(TownUser.FamilyName), nameof(TownUser.UsageName) })
                user.Property(name).HasMaxLength(200);
            user.Property(u => u.BirthDate).HasMaxLength(10);
            user.Property(u => u.BirthPlace).HasMaxLength(5);
            user.Property(u => u.BirthCountry).HasMaxLength(5);
            user.Property(u => u.Gender).HasMaxLength(20);
            user.Property(u => u.FranceConnectSub).HasMaxLength(128);
        });
        modelBuilder.Entity<IdentityRole<Guid>>().ToTable("roles").HasData(AgentRoles.All.Select((role, i) => new IdentityRole<Guid>
        {
            // Fixed ids and stamps: the roles are part of the schema, the same in every town.
            Id = new Guid($"00000000-0000-7000-8000-0000000000{i + 1:D2}"),
            Name = role,
            NormalizedName = role.ToUpperInvariant(),
            ConcurrencyStamp = role,
        }));
        modelBuilder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        modelBuilder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        modelBuilder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        modelBuilder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        modelBuilder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");
        modelBuilder.Entity<AgentServiceMembership>(membership =>
        {
            membership.ToTable("agent_services");
            membership.HasKey(m => new { m.UserId, m.ServiceId });
            membership.HasOne<TownUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
            membership.HasOne<TownService>().WithMany().HasForeignKey(m => m.ServiceId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<TownSettings>(settings =>
        {
            settings.ToTable("town_settings");
            settings.HasKey(s => s.Id);
            settings.Property(s => s.Id).ValueGeneratedNever();
            settings.Property(s => s.PrimaryColor).HasMaxLength(7);
            settings.Property(s => s.AccentColor).HasMaxLength(7);
            settings.Property(s => s.LogoContentType).HasMaxLength(50);
        });
        modelBuilder.Entity<TownService>(service =>
        {
            service.ToTable("services");
            service.HasIndex(s => s.Slug).IsUnique();
            service.Property(s => s.Slug).HasMaxLength(60);
            service.Property(s => s.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<ThemeFamily>(family =>
        {
            family.ToTable("theme_families");
            family.HasIndex(f => f.Slug).IsUnique();
            family.Property(f => f.Slug).HasMaxLength(60);
            family.Property(f => f.Title).HasMaxLength(200);
            family.HasMany(f => f.Themes).WithOne(t => t.Family).HasForeignKey(t => t.FamilyId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Theme>(theme =>
        {
            theme.ToTable("themes");
            theme.HasIndex(t => t.Slug).IsUnique();
            theme.HasIndex(t => new { t.FamilyId, t.Position });
            theme.Property(t => t.Slug).HasMaxLength(80);
            theme.Property(t => t.Title).HasMaxLength(200);
            theme.Property(t => t.Identification).HasConversion<string>().HasMaxLength(20);
            theme.Property(t => t.Silence).HasConversion<string>().HasMaxLength(20);
            theme.HasOne(t => t.Service).WithMany().HasForeignKey(t => t.ServiceId).OnDelete(DeleteBehavior.Restrict);
            theme.Property(t => t.Fields).HasColumnType("jsonb").HasConversion(Json<List<FormField>>(), JsonComparer<List<FormField>>());
        });
        modelBuilder.Entity<ServiceRequest>(request =>
        {
            request.ToTable("requests");
            request.HasIndex(r => r.Reference).IsUnique();
            request.HasIndex(r => r.SubmissionKey).IsUnique();
            request.HasIndex(r => new { r.ResidentId, r.ReceivedAt });
            // A service's queue counts (mine, unassigned, overdue, to validate) read only this index.
            request.HasIndex(r => new { r.ServiceId, r.Status, r.DueOn }).IncludeProperties(r => new { r.AssignedToId });
            request.Property(r => r.Reference).HasMaxLength(20);
            request.Property(r => r.ThemeTitle).HasMaxLength(200);
            request.Property(r => r.ContactName).HasMaxLength(200);
            request.Property(r => r.ContactEmail).HasMaxLength(254);
            request.Property(r => r.ContactPhone).HasMaxLength(30);
            request.Property(r => r.SatisfactionComment).HasMaxLength(1000);
            request.ToTable(t => t.HasCheckConstraint("ck_requests_satisfaction", "satisfaction_score IS NULL OR satisfaction_score BETWEEN 1 AND 5"));
            request.Property(r => r.Channel).HasConversion<string>().HasMaxLength(20);
            request.Property(r => r.Status).HasConversion<string>().HasMaxLength(30);
            request.Property(r => r.Form).HasColumnType("jsonb").HasConversion(Json<List<FormField>>(), JsonComparer<List<FormField>>());
            request.Property(r => r.Answers).HasColumnType("jsonb").HasConversion(Json<List<RequestAnswer>>(), JsonComparer<List<RequestAnswer>>());
            request.HasOne<Theme>().WithMany().HasForeignKey(r => r.ThemeId).OnDelete(DeleteBehavior.Restrict);
            request.HasOne<TownService>().WithMany().HasForeignKey(r => r.ServiceId).OnDelete(DeleteBehavior.Restrict);
            // Deleting an account keeps the town's requests, detached from the person.
            request.HasOne<TownUser>().WithMany().HasForeignKey(r => r.ResidentId).OnDelete(DeleteBehavior.SetNull);
            request.HasMany(r => r.Events).WithOne().HasForeignKey(e => e.RequestId).OnDelete(DeleteBehavior.Cascade);
            request.HasMany(r => r.Attachments).WithOne().HasForeignKey(a => a.RequestId).OnDelete(DeleteBehavior.Cascade);
            request.HasIndex(r => new { r.ThemeId, r.ClosedAt });
            request.HasIndex(r => new { r.AssignedToId, r.Status });
            // The statistics read only these two covering indexes (index-only scans): requests received
            // in a period, and requests done in a period with their delay. Without them a year of a
            // 1,000,000-request town reads the whole wide table (forms and answers in jsonb).
            request.HasIndex(r => r.ReceivedAt).IncludeProperties(r => new { r.ThemeId, r.ServiceId, r.Channel, r.Status, r.ClosedAt, r.DueOn });
            request.HasIndex(r => r.ClosedAt).HasDatabaseName("ix_requests_done_at").HasFilter("closed_at IS NOT NULL")
                .IncludeProperties(r => new { r.ReceivedAt, r.ThemeId, r.ServiceId, r.DueOn, r.Status });
            // Open requests by due date: the overdue queue and the morning's reminders read only these; with the
            // service, the statistics' backlog of today (open now, by service and age) is read from it alone, and
            // with the status and assignee the town-wide queue counts too (the open requests, not the history).
            request.HasIndex(r => new { r.DueOn, r.ReceivedAt }).HasDatabaseName("ix_requests_open_due")
                .HasFilter($"status NOT IN ({RequestStates.DoneSqlList})").IncludeProperties(r => new { r.ServiceId, r.Status, r.AssignedToId });
            request.Property(r => r.AssignedToName).HasMaxLength(200);
            request.Property(r => r.ResumeStatus).HasConversion<string>().HasMaxLength(30);
            request.Property(r => r.Version).IsRowVersion();
            request.HasOne<TownUser>().WithMany().HasForeignKey(r => r.AssignedToId).OnDelete(DeleteBehavior.SetNull);
            // The back-office search: reference, contact name, theme and every text answer, in one GIN index.
            request.Property<NpgsqlTypes.NpgsqlTsVector>("SearchVector")
                .HasComputedColumnSql("to_tsvector('simple'::regconfig, reference || ' ' || coalesce(contact_name, '') || ' ' || coalesce(contact_email, '') || ' ' || theme_title) || jsonb_to_tsvector('simple'::regconfig, answers, '[\"string\"]')", stored: true);
            request.HasIndex("SearchVector").HasMethod("GIN");
        });
        modelBuilder.Entity<ValidationRequest>(v =>
        {
            v.ToTable("validations");
            v.HasIndex(x => new { x.OfficialId, x.Decision });
            v.HasIndex(x => x.RequestId);
            v.Property(x => x.Decision).HasConversion<string>().HasMaxLength(20);
            v.Property(x => x.AskedByName).HasMaxLength(200);
            v.Property(x => x.Question).HasMaxLength(4000);
            v.Property(x => x.Comment).HasMaxLength(4000);
            v.HasOne<ServiceRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
            v.HasOne<TownUser>().WithMany().HasForeignKey(x => x.OfficialId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<SiteVisit>(v =>
        {
            v.ToTable("site_visits");
            v.HasIndex(x => x.RequestId);
            v.HasIndex(x => new { x.AgentId, x.ScheduledFor });
            v.Property(x => x.AgentName).HasMaxLength(200);
            v.Property(x => x.Findings).HasMaxLength(8000);
            v.HasOne<ServiceRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
            v.HasOne<TownUser>().WithMany().HasForeignKey(x => x.AgentId).OnDelete(DeleteBehavior.SetNull);
        });
        modelBuilder.Entity<ReplyTemplate>(t =>
        {
            t.ToTable("reply_templates");
            t.HasIndex(x => new { x.ThemeId, x.Status });
            t.Property(x => x.Status).HasConversion<string>().HasMaxLength(30);
            t.Property(x => x.Title).HasMaxLength(200);
            t.Property(x => x.Body).HasMaxLength(8000);
            t.HasOne<Theme>().WithMany().HasForeignKey(x => x.ThemeId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<AuditEntry>(a =>
        {
            a.ToTable("audit_log");
            a.HasIndex(x => x.At);
            a.HasIndex(x => new { x.Subject, x.At });
            a.Property(x => x.UserName).HasMaxLength(200);
            a.Property(x => x.Action).HasMaxLength(60);
            a.Property(x => x.Subject).HasMaxLength(200);
            a.Property(x => x.Details).HasMaxLength(4000);
        });
        modelBuilder.Entity<MailDelivery>(m =>
        {
            m.ToTable("mail_deliveries");
            m.HasKey(x => x.Key);
            m.Property(x => x.Key).HasMaxLength(200);
        });
        modelBuilder.Entity<RequestEvent>(e =>
        {
            e.ToTable("request_events");
            e.HasIndex(x => new { x.RequestId, x.At });
            e.Property(x => x.Kind).HasMaxLength(40).HasConversion(k => k.Name, name => RequestEventKind.FromName(name));
            e.Property(x => x.AuthorName).HasMaxLength(200);
        });
        modelBuilder.Entity<RequestAttachment>(a =>
        {
            a.ToTable("request_attachments");
            a.Property(x => x.FileName).HasMaxLength(255);
            a.Property(x => x.ContentType).HasMaxLength(100);
            a.Property(x => x.Origin).HasMaxLength(20);
        });
        modelBuilder.Entity<RequestDraft>(d =>
        {
            d.ToTable("request_drafts");
            d.HasKey(x => new { x.ResidentId, x.ThemeId });
            d.Property(x => x.Values).HasColumnType("jsonb").HasConversion(Json<Dictionary<string, List<string>>>(), JsonComparer<Dictionary<string, List<string>>>());
            d.HasOne<TownUser>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Cascade);
            d.HasOne<Theme>().WithMany().HasForeignKey(x => x.ThemeId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<RequestFollower>(f =>
        {
            f.ToTable("request_followers");
            f.HasKey(x => new { x.RequestId, x.ResidentId });
            f.HasIndex(x => x.ResidentId);
            f.HasOne<ServiceRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
            f.HasOne<TownUser>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ReferenceCounter>(c =>
        {
            c.ToTable("reference_counters");
            c.HasKey(x => x.Year);
            c.Property(x => x.Year).ValueGeneratedNever();
        });
        modelBuilder.Entity<MailTemplate>(mail =>
        {
            mail.ToTable("mail_templates");
            mail.HasKey(m => m.Key);
            mail.Property(m => m.Key).HasMaxLength(60);
        });
    }

    /// <summary>A JSON column of a list, compared by content so edits are saved.</summary>
    private static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string> Json<T>() where T : class, new() =>
        new(v => JsonSerializer.Serialize(v, JsonOptions), json => JsonSerializer.Deserialize<T>(json, JsonOptions) ?? new T());

    private static ValueComparer<T> JsonComparer<T>() where T : class, new() => new(
        (a, b) => JsonSerializer.Serialize(a, JsonOptions) == JsonSerializer.Serialize(b, JsonOptions),
        v => JsonSerializer.Serialize(v, JsonOptions).GetHashCode(StringComparison.Ordinal),
        v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, JsonOptions), JsonOptions)!);
}
