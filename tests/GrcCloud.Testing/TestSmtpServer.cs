using System.Buffers;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace GrcCloud.Testing;

/// <summary>A message as the SMTP server received it: envelope sender and recipients, parsed content.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string Subject, string TextBody, MimeMessage Message);

/// <summary>
/// A real SMTP server on a free loopback port that keeps what it receives in memory. It can be
/// stopped (connections are then refused, as in an outage) and started again on the same port.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<ReceivedMail> _messages = [];
    private TaskCompletionSource _arrival = NewArrival();
    private CancellationTokenSource? _stopping;
    private Task? _running;

    private TestSmtpServer(int port) => Port = port;

    public string Host { get; } = IPAddress.Loopback.ToString();
    public int Port { get; }
    public bool IsRunning => _running is { IsCompleted: false };

    public IReadOnlyList<ReceivedMail> Messages
    {
        get { lock (_lock) return [.. _messages]; }
    }

    public static async Task<TestSmtpServer> StartAsync()
    {
        var server = new TestSmtpServer(FreeLoopbackPort());
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts listening again on the same port after <see cref="StopAsync"/>; keeps the messages already received.</summary>
    public Task RestartAsync()
    {
        if (IsRunning)
            return Task.CompletedTask;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test.localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _stopping = new CancellationTokenSource();
        // The listening socket is bound before StartAsync first yields: a failure to bind shows here.
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stopping.Token);
        return _running.IsFaulted ? _running : Task.CompletedTask;
    }

    /// <summary>Closes the port and drops open sessions at once, like a mail server going down.</summary>
    public async Task StopAsync()
    {
        if (_stopping is null || _running is null)
            return;
        await _stopping.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stopping.Dispose();
        _stopping = null;
        _running = null;
    }

    /// <summary>The first message (already received or still to come) for <paramref name="address"/>.</summary>
    public Task<ReceivedMail> WaitForMessageToAsync(string address, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForMessageAsync(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase), address, timeout, cancellationToken);

    /// <summary>The first message to <paramref name="address"/> whose subject contains <paramref name="subjectPart"/>.</summary>
    public Task<ReceivedMail> WaitForMessageToAsync(string address, string subjectPart, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForMessageAsync(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase) && m.Subject.Contains(subjectPart, StringComparison.Ordinal),
            $"{address} (« {subjectPart} »)", timeout, cancellationToken);

    /// <summary>Waits for a message that <paramref name="match"/> accepts; <paramref name="expected"/> describes it in the timeout's message.</summary>
    public async Task<ReceivedMail> WaitForMessageAsync(Func<ReceivedMail, bool> match, string expected, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            Task arrival;
            lock (_lock)
            {
                var found = _messages.FirstOrDefault(match);
                if (found is not null)
                    return found;
                arrival = _arrival.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"Aucun courriel reçu pour {expected} ; reçus : {Describe()}.");
            try
            {
                await arrival.WaitAsync(left, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Checked once more at the top of the loop, then reported with what did arrive.
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
            _messages.Clear();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Add(ReceivedMail mail)
    {
        TaskCompletionSource arrived;
        lock (_lock)
        {
            _messages.Add(mail);
            arrived = _arrival;
            _arrival = NewArrival();
        }
        arrived.SetResult();
    }

    private string Describe()
    {
        lock (_lock)
            return _messages.Count == 0 ? "aucun" : string.Join(", ", _messages.Select(m => $"« {m.Subject} » pour {string.Join(" ", m.To)}"));
    }

    private static TaskCompletionSource NewArrival() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private sealed class Store(TestSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            server.Add(new ReceivedMail(
                transaction.From.AsAddress(),
                [.. transaction.To.Select(t => t.AsAddress())],
                message.Subject ?? "",
                message.TextBody?.TrimEnd() ?? "",
                message));
            return SmtpResponse.Ok;
        }
    }
}
