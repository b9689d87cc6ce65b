using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrcCloud.Data.Platform.Migrations
{
    /// <inheritdoc />
    public partial class PlansAndTownBillingDetails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "address_line",
                schema: "platform",
                table: "tenants",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "chorus_commitment_number",
                schema: "platform",
                table: "tenants",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "chorus_service_code",
                schema: "platform",
                table: "tenants",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "city",
                schema: "platform",
                table: "tenants",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "plan_id",
                schema: "platform",
                table: "tenants",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "postal_code",
                schema: "platform",
                table: "tenants",
                type: "character varying(5)",
                maxLength: 5,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "supervisor_email",
                schema: "platform",
                table: "tenants",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "plans",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    setup_fee_cents = table.Column<long>(type: "bigint", nullable: false),
                    quarterly_fee_cents = table.Column<long>(type: "bigint", nullable: false),
                    vat_rate_percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    is_default = table.Column<bool>(type: "boolean", nullable: false),
                    is_archived = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plans", x => x.id);
                });

            // The reference contract (5,500 EUR and 500 EUR per quarter incl. VAT 20 %), amounts without VAT
            // chosen so that Stripe's VAT rounding gives the round figures; existing towns are put on it.
            migrationBuilder.Sql("""
                INSERT INTO platform.plans (id, code, name, setup_fee_cents, quarterly_fee_cents, vat_rate_percent, is_default, is_archived, created_at, updated_at)
                VALUES ('0193a000-0000-7000-8000-000000000001', 'reference', 'Contrat de référence', 458333, 41667, 20, true, false, now(), now());
                UPDATE platform.tenants SET plan_id = '0193a000-0000-7000-8000-000000000001';
                """);

            migrationBuilder.CreateIndex(
                name: "ix_tenants_plan_id",
                schema: "platform",
                table: "tenants",
                column: "plan_id");

            migrationBuilder.CreateIndex(
                name: "ix_plans_code",
                schema: "platform",
                table: "plans",
                column: "code",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_tenants_plans_plan_id",
                schema: "platform",
                table: "tenants",
                column: "plan_id",
                principalSchema: "platform",
                principalTable: "plans",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_tenants_plans_plan_id",
                schema: "platform",
                table: "tenants");

            migrationBuilder.DropTable(
                name: "plans",
                schema: "platform");

            migrationBuilder.DropIndex(
                name: "ix_tenants_plan_id",
                schema: "platform",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "address_line",
                schema: "platform",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "chorus_commitment_number",
                schema: "platform",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "chorus_service_code",
                schema: "platform",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "city",
                schema: "platform",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "plan_id",
                schema: "platform",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "postal_code",
                schema: "platform",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "supervisor_email",
                schema: "platform",
                table: "tenants");
        }
    }
}
