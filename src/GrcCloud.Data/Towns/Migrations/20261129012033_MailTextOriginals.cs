using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrcCloud.Data.Towns.Migrations
{
    /// <inheritdoc />
    public partial class MailTextOriginals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "original_body",
                table: "mail_templates",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "original_subject",
                table: "mail_templates",
                type: "text",
                nullable: false,
                defaultValue: "");

            // Towns provisioned before: their texts could not be edited yet, so the current ones are the originals.
            migrationBuilder.Sql("UPDATE mail_templates SET original_subject = subject, original_body = body;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "original_body",
                table: "mail_templates");

            migrationBuilder.DropColumn(
                name: "original_subject",
                table: "mail_templates");
        }
    }
}
