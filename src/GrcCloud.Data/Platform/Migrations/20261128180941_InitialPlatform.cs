using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrcCloud.Data.Platform.Migrations
{
    /// <inheritdoc />
    public partial class InitialPlatform : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "platform");

            migrationBuilder.CreateTable(
                name: "tenants",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    slug = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    schema_name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status_reason = table.Column<string>(type: "text", nullable: true),
                    insee_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    siret = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: true),
                    recipe = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    cluster_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    catalogue_version = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenants", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tenant_hosts",
                schema: "platform",
                columns: table => new
                {
                    host = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_hosts", x => x.host);
                    table.ForeignKey(
                        name: "fk_tenant_hosts_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalSchema: "platform",
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tenant_hosts_tenant_id",
                schema: "platform",
                table: "tenant_hosts",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_tenants_schema_name",
                schema: "platform",
                table: "tenants",
                column: "schema_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tenants_slug",
                schema: "platform",
                table: "tenants",
                column: "slug",
                unique: true);

            // Every change to the registry tells every instance to reload (see TenantRegistryListener),
            // whoever made it: the web host, the command line, or an operator in psql.
            migrationBuilder.Sql("""
                CREATE FUNCTION platform.notify_tenants_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('grccloud_tenants', '');
                    RETURN NULL;
                END $$;
                CREATE TRIGGER tenants_changed AFTER INSERT OR UPDATE OR DELETE ON platform.tenants
                    FOR EACH STATEMENT EXECUTE FUNCTION platform.notify_tenants_changed();
                CREATE TRIGGER tenant_hosts_changed AFTER INSERT OR UPDATE OR DELETE ON platform.tenant_hosts
                    FOR EACH STATEMENT EXECUTE FUNCTION platform.notify_tenants_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION platform.notify_tenants_changed() CASCADE;");
            migrationBuilder.DropTable(
                name: "tenant_hosts",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "tenants",
                schema: "platform");
        }
    }
}
