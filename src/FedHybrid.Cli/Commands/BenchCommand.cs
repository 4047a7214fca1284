using System.CommandLine;
using System.Globalization;
using FedHybrid.Inference;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid bench`: measurements that go into docs/BENCHMARKS.md, one subcommand each.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure what security costs; each subcommand prints a markdown table for docs/BENCHMARKS.md.");
        foreach (var subcommand in Subcommands())
            command.Subcommands.Add(subcommand);
        return command;
    }

    static IEnumerable<Command> Subcommands()
    {
        // One line per benchmark; each is a static method (here or in its own file) returning a Command.
        yield return Inference();
        yield return BenchRoundsCommand.Create();
        yield return BenchSecAggCommand.Create();
        yield return BenchEfficiencyCommand.Create();
    }

    static Command Inference()
    {
        var requests = new Option<int>("--requests") { Description = "Timed requests per (batch, mode).", DefaultValueFactory = _ => 1000 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed requests per (batch, mode) first.", DefaultValueFactory = _ => 100 };
        var model = new Option<string>("--model") { Description = "Model architecture (mlp2nn, cnn, lenet).", DefaultValueFactory = _ => "cnn" };
        var transport = new Option<string>("--transport")
        {
            Description = "cleartext: gRPC over HTTP/2 on loopback; tls: over lab mutual TLS (ephemeral kit); in-process: no network, messages serialized as gRPC would (what a request costs client and server).",
            DefaultValueFactory = _ => "cleartext",
        };
        transport.AcceptOnlyFromAmong(Transports.Keys.ToArray());

        var command = new Command("inference", "p50/p99 latency of Predict at batch 1 and 64: plaintext, sealed with a fresh HPKE context per request, sealed with a cached context; measured alternately in one run.");
        command.Options.Add(requests);
        command.Options.Add(warmup);
        command.Options.Add(model);
        command.Options.Add(transport);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new InferenceBenchmarkOptions(parse.GetValue(requests), parse.GetValue(warmup), parse.GetValue(model)!, Transport: Transports[parse.GetValue(transport)!]);
            var results = await InferenceBenchmark.RunAsync(options, p => Console.Error.WriteLine(p), cancellationToken);
            Console.WriteLine(FormatTable(options, results));
            return 0;
        });
        return command;
    }

    static readonly Dictionary<string, InferenceTransport> Transports = new(StringComparer.Ordinal)
    {
        ["cleartext"] = InferenceTransport.Cleartext,
        ["tls"] = InferenceTransport.MutualTls,
        ["in-process"] = InferenceTransport.InProcess,
    };

    static string Describe(InferenceTransport transport) => transport switch
    {
        InferenceTransport.MutualTls => "gRPC over lab mutual TLS on loopback",
        InferenceTransport.InProcess => "in process (messages serialized as gRPC would, no network)",
        _ => "gRPC over cleartext HTTP/2 on loopback",
    };

    static string FormatTable(InferenceBenchmarkOptions options, IReadOnlyList<InferenceLatency> results)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            $"Model `{options.Model}`, {options.Requests} timed requests per cell after {options.Warmup} warm-up, {Describe(options.Transport)}, {Environment.ProcessorCount} cores.",
            "",
            "| batch | mode | p50 (ms) | p99 (ms) | mean (ms) | p50 / plaintext p50 |",
            "|---:|---|---:|---:|---:|---:|",
        };
        foreach (var r in results)
        {
            var plain = results.First(p => p.Batch == r.Batch && p.Mode == InferenceBenchmark.Plaintext);
            lines.Add(string.Create(c, $"| {r.Batch} | {r.Mode} | {r.P50Ms:F4} | {r.P99Ms:F4} | {r.MeanMs:F4} | {r.P50Ms / plain.P50Ms:F3} |"));
        }
        var cached1 = results.FirstOrDefault(r => r.Batch == 1 && r.Mode == InferenceBenchmark.SealedCached);
        var plain1 = results.FirstOrDefault(r => r.Batch == 1 && r.Mode == InferenceBenchmark.Plaintext);
        if (cached1 is not null && plain1 is not null)
        {
            double overhead = cached1.P50Ms / plain1.P50Ms - 1;
            lines.Add("");
            lines.Add(string.Create(c, $"Target (cached context, batch 1, sealed p50 within 5% of plaintext): {overhead:+0.0%;-0.0%} -> {(overhead <= 0.05 ? "met" : "NOT met")}."));
        }
        return string.Join(Environment.NewLine, lines);
    }
}
