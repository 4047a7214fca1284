using System.Net;
using System.Net.Sockets;

namespace FedHybrid.IntegrationTests;

/// <summary>A loopback TCP proxy between clients and the coordinator that, seeded, delays chunks and
/// closes connections at random byte offsets, within a budget of each (so the run can finish). Each
/// connection's plan comes from (seed, connection number); the upstream port follows the coordinator
/// across restarts. Everything stays on 127.0.0.1.</summary>
sealed class ChaosProxy : IAsyncDisposable
{
    const int ChunkBytes = 16 * 1024;
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource _stop = new();
    readonly List<Task> _connections = [];
    readonly Lock _lock = new();
    readonly int _seed;
    readonly long _dropWithinBytes;
    readonly Action<string> _log;
    readonly Task _accepting;
    int _dropsLeft;
    int _delaysLeft;
    int _connectionCount;
    volatile int _upstreamPort;

    /// <param name="drops">How many connections it may close.</param>
    /// <param name="delays">How many chunks it may hold back.</param>
    /// <param name="dropWithinBytes">A planned close falls at a byte offset below this (in either direction).</param>
    public ChaosProxy(int seed, int drops, int delays, long dropWithinBytes, Action<string> log)
    {
        _seed = seed;
        _dropsLeft = drops;
        _delaysLeft = delays;
        _dropWithinBytes = dropWithinBytes;
        _log = log;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The coordinator's current port; 0 while it is down (connections are then refused by closing them).</summary>
    public int UpstreamPort { get => _upstreamPort; set => _upstreamPort = value; }

    public int Drops { get; private set; }

    public int Delays { get; private set; }

    async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient downstream;
            try
            {
                downstream = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var number = Interlocked.Increment(ref _connectionCount);
            lock (_lock)
                _connections.Add(RelayAsync(downstream, number));
        }
    }

    async Task RelayAsync(TcpClient downstream, int number)
    {
        using var _ = downstream;
        using var upstream = new TcpClient();
        var port = UpstreamPort;
        try
        {
            if (port == 0)
                return;
            await upstream.ConnectAsync(IPAddress.Loopback, port, _stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return; // the coordinator is down: the client sees the connection close and retries
        }
        var random = new Random(HashCode.Combine(_seed, number));
        // A planned close, in one direction at a byte offset; taken from the budget only when reached.
        bool toClient = random.Next(2) == 0;
        long dropAt = random.NextInt64(1, _dropWithinBytes);
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var up = PumpAsync(downstream.GetStream(), upstream.GetStream(), toClient ? long.MaxValue : dropAt, new Random(random.Next()), number, "client->coordinator", connection);
        var down = PumpAsync(upstream.GetStream(), downstream.GetStream(), toClient ? dropAt : long.MaxValue, new Random(random.Next()), number, "coordinator->client", connection);
        await Task.WhenAny(up, down);
        await connection.CancelAsync();
        downstream.Client.Close(); // RST-free close of both sides ends the other pump
        upstream.Client.Close();
        await Task.WhenAll(up, down);
    }

    async Task PumpAsync(NetworkStream from, NetworkStream to, long dropAt, Random random, int number, string direction, CancellationTokenSource connection)
    {
        var buffer = new byte[ChunkBytes];
        long moved = 0;
        try
        {
            while (true)
            {
                int read = await from.ReadAsync(buffer, connection.Token);
                if (read == 0)
                    return;
                if (moved + read >= dropAt && TakeDrop())
                {
                    int partial = (int)Math.Max(0, dropAt - moved);
                    await to.WriteAsync(buffer.AsMemory(0, partial), connection.Token);
                    _log($"proxy: connection {number} {direction}: closed after {moved + partial} bytes");
                    return;
                }
                // Hold back about one chunk in twenty, up to 400 ms: reordering within TCP is not
                // possible, so a delay stalls the whole direction like a congested link.
                if (random.Next(20) == 0 && TakeDelay())
                {
                    int ms = random.Next(20, 400);
                    _log($"proxy: connection {number} {direction}: {ms} ms delay at byte {moved}");
                    await Task.Delay(ms, connection.Token);
                }
                await to.WriteAsync(buffer.AsMemory(0, read), connection.Token);
                moved += read;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    bool TakeDrop()
    {
        lock (_lock)
        {
            if (_dropsLeft == 0)
                return false;
            _dropsLeft--;
            Drops++;
            return true;
        }
    }

    bool TakeDelay()
    {
        lock (_lock)
        {
            if (_delaysLeft == 0)
                return false;
            _delaysLeft--;
            Delays++;
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] connections;
        lock (_lock)
            connections = [.. _connections];
        await Task.WhenAll(connections);
        _stop.Dispose();
    }
}
