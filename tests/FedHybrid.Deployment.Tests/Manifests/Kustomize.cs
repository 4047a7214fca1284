using System.Diagnostics;

namespace FedHybrid.Deployment.Tests.Manifests;

/// <summary>`kubectl kustomize DIR`: renders a kustomization offline, as `kubectl apply -k` would before
/// sending it (CI installs Debian's kubernetes-client).</summary>
static class Kustomize
{
    /// <summary>kubectl on PATH, or null.</summary>
    public static string? Kubectl { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(d => System.IO.Path.Combine(d, "kubectl")).FirstOrDefault(File.Exists);

    public static void SkipWithoutKubectl()
    {
        if (Kubectl is null)
            Assert.Skip("kubectl is not on PATH (Debian: apt-get install kubernetes-client); it renders the manifests offline");
    }

    public static async Task<string> RenderAsync(string directory)
    {
        var info = new ProcessStartInfo(Kubectl!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "kustomize", directory })
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"kubectl kustomize {directory} exited {process.ExitCode}: {await errors}");
        return await output;
    }
}
