using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrcCloud.Data.Towns.Migrations
{
    /// <summary>
    /// The "follower_update" mail (followers of another resident's report had the resident's own
    /// "votre demande" mail) for towns provisioned before it existed, with tenants/_template's text; a
    /// new town's empty table is left to provisioning.
    /// </summary>
    [DbContext(typeof(TenantDbContext))]
    [Migration("20261201061500_FollowerUpdateMail")]
    public partial class FollowerUpdateMail : Migration
    {
        private const string Subject = "Signalement {reference} que vous suivez : du nouveau";

        private const string Body = @"Bonjour {name},

Le signalement « {theme} » (référence {reference}) que vous suivez a avancé.

{message}

Vous pouvez suivre ce signalement sur :
{link}

Vous recevez ce courriel parce que vous avez choisi de suivre ce signalement, fait par un autre habitant.

Cordialement,
Mairie de {town}
";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                INSERT INTO mail_templates (key, subject, body, original_subject, original_body)
                SELECT 'follower_update', $m${Subject}$m$, $m${Body}$m$, $m${Subject}$m$, $m${Body}$m$
                WHERE EXISTS (SELECT 1 FROM mail_templates) AND NOT EXISTS (SELECT 1 FROM mail_templates WHERE key = 'follower_update');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM mail_templates WHERE key = 'follower_update';");
        }
    }
}
