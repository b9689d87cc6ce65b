using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace GrcCloud.Host.Features.Identity;

/// <summary>
/// The Data Protection keys (cookies, tokens, and through them the authorization server's RSA keys) are
/// kept in the platform schema. With a certificate (GrcCloud:DataProtection:CertificatePath, a PKCS#12
/// file, and CertificatePassword), each key is stored encrypted with it: reading the database is then not
/// enough to forge a session. Certificates listed in PreviousCertificates (Path, Password each) still
/// open keys written before a rotation. Keys written in clear before a certificate was configured stay
/// in clear until they expire (90 days): configure it before the first start. Without a certificate the
/// keys are stored in clear and the framework warns at start.
/// </summary>
public static class KeyEncryption
{
    public const string Section = "GrcCloud:DataProtection";

    public static void Configure(IDataProtectionBuilder dataProtection, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (section["CertificatePath"] is not { Length: > 0 } path)
            return;
        var current = Load(path, section["CertificatePassword"]);
        var previous = section.GetSection("PreviousCertificates").GetChildren().Select(c => Load(c["Path"] ?? "", c["Password"]));
        dataProtection.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([current, .. previous]);
    }

    private static X509Certificate2 Load(string path, string? password)
    {
        if (!File.Exists(path))
            throw new InvalidOperationException($"{Section} : le certificat « {path} » est introuvable.");
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException($"{Section} : le certificat « {path} » n'a pas de clé privée.");
        return certificate;
    }
}
