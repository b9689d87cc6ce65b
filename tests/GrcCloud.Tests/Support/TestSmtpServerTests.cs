using System.Net.Sockets;
using GrcCloud.Testing;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace GrcCloud.Tests.Support;

/// <summary>The SMTP server of the tests receives what a real mail client sends, and can go down and come back.</summary>
public sealed class TestSmtpServerTests
{
    private static MimeMessage Mail(string to, string subject, string body)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mairie de Lavaur", "ne-pas-repondre@lavaur.localhost"));
        message.To.Add(new MailboxAddress("Camille Martin", to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    private static async Task SendAsync(TestSmtpServer server, MimeMessage message)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None, TestContext.Current.CancellationToken);
        await client.SendAsync(message, TestContext.Current.CancellationToken);
        await client.DisconnectAsync(true, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_message_sent_with_a_mail_client_is_received_with_its_subject_and_body()
    {
        await using var server = await TestSmtpServer.StartAsync();

        await SendAsync(server, Mail("camille.martin@example.org", "Votre demande a bien été reçue", "Bonjour,\nvotre demande n° 2026-0042 est enregistrée."));

        var received = await server.WaitForMessageToAsync("Camille.Martin@example.org", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("ne-pas-repondre@lavaur.localhost", received.From);
        Assert.Equal(["camille.martin@example.org"], received.To);
        Assert.Equal("Votre demande a bien été reçue", received.Subject);
        Assert.Contains("votre demande n° 2026-0042 est enregistrée.", received.TextBody);
    }

    [Fact]
    public async Task Waiting_for_a_message_that_never_comes_times_out_naming_what_arrived()
    {
        await using var server = await TestSmtpServer.StartAsync();
        await SendAsync(server, Mail("autre@example.org", "Rappel", "Texte"));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => server.WaitForMessageToAsync("absent@example.org", TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken));

        Assert.Contains("« Rappel » pour autre@example.org", error.Message);
    }

    [Fact]
    public async Task A_stopped_server_refuses_connections_and_receives_again_once_restarted()
    {
        await using var server = await TestSmtpServer.StartAsync();
        await SendAsync(server, Mail("avant@example.org", "Avant la panne", "1"));

        await server.StopAsync();
        await Assert.ThrowsAnyAsync<SocketException>(() => SendAsync(server, Mail("pendant@example.org", "Pendant la panne", "2")));
        await server.RestartAsync();
        await SendAsync(server, Mail("apres@example.org", "Après la panne", "3"));

        Assert.Equal("Après la panne", (await server.WaitForMessageToAsync("apres@example.org", cancellationToken: TestContext.Current.CancellationToken)).Subject);
        Assert.Equal(["Avant la panne", "Après la panne"], server.Messages.Select(m => m.Subject));
    }
}
