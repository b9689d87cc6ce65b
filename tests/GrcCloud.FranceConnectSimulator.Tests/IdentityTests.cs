using GrcCloud.FranceConnectSimulator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace GrcCloud.FranceConnectSimulator.Tests;

/// <summary>The sandbox identities, edge cases included, as userinfo gives them.</summary>
public sealed class IdentityTests
{
    [Fact]
    public async Task A_person_without_given_name_has_no_given_name_claim()
    {
        await using var fc = await SimulatorHost.StartAsync();

        var info = await fc.UserInfoOfAsync("sans_prenom");

        Assert.False(info.TryGetPayloadValue<string>("given_name", out _));
        Assert.Equal("MARTIN", info.GetPayloadValue<string>("family_name"));
        Assert.Equal("97601", info.GetPayloadValue<string>("birthplace"));
    }

    [Fact]
    public async Task A_person_born_abroad_on_an_unknown_day_and_month_gets_the_birthdate_as_written()
    {
        await using var fc = await SimulatorHost.StartAsync();

        var info = await fc.UserInfoOfAsync("étranger_présumé_né_jour_et_mois");

        Assert.Equal("1992-00-00", info.GetPayloadValue<string>("birthdate"));
        Assert.Equal("99217", info.GetPayloadValue<string>("birthcountry"));
        Assert.False(info.TryGetPayloadValue<string>("birthplace", out _));
        Assert.Equal("TARGE", info.GetPayloadValue<string>("family_name"));
    }

    [Fact]
    public async Task A_person_born_abroad_on_an_unknown_day_gets_the_birthdate_as_written()
    {
        await using var fc = await SimulatorHost.StartAsync();

        var info = await fc.UserInfoOfAsync("étranger_présumé_né_jour");

        Assert.Equal("1992-11-00", info.GetPayloadValue<string>("birthdate"));
    }

    [Fact]
    public async Task A_person_without_email_has_no_email_claim()
    {
        await using var fc = await SimulatorHost.StartAsync();

        var info = await fc.UserInfoOfAsync("sans_mail");

        Assert.False(info.TryGetPayloadValue<string>("email", out _));
        Assert.Equal("DUFOUR", info.GetPayloadValue<string>("preferred_username"));
        Assert.Equal("Amandine", info.GetPayloadValue<string>("given_name"));
    }

    [Fact]
    public async Task A_person_without_gender_has_no_gender_claim()
    {
        await using var fc = await SimulatorHost.StartAsync();

        var info = await fc.UserInfoOfAsync("sans_genre");

        Assert.False(info.TryGetPayloadValue<string>("gender", out _));
    }

    [Fact]
    public async Task Accents_and_ligatures_come_through_unchanged()
    {
        await using var fc = await SimulatorHost.StartAsync();

        var info = await fc.UserInfoOfAsync("carac_speciaux");

        Assert.Equal("DURANTéàèùòœæŒÆ", info.GetPayloadValue<string>("family_name"));
        Assert.Equal("JulieéàèùòœæŒÆ", info.GetPayloadValue<string>("given_name"));
        Assert.Equal("2B002", info.GetPayloadValue<string>("birthplace"));
    }

    [Fact]
    public async Task Only_the_claims_of_the_granted_scopes_are_given()
    {
        await using var fc = await SimulatorHost.StartAsync();

        var info = await fc.UserInfoOfAsync("test", "openid email birthcountry");

        Assert.Equal(["aud", "birthcountry", "email", "exp", "iat", "iss", "sub"], Claims(info));
    }

    [Fact]
    public async Task The_profile_scope_gives_the_identity_and_birth_gives_the_birthplace()
    {
        await using var fc = await SimulatorHost.StartAsync();

        var profile = await fc.UserInfoOfAsync("test", "openid profile");
        var birth = await fc.UserInfoOfAsync("test", "openid birth");

        Assert.Equal(["aud", "birthdate", "exp", "family_name", "gender", "given_name", "iat", "iss", "preferred_username", "sub"], Claims(profile));
        Assert.Equal(["aud", "birthcountry", "birthplace", "exp", "iat", "iss", "sub"], Claims(birth));
    }

    [Fact]
    public async Task Every_test_identity_signs_in_with_password_123()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var identities = fc.Services.GetRequiredService<TestIdentities>().All;
        Assert.Equal(18, identities.Count);

        foreach (var identity in identities)
        {
            var info = await fc.UserInfoOfAsync(identity.Login);
            Assert.Equal(identity.FamilyName, info.GetPayloadValue<string>("family_name"));
        }
    }

    [Fact]
    public async Task A_login_typed_in_decomposed_unicode_is_recognised()
    {
        await using var fc = await SimulatorHost.StartAsync();

        var info = await fc.UserInfoOfAsync("nom_composé".Normalize(System.Text.NormalizationForm.FormD));

        Assert.Equal("TROIS-DUPRE", info.GetPayloadValue<string>("family_name"));
    }

    [Fact]
    public async Task An_identities_file_can_replace_the_embedded_one()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """
            login,password,family_name,preferred_username,given_name,gender,email,birthdate,birthplace,birthcountry
            agent,456,ROUX,,Jeanne,female,jeanne@example.test,1970-01-01,81140,99100
            """, TestContext.Current.CancellationToken);
        try
        {
            await using var fc = await SimulatorHost.StartAsync(new Dictionary<string, string?> { ["FranceConnectSimulator:IdentitiesFile"] = file });

            var identity = Assert.Single(fc.Services.GetRequiredService<TestIdentities>().All);
            Assert.Equal(("agent", "456", "81140"), (identity.Login, identity.Password, identity.Birthplace));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string[] Claims(JsonWebToken token) => [.. token.Claims.Select(c => c.Type).Distinct().Order(StringComparer.Ordinal)];
}
