using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FedHybrid.Experiments.Tests.Browser;

/// <summary>One tab of a headless Chromium, over the DevTools protocol (a WebSocket of JSON commands and
/// replies, the tab's commands carrying its session id): evaluate script in the page, wait for a condition
/// in it, capture a screenshot. Disposing it kills the browser.</summary>
sealed class DevToolsPage : IAsyncDisposable
{
    readonly Process _browser;
    readonly ClientWebSocket _socket = new();
    readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    readonly CancellationTokenSource _stop = new();
    readonly SemaphoreSlim _sending = new(1);
    Task _receiving = Task.CompletedTask;
    string? _session;
    int _lastId;

    DevToolsPage(Process browser) => _browser = browser;

    /// <param name="endpoint">The browser's DevTools WebSocket (ws://127.0.0.1:PORT/devtools/browser/ID).</param>
    public static async Task<DevToolsPage> OpenAsync(Process browser, Uri endpoint, Uri url, int width, int height, CancellationToken cancellationToken)
    {
        var page = new DevToolsPage(browser);
        try
        {
            await page._socket.ConnectAsync(endpoint, cancellationToken);
            page._receiving = Task.Run(page.ReceiveAsync, CancellationToken.None);
            var target = await page.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, cancellationToken);
            var attached = await page.SendAsync("Target.attachToTarget",
                new JsonObject { ["targetId"] = target.GetProperty("targetId").GetString(), ["flatten"] = true }, cancellationToken);
            page._session = attached.GetProperty("sessionId").GetString();
            await page.SendAsync("Emulation.setDeviceMetricsOverride",
                new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false }, cancellationToken);
            await page.SendAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri }, cancellationToken);
            return page;
        }
        catch
        {
            await page.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends a command (to the tab once attached) and returns its result.</summary>
    async Task<JsonElement> SendAsync(string method, JsonObject parameters, CancellationToken cancellationToken)
    {
        int id = Interlocked.Increment(ref _lastId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (_session is not null)
            message["sessionId"] = _session;
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
        using var registration = cancellationToken.Register(() => reply.TrySetCanceled(cancellationToken));
        return await reply.Task;
    }

    async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                    break;
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                    continue;
                using var document = JsonDocument.Parse(message.ToArray());
                message.SetLength(0);
                var root = document.RootElement;
                if (!root.TryGetProperty("id", out var id) || !_pending.TryRemove(id.GetInt32(), out var reply))
                    continue; // an event: nothing here waits for one
                if (root.TryGetProperty("error", out var error))
                    reply.TrySetException(new InvalidOperationException($"DevTools: {error.GetRawText()}"));
                else
                    reply.TrySetResult(root.GetProperty("result").Clone());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        foreach (var reply in _pending.Values)
            reply.TrySetException(new InvalidOperationException("the DevTools connection closed"));
    }

    /// <summary>The value of a script expression in the page (a promise is awaited).</summary>
    public async Task<JsonElement> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }, cancellationToken);
        if (result.TryGetProperty("exceptionDetails", out var exception))
            throw new InvalidOperationException($"the page threw evaluating {expression}: {exception.GetRawText()}");
        return result.GetProperty("result").TryGetProperty("value", out var value) ? value : default;
    }

    /// <summary>The text of the element with id <paramref name="id"/>; null when there is none.</summary>
    public async Task<string?> TextAsync(string id, CancellationToken cancellationToken) =>
        (await EvaluateAsync($"document.getElementById({JsonSerializer.Serialize(id)})?.textContent ?? null", cancellationToken)) is { ValueKind: JsonValueKind.String } text
            ? text.GetString() : null;

    /// <summary>Re-evaluates <paramref name="condition"/> (a script expression) in the page until it is true.
    /// No time limit here: the caller's token is the hang guard.</summary>
    public async Task WaitUntilAsync(string condition, CancellationToken cancellationToken)
    {
        while ((await EvaluateAsync($"Boolean({condition})", cancellationToken)).ValueKind != JsonValueKind.True)
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
    }

    /// <summary>The page as it is drawn now, as PNG bytes.</summary>
    public async Task<byte[]> ScreenshotAsync(CancellationToken cancellationToken)
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, cancellationToken);
        return Convert.FromBase64String(result.GetProperty("data").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _receiving;
        _socket.Dispose();
        try
        {
            if (!_browser.HasExited)
                _browser.Kill(entireProcessTree: true);
            await _browser.WaitForExitAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
        }
        _browser.Dispose();
        _stop.Dispose();
        _sending.Dispose();
    }
}
