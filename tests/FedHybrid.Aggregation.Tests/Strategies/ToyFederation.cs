using FedHybrid.Aggregation.Stages;
using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

/// <summary>
/// A federation of clients with quadratic objectives f_i(x) = a_i/2 * ||x - t_i||^2 that train by local
/// (heavy-ball) gradient descent exactly as the instruction says: the run's learning rate and momentum,
/// FedProx's mu, SCAFFOLD's correction c - c_i and control update, each client's own number of steps.
/// It answers a strategy's stages in process, so a strategy runs end to end without an engine.
/// </summary>
sealed class ToyFederation(double[] curvature, float[][] targets, int[] steps)
{
    readonly string[] _ids = Enumerable.Range(0, curvature.Length).Select(i => $"client-{i}").ToArray();
    readonly Dictionary<string, float[]> _controls = [];

    /// <summary>The global objective (1/N) sum_i f_i at <paramref name="x"/>.</summary>
    public double Objective(float[] x) =>
        Enumerable.Range(0, curvature.Length).Average(i => curvature[i] / 2 * x.Select((v, j) => Math.Pow(v - targets[i][j], 2)).Sum());

    public float[] Run(Strategy strategy, float[] start, int rounds)
    {
        var global = start;
        for (int round = 1; round <= rounds; round++)
        {
            var context = new RoundContext(round, _ids, global);
            var plan = strategy.BeginRound(context);
            var replies = plan.Instructions.Select(i => Train(i, plan.Shared)).ToArray();
            var result = Assert.IsType<StageOutcome.RoundDone>(strategy.CompleteStage(context, new StageResults(plan.Stage, replies, []))).Result;
            Assert.True(result.Aggregated, result.AbortReason);
            Assert.Empty(result.Rejections);
            global = result.Parameters;
        }
        return global;
    }

    StageReply Train(ClientInstruction instruction, StagePayload shared)
    {
        int i = Array.IndexOf(_ids, instruction.ClientId);
        var settings = FitSettings.FromConfig(instruction.Config);
        double mu = FitMessages.ProximalMu(instruction.Config);
        int n = targets[i].Length;
        var x = shared.Vector(FitProtocol.Model, n);
        var c = shared.Vectors.GetValueOrDefault(FitProtocol.Control);
        var own = _controls.GetValueOrDefault(instruction.ClientId) ?? new float[n];
        var correction = c is null ? new float[n] : ScaffoldControl.Correction(c, own);

        var y = x.Select(v => (double)v).ToArray();
        var velocity = new double[n];
        for (int k = 0; k < steps[i]; k++)
            for (int j = 0; j < n; j++)
            {
                double gradient = curvature[i] * (y[j] - targets[i][j]) + mu * (y[j] - x[j]) + correction[j];
                velocity[j] = settings.Momentum * velocity[j] + gradient;
                y[j] -= settings.LearningRate * velocity[j];
            }
        var local = y.Select(v => (float)v).ToArray();
        var vectors = new List<(string, float[])> { (FitProtocol.Delta, VectorMath.Subtract(local, x)) };
        if (c is not null)
        {
            var next = ScaffoldControl.ClientUpdate(own, c, x, local, steps[i], settings.LearningRate);
            vectors.Add((FitProtocol.ControlDelta, VectorMath.Subtract(next, own)));
            _controls[instruction.ClientId] = next;
        }
        return new StageReply(instruction.ClientId, FitMessages.FitMetrics(100, Objective(local), steps[i]), StagePayload.OfVectors([.. vectors]));
    }
}
