namespace FedHybrid.Aggregation.Strategies;

/// <summary>
/// The names the fit family of strategies and its clients agree on, in one place: stage names, payload
/// vector names, metric names and instruction config keys. A client reads its instruction and writes
/// its reply with these; a strategy reads the reply with them. Changing one is a protocol change.
/// </summary>
public static class FitProtocol
{
    // Stages.

    /// <summary>Train locally from the shared model and reply with the delta.</summary>
    public const string FitStage = "fit";

    /// <summary>Evaluate the shared model on the client's own data.</summary>
    public const string EvaluateStage = "evaluate";

    // Shared payload vectors (coordinator to clients).

    /// <summary>The global model's flat parameter vector.</summary>
    public const string Model = "model";

    /// <summary>SCAFFOLD's server control variate c, beside the model.</summary>
    public const string Control = "control";

    // Reply payload vectors (client to coordinator).

    /// <summary><c>local - global</c>, as one flat float32 vector of the model's length.</summary>
    public const string Delta = "delta";

    /// <summary>SCAFFOLD's <c>c_i+ - c_i</c>, of the model's length.</summary>
    public const string ControlDelta = "control_delta";

    // Fit reply metrics.

    /// <summary>Training samples the delta was computed on (integer &gt; 0; FedAvg's weight).</summary>
    public const string SampleCount = "sample_count";

    /// <summary>Mean training loss over the samples seen (finite number).</summary>
    public const string TrainLoss = "train_loss";

    /// <summary>Optimizer steps taken locally (integer &gt; 0; FedNova's tau_i, SCAFFOLD's K).</summary>
    public const string LocalSteps = "local_steps";

    // Fit instruction config (local training).

    public const string Epochs = "epochs";
    public const string BatchSize = "batch_size";
    public const string LearningRate = "learning_rate";
    public const string Momentum = "momentum";
    public const string WeightDecay = "weight_decay";

    /// <summary>FedProx's mu; absent means 0 (no proximal term).</summary>
    public const string ProximalMu = "proximal_mu";

    /// <summary>The run seed; each client derives its own training seed from it, the round and its id.</summary>
    public const string Seed = "seed";

    // Round result metrics (RoundResult.Metrics), beside the sample-weighted mean train_loss.

    /// <summary>Fit replies aggregated in the round.</summary>
    public const string FitAccepted = "fit_accepted";

    // Evaluate reply metrics.

    /// <summary>Mean loss over the examples evaluated (finite number).</summary>
    public const string Loss = "loss";

    /// <summary>Fraction of examples classified correctly, in [0, 1].</summary>
    public const string Accuracy = "accuracy";

    /// <summary>Examples evaluated (integer &gt; 0; the weight of this evaluation).</summary>
    public const string Count = "count";
}
