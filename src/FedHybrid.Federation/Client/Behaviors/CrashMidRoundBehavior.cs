using System.Diagnostics;

namespace FedHybrid.Federation.Client.Behaviors;

/// <summary>From round 2 on, kills its own process once it has the model: a client lost mid-round.</summary>
public sealed class CrashMidRoundBehavior : ClientBehavior
{
    public override string Name => "crash-mid-round";

    public override void OnModel(StageTaskInfo task, float[] global)
    {
        if (task.Round >= 2)
            Process.GetCurrentProcess().Kill();
    }
}
