namespace FedHybrid.Federation.Client.Behaviors;

/// <summary>In-place scaling of a delta, shared by the behaviours that boost, flip or bound what they send.</summary>
static class DeltaScaling
{
    public static void Scale(float[] delta, float factor)
    {
        for (int i = 0; i < delta.Length; i++)
            delta[i] *= factor;
    }
}
