using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace GrcCloud.FranceConnectSimulator;

/// <summary>
/// The ES256 (P-256) keys that sign id tokens and userinfo. Only the current key is published in
/// /jwks; <see cref="Rotate"/> lets tests prove that clients fetch the key set again on an unknown kid.
/// </summary>
public sealed class SimulatorSigningKeys : IDisposable
{
    // Kept after a rotation so that /session/end still recognises id tokens signed just before.
    private const int RetiredKeysKept = 2;

    private readonly Lock _lock = new();
    private readonly List<ECDsaSecurityKey> _retired = [];
    private ECDsaSecurityKey _current = NewKey();

    public string CurrentKeyId => _current.KeyId;

    /// <summary>Signs with a new key from now on; the previous one disappears from /jwks.</summary>
    public void Rotate()
    {
        lock (_lock)
        {
            _retired.Insert(0, _current);
            _current = NewKey();
            while (_retired.Count > RetiredKeysKept)
            {
                _retired[^1].ECDsa.Dispose();
                _retired.RemoveAt(_retired.Count - 1);
            }
        }
    }

    internal SigningCredentials SigningCredentials => new(_current, SecurityAlgorithms.EcdsaSha256);

    /// <summary>Current and recently retired keys: what the simulator accepts back (id_token_hint).</summary>
    internal IReadOnlyList<SecurityKey> ValidationKeys
    {
        get
        {
            lock (_lock)
                return [_current, .. _retired];
        }
    }

    /// <summary>The public part of the current key as a JWK set.</summary>
    internal Dictionary<string, object> PublicKeySet()
    {
        var key = _current;
        var point = key.ECDsa.ExportParameters(includePrivateParameters: false).Q;
        var jwk = new Dictionary<string, string>
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64Url.EncodeToString(point.X),
            ["y"] = Base64Url.EncodeToString(point.Y),
            ["kid"] = key.KeyId,
            ["use"] = "sig",
            ["alg"] = "ES256",
        };
        return new Dictionary<string, object> { ["keys"] = new[] { jwk } };
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _current.ECDsa.Dispose();
            foreach (var key in _retired)
                key.ECDsa.Dispose();
            _retired.Clear();
        }
    }

    private static ECDsaSecurityKey NewKey() =>
        new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "fc-sim-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) };
}
