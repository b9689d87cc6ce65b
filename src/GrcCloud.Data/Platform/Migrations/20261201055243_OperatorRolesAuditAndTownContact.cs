using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace GrcCloud.Data.Platform.Migrations
{
    /// <inheritdoc />
    public partial class OperatorRolesAuditAndTownContact : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "contact_address",
                schema: "platform",
                table: "tenants",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "contact_email",
                schema: "platform",
                table: "tenants",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "contact_phone",
                schema: "platform",
                table: "tenants",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "role",
                schema: "platform",
                table: "operators",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "administrateur"); // the operators made before the roles could do everything

            migrationBuilder.CreateTable(
                name: "operator_audit",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    operator_id = table.Column<Guid>(type: "uuid", nullable: true),
                    operator_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    action = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    town_slug = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    details = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    client_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_operator_audit", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_operator_audit_at",
                schema: "platform",
                table: "operator_audit",
                column: "at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "operator_audit",
                schema: "platform");

            migrationBuilder.DropColumn(
                name: "contact_address",
                schema: "platform",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "contact_email",
                schema: "platform",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "contact_phone",
                schema: "platform",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "role",
                schema: "platform",
                table: "operators");
        }
    }
}
