namespace FedHybrid.Inference;

/// <summary>A model that maps a batch of images [B, 1, 28, 28] to logits [B, Classes]. Must be safe to
/// call from several threads.</summary>
public interface IPredictor
{
    int Classes { get; }

    float[] Predict(ReadOnlySpan<float> pixels, int batch);
}
