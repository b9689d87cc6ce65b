using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GrcCloud.FranceConnectSimulator;

/// <summary>Writes the ES256 JWTs: id tokens and userinfo responses, with the kid of the current key.</summary>
internal sealed class TokenSigner(SimulatorSigningKeys keys)
{
    // No default times: iat and exp come from the injected clock, never from the machine's.
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string Sign(string issuer, string audience, DateTimeOffset issuedAt, DateTimeOffset expires, Dictionary<string, object> claims) =>
        _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = keys.SigningCredentials,
        });

    /// <summary>Validates a token this simulator signed with any of its current or recent keys; lifetime not checked.</summary>
    public async Task<JsonWebToken?> ReadOwnTokenAsync(string token, string issuer)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidateAudience = false,
            // An expired id token still names who is logging out.
            ValidateLifetime = false,
            IssuerSigningKeys = keys.ValidationKeys,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });
        return result.IsValid ? result.SecurityToken as JsonWebToken : null;
    }
}
