using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace GrcCloud.Data.Towns.Migrations
{
    /// <inheritdoc />
    public partial class BackOffice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "daily_digest",
                table: "users",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "requires_validation",
                table: "themes",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "site_visit_usual",
                table: "themes",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "assigned_to_id",
                table: "requests",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "assigned_to_name",
                table: "requests",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "resume_status",
                table: "requests",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "updated_at",
                table: "requests",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "requests",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.AddColumn<Guid>(
                name: "event_id",
                table: "request_attachments",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_public",
                table: "request_attachments",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "origin",
                table: "request_attachments",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "resident");

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search_vector",
                table: "requests",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "to_tsvector('simple'::regconfig, reference || ' ' || coalesce(contact_name, '') || ' ' || coalesce(contact_email, '') || ' ' || theme_title) || jsonb_to_tsvector('simple'::regconfig, answers, '[\"string\"]')",
                stored: true);

            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    user_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    action = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    details = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_log", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "mail_deliveries",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mail_deliveries", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "reply_templates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    theme_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    body = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reply_templates", x => x.id);
                    table.ForeignKey(
                        name: "fk_reply_templates_themes_theme_id",
                        column: x => x.theme_id,
                        principalTable: "themes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "site_visits",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    scheduled_for = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    agent_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    findings = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_site_visits", x => x.id);
                    table.ForeignKey(
                        name: "fk_site_visits_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_site_visits_users_agent_id",
                        column: x => x.agent_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "validations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    official_id = table.Column<Guid>(type: "uuid", nullable: false),
                    asked_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    asked_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    asked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    question = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    decision = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    comment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_validations", x => x.id);
                    table.ForeignKey(
                        name: "fk_validations_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_validations_users_official_id",
                        column: x => x.official_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_requests_assigned_to_id_status",
                table: "requests",
                columns: new[] { "assigned_to_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_requests_received_at",
                table: "requests",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_requests_search_vector",
                table: "requests",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_at",
                table: "audit_log",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_subject_at",
                table: "audit_log",
                columns: new[] { "subject", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_reply_templates_theme_id_status",
                table: "reply_templates",
                columns: new[] { "theme_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_site_visits_agent_id_scheduled_for",
                table: "site_visits",
                columns: new[] { "agent_id", "scheduled_for" });

            migrationBuilder.CreateIndex(
                name: "ix_site_visits_request_id",
                table: "site_visits",
                column: "request_id");

            migrationBuilder.CreateIndex(
                name: "ix_validations_official_id_decision",
                table: "validations",
                columns: new[] { "official_id", "decision" });

            migrationBuilder.CreateIndex(
                name: "ix_validations_request_id",
                table: "validations",
                column: "request_id");

            migrationBuilder.AddForeignKey(
                name: "fk_requests_users_assigned_to_id",
                table: "requests",
                column: "assigned_to_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
            migrationBuilder.Sql("UPDATE requests SET updated_at = received_at;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_requests_users_assigned_to_id",
                table: "requests");

            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "mail_deliveries");

            migrationBuilder.DropTable(
                name: "reply_templates");

            migrationBuilder.DropTable(
                name: "site_visits");

            migrationBuilder.DropTable(
                name: "validations");

            migrationBuilder.DropIndex(
                name: "ix_requests_assigned_to_id_status",
                table: "requests");

            migrationBuilder.DropIndex(
                name: "ix_requests_received_at",
                table: "requests");

            migrationBuilder.DropIndex(
                name: "ix_requests_search_vector",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "search_vector",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "daily_digest",
                table: "users");

            migrationBuilder.DropColumn(
                name: "requires_validation",
                table: "themes");

            migrationBuilder.DropColumn(
                name: "site_visit_usual",
                table: "themes");

            migrationBuilder.DropColumn(
                name: "assigned_to_id",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "assigned_to_name",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "resume_status",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "event_id",
                table: "request_attachments");

            migrationBuilder.DropColumn(
                name: "is_public",
                table: "request_attachments");

            migrationBuilder.DropColumn(
                name: "origin",
                table: "request_attachments");
        }
    }
}
