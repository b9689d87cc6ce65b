using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrcCloud.Data.Platform.Migrations
{
    /// <inheritdoc />
    public partial class TownBilling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "billing_invoices",
                schema: "platform",
                columns: table => new
                {
                    stripe_invoice_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    period_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    period_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    total_cents = table.Column<long>(type: "bigint", nullable: false),
                    amount_remaining_cents = table.Column<long>(type: "bigint", nullable: false),
                    due_date = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    paid_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    paid_out_of_band = table.Column<bool>(type: "boolean", nullable: false),
                    pdf_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    hosted_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_billing_invoices", x => x.stripe_invoice_id);
                    table.ForeignKey(
                        name: "fk_billing_invoices_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalSchema: "platform",
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "billing_settings",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    grace_days = table.Column<int>(type: "integer", nullable: false),
                    warning_days = table.Column<int>(type: "integer", nullable: false),
                    stripe_tax_rate_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_billing_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "plan_stripe_prices",
                schema: "platform",
                columns: table => new
                {
                    plan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    stripe_product_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    setup_price_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    setup_fee_cents = table.Column<long>(type: "bigint", nullable: false),
                    quarterly_price_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    quarterly_fee_cents = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plan_stripe_prices", x => x.plan_id);
                    table.ForeignKey(
                        name: "fk_plan_stripe_prices_plans_plan_id",
                        column: x => x.plan_id,
                        principalSchema: "platform",
                        principalTable: "plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "stripe_events",
                schema: "platform",
                columns: table => new
                {
                    event_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    object_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stripe_events", x => x.event_id);
                });

            migrationBuilder.CreateTable(
                name: "town_billing",
                schema: "platform",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    billing_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    plan_id = table.Column<Guid>(type: "uuid", nullable: true),
                    stripe_customer_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    stripe_test_clock_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    stripe_subscription_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    state_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    late_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    suspension_warned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    suspended_by_billing = table.Column<bool>(type: "boolean", nullable: false),
                    start_requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_synced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_town_billing", x => x.tenant_id);
                    table.ForeignKey(
                        name: "fk_town_billing_plans_plan_id",
                        column: x => x.plan_id,
                        principalSchema: "platform",
                        principalTable: "plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_town_billing_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalSchema: "platform",
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                schema: "platform",
                table: "billing_settings",
                columns: new[] { "id", "grace_days", "stripe_tax_rate_id", "updated_at", "warning_days" },
                values: new object[] { 1, 30, null, new DateTimeOffset(new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 7 });

            migrationBuilder.CreateIndex(
                name: "ix_billing_invoices_tenant_id_status",
                schema: "platform",
                table: "billing_invoices",
                columns: new[] { "tenant_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_stripe_events_received_at",
                schema: "platform",
                table: "stripe_events",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_town_billing_plan_id",
                schema: "platform",
                table: "town_billing",
                column: "plan_id");

            migrationBuilder.CreateIndex(
                name: "ix_town_billing_stripe_customer_id",
                schema: "platform",
                table: "town_billing",
                column: "stripe_customer_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_town_billing_stripe_subscription_id",
                schema: "platform",
                table: "town_billing",
                column: "stripe_subscription_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "billing_invoices",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "billing_settings",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "plan_stripe_prices",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "stripe_events",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "town_billing",
                schema: "platform");
        }
    }
}
