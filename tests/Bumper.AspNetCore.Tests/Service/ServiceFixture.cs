using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Bumper.AspNetCore.Tests.Service;

/// <summary>
/// The published native aot_service, started once for every test of the <see cref="NativeServiceGroup"/> on
/// 127.0.0.1 with an ephemeral port, with checked arenas, a 4 MiB per-request limit and the test endpoints;
/// stopped (killed) when the tests are done.
/// </summary>
public sealed class ServiceFixture : IDisposable
{
    /// <summary>The per-request arena limit the service runs with.</summary>
    public const long MaxArenaCapacity = 4L * 1024 * 1024;

    private readonly TimeSpan _startTimeout;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    /// <summary>Starts the service of this machine's RID and waits until <c>/healthz</c> answers.</summary>
    public ServiceFixture()
        : this(Artifacts.HostRid)
    {
    }

    /// <summary>
    /// Starts the service of <paramref name="rid"/> and waits until <c>/healthz</c> answers; linux-arm64 on
    /// an x64 machine runs under <c>qemu-aarch64-static</c>.
    /// </summary>
    internal ServiceFixture(string rid)
    {
        string program = Artifacts.AotService(rid);
        bool emulated = rid != Artifacts.HostRid;
        if (emulated && rid != "linux-arm64")
        {
            throw new InvalidOperationException($"Cannot run the {rid} service on {Artifacts.HostRid}.");
        }

        int port = FreeLoopbackPort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo(emulated ? "qemu-aarch64-static" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments = ["--urls", BaseAddress.ToString().TrimEnd('/'), $"--Bumper:MaxArenaCapacity={MaxArenaCapacity}", "--Bumper:CheckedArenas=true", "--AotService:TestEndpoints=true"];
        foreach (string argument in emulated ? ["-L", "/usr/aarch64-linux-gnu", program, .. arguments] : arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        }
        catch (System.ComponentModel.Win32Exception e) when (emulated)
        {
            throw new InvalidOperationException($"qemu-aarch64-static is not installed ({e.Message}): run scripts/prereqs.sh.", e);
        }

        _startTimeout = emulated ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(20);
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        WaitUntilHealthy(program);
    }

    /// <summary>Where the service listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client of the service.</summary>
    public HttpClient Client { get; }

    /// <summary>What the service printed so far (warnings and errors only).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The service's <c>GET /runtime</c> figures.</summary>
    public async Task<JsonElement> RuntimeAsync()
    {
        using JsonDocument document = JsonDocument.Parse(await Client.GetStringAsync("/runtime"));
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Waits (at most 10 s) until only the <c>/runtime</c> request's own arena is rented: an arena goes back
    /// when its response has completed, which may be a moment after the client has the response.
    /// </summary>
    /// <returns>The last figures seen.</returns>
    public async Task<JsonElement> WaitUntilIdleAsync()
    {
        JsonElement runtime = await RuntimeAsync();
        for (int i = 0; i < 200 && runtime.GetProperty("arenas").GetProperty("inUse").GetInt32() != 1; i++)
        {
            await Task.Delay(50);
            runtime = await RuntimeAsync();
        }

        return runtime;
    }

    /// <summary>Stops the service (xUnit calls this once the collection's tests are done).</summary>
    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        Client.Dispose();
        Kill();
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void KillOnExit(object? sender, EventArgs e) => Kill();

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private void WaitUntilHealthy(string program)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < _startTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{program} exited with {_process.ExitCode} at start:\n{Output}");
            }

            try
            {
                using HttpResponseMessage response = Client.GetAsync("/healthz").GetAwaiter().GetResult();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Thread.Sleep(50);
        }

        _process.Kill();
        throw new TimeoutException($"{program} did not answer /healthz on {BaseAddress} within {_startTimeout}:\n{Output}");
    }
}
