namespace FedHybrid.Learning.Data;

/// <summary>The content of an IDX image file: <paramref name="Count"/> images of
/// <paramref name="Rows"/> x <paramref name="Cols"/> normalized pixels in one row-major buffer.</summary>
public sealed record IdxImages(float[] Pixels, int Count, int Rows, int Cols);
