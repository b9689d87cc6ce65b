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
    public async Task Keys_are_stored_encrypted_with_the_certificate_and_another_instance_after_a_rotation_still_reads_the_session()
    {
        var first = await CertificateAsync("premier.pfx", "secret du premier");
        var second = await CertificateAsync("second.pfx", "secret du second");
        await using var env = await IdentityPlatform.StartAsync(postgres, settings: new Dictionary<string, string?>
        {
            ["GrcCloud:DataProtection:CertificatePath"] = first,
            ["GrcCloud:DataProtection:CertificatePassword"] = "secret du premier",
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

        // Another instance, its certificate rotated (the first one listed as previous, with its own
        // password), reads the key from the database and so the resident's session cookie.
        await using var rotated = await TestPlatform.StartAsync(postgres, env.Platform.ConnectionString, new Dictionary<string, string?>
        {
            ["GrcCloud:DataProtection:CertificatePath"] = second,
            ["GrcCloud:DataProtection:CertificatePassword"] = "secret du second",
            ["GrcCloud:DataProtection:PreviousCertificates:0:Path"] = first,
            ["GrcCloud:DataProtection:PreviousCertificates:0:Password"] = "secret du premier",
        });
        using var sameBrowser = new WebSession(rotated, "lavaur.localhost", session.Cookies);
        Assert.Equal(HttpStatusCode.OK, (await sameBrowser.GetAsync("/mon-compte")).StatusCode);
    }

    private async Task<string> CertificateAsync(string name, string password)
    {
        var path = Path.Combine(_folder, name);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=grccloud-data-protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        await File.WriteAllBytesAsync(path, self.Export(X509ContentType.Pkcs12, password), TestContext.Current.CancellationToken);
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
