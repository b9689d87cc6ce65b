using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrcCloud.Data.Towns.Migrations
{
    /// <summary>
    /// The "account_exists" mail (sign-up with an address that has an account) for towns provisioned
    /// before it existed, with tenants/_template's text; a new town's empty table is left to provisioning.
    /// </summary>
    [DbContext(typeof(TenantDbContext))]
    [Migration("20261201043000_AccountExistsMail")]
    public partial class AccountExistsMail : Migration
    {
        private const string Subject = @"Vous avez déjà un compte – Mairie de {town}";

        private const string Body = @"Bonjour {name},

Quelqu'un, peut-être vous, a demandé à créer un compte sur le guichet en ligne de la mairie de {town} avec cette adresse électronique. Un compte existe déjà avec elle : aucun autre n'a été créé.

Pour vous connecter, suivez ce lien :
{link}

Mot de passe oublié ? Choisissez-en un nouveau avec le lien « Mot de passe oublié ? » de cette page.

Si vous n'êtes pas à l'origine de cette demande, ignorez simplement ce message : votre compte reste inchangé.

Cordialement,
Mairie de {town}
";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                INSERT INTO mail_templates (key, subject, body, original_subject, original_body)
                SELECT 'account_exists', {Literal(Subject)}, {Literal(Body)}, {Literal(Subject)}, {Literal(Body)}
                WHERE EXISTS (SELECT 1 FROM mail_templates) AND NOT EXISTS (SELECT 1 FROM mail_templates WHERE key = 'account_exists');
                """);
        }

        /// <summary>
        /// A dollar-quoted literal whose braces come from chr(): written when provisioning still ran the
        /// migrations' script with ExecuteSqlRaw, which read "{town}" as a format item (now run as is).
        /// </summary>
        private static string Literal(string text) =>
            $"replace(replace($m${text.Replace("{", "<<", StringComparison.Ordinal).Replace("}", ">>", StringComparison.Ordinal)}$m$, '<<', chr(123)), '>>', chr(125))";

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM mail_templates WHERE key = 'account_exists';");
        }
    }
}
