using System.Globalization;
using FedHybrid.Attacks.Registry;

namespace FedHybrid.Attacks.Network;

/// <summary>`fedhybrid attack eavesdrop`: <see cref="EavesdropRunner"/> on the config, scored against the true updates.</summary>
public sealed class EavesdropAttack : Attack<EavesdropOptions>
{
    public override string Name => "eavesdrop";

    public override string Description =>
        "A passive attacker on the wire between clients and coordinator records every gRPC message of a real run and recovers what it can of each fit update "
        + "from the bytes alone; scored against the true updates (a plaintext run of the same config and seed), with the entropy and chi-square of the bodies.";

    protected override async Task<AttackOutcome> RunAsync(AttackContext context, EavesdropOptions options, CancellationToken cancellationToken)
    {
        context.Log($"eavesdrop: running '{context.Config.Run.Name}' (suite {context.Config.Crypto.Suite}) through a recording proxy"
            + (context.Config.Crypto.Suite == EavesdropRunner.PlaintextSuite ? "" : ", then its plaintext twin for the true updates"));
        var runner = new EavesdropRunner(context.Config, context.SimulationInFolder) { RelativeTolerance = options.RelativeTolerance };
        var report = await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        var r = report.Result;
        var metrics = new
        {
            r.Suite,
            r.Replies,
            r.HeadersParsed,
            r.PlaintextDecoded,
            r.WeightsCompared,
            r.ExactMatches,
            r.ExactFraction,
            r.ToleranceMatches,
            r.ToleranceFraction,
            r.RelativeTolerance,
            Body = r.Body,
            LeakedInTheClear = r.Leaked,
            report.TruthSource,
            AttackedRun = report.Attacked,
            ReferenceRun = report.Reference,
            report.Traffic,
            RunsSeconds = report.WallSeconds,
        };
        var table = new AttackTable(["measure", "value"],
        [
            ["suite", r.Suite],
            ["fit replies captured", Invariant(r.Replies)],
            ["headers parsed without a key", Invariant(r.HeadersParsed)],
            ["bodies decoded as plaintext", Invariant(r.PlaintextDecoded)],
            ["weights compared", Invariant(r.WeightsCompared)],
            ["weights recovered exactly (same float32 bits)", $"{r.ExactMatches} ({r.ExactFraction:P4})"],
            [$"weights within {r.RelativeTolerance:G3} relative", $"{r.ToleranceMatches} ({r.ToleranceFraction:P4})"],
            ["body entropy (bits/byte)", r.Body.EntropyBitsPerByte.ToString("0.0000", CultureInfo.InvariantCulture)],
            ["body chi-square vs uniform (255 d.o.f.)", $"{r.Body.ChiSquare.ToString("0.0", CultureInfo.InvariantCulture)}, p = {r.Body.PValue.ToString("G4", CultureInfo.InvariantCulture)}"],
            ["body bytes", Invariant(r.Body.Bytes)],
            .. r.Leaked.Select(l => (IReadOnlyList<string>)["in the clear", l]),
        ]);
        var headline = $"eavesdrop on suite {r.Suite}: {r.ExactFraction:P4} of {r.WeightsCompared} update weights recovered exactly, {r.ToleranceFraction:P4} within {r.RelativeTolerance:G3}; "
            + $"body entropy {r.Body.EntropyBitsPerByte:0.0000} bits/byte, chi-square p = {r.Body.PValue:G4}";
        return new AttackOutcome(metrics, table, [], headline);
    }

    static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
