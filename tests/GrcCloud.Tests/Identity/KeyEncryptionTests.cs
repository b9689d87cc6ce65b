using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GrcCloud.Testing;

namespace GrcCloud.Tests.Identity;

/// <summary>With a certificate configured, the Data Protection keys stored in the platform schema are encrypted, and sessions work.</summary>
public sealed class KeyEncryptionTests(PostgresFixture postgres) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("grccloud-keys-").FullName;

    [Fact]
    public async Task Keys_are_stored_encrypted_with_the_certificate_and_a_resident_still_signs_in()
    {
        var certificate = Path.Combine(_folder, "data-protection.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=grccloud-data-protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(certificate, self.Export(X509ContentType.Pkcs12, "secret du certificat"), TestContext.Current.CancellationToken);
        }
        await using var env = await IdentityPlatform.StartAsync(postgres, settings: new Dictionary<string, string?>
        {
            ["GrcCloud:DataProtection:CertificatePath"] = certificate,
            ["GrcCloud:DataProtection:CertificatePassword"] = "secret du certificat",
        });
        using var session = env.Session();

        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "odile@exemple.fr");
        Assert.Equal(HttpStatusCode.Redirect, (await ResidentAccountTests.SignInAsync(session, "odile@exemple.fr")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/mon-compte")).StatusCode);

        await using var connection = new Npgsql.NpgsqlConnection(env.Platform.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new Npgsql.NpgsqlCommand("SELECT xml FROM platform.data_protection_keys", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var keys = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            keys.Add(reader.GetString(0));
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("encryptedSecret", xml);
            Assert.DoesNotContain("<masterKey", xml);
        });
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
