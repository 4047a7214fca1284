using System.Globalization;

namespace FedHybrid.Learning.Partitioning;

/// <summary>
/// Splits a labeled dataset among clients, deterministically from a seed (see <see cref="SeededRandom"/>).
/// Each partitioner is one subclass; <see cref="Parse"/> reads the spec strings a config or the CLI uses:
/// <c>iid</c>, <c>dirichlet:BETA</c>, <c>shards:K</c>, <c>quantity:BETA</c>, <c>classes:C</c>.
/// Every client gets at least one sample, or the split fails with an <see cref="ArgumentException"/> saying why.
/// </summary>
public abstract class Partitioner
{
    /// <summary>The forms <see cref="Parse"/> accepts, for error messages and help text.</summary>
    public const string SpecForms = "iid, dirichlet:BETA, client-dirichlet:ALPHA, shards:K, quantity:BETA, classes:C";

    /// <summary>This partitioner as a spec string; <c>Parse(Spec)</c> gives an equal partitioner.</summary>
    public abstract string Spec { get; }

    public override string ToString() => Spec;

    /// <summary>Splits the samples with <paramref name="labels"/> (each below <paramref name="classCount"/>)
    /// among <paramref name="clientCount"/> clients.</summary>
    public DataPartition Split(ReadOnlySpan<byte> labels, int classCount, int clientCount, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clientCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classCount, 256);
        if (labels.Length < clientCount)
            throw new ArgumentException(
                $"{Spec}: {clientCount:N0} clients need at least one sample each, but there are only {labels.Length:N0} samples", nameof(clientCount));
        int bad = classCount == 256 ? -1 : labels.IndexOfAnyInRange((byte)classCount, byte.MaxValue);
        if (bad >= 0)
            throw new ArgumentException($"label {bad:N0} is {labels[bad]}, outside the {classCount} classes", nameof(labels));

        int[][] clients = Assign(labels, classCount, clientCount, new SeededRandom(seed));

        var histogram = new int[clientCount][];
        for (int client = 0; client < clientCount; client++)
        {
            int[] indices = clients[client];
            if (indices.Length == 0)
                throw new ArgumentException($"{Spec} left client {client} of {clientCount} without samples; use fewer clients");
            Array.Sort(indices);
            histogram[client] = new int[classCount];
            foreach (int index in indices)
                histogram[client][labels[index]]++;
        }
        return new DataPartition(Spec, seed, clients, histogram);
    }

    /// <summary>Assigns every index of <paramref name="labels"/> to exactly one client.
    /// Called with at least as many samples as clients and valid labels.</summary>
    protected abstract int[][] Assign(ReadOnlySpan<byte> labels, int classCount, int clientCount, SeededRandom random);

    /// <summary>Reads a spec such as <c>dirichlet:0.5</c> (case-insensitive).</summary>
    /// <exception cref="FormatException">Unknown name, missing or malformed parameter, or a parameter out of range.</exception>
    public static Partitioner Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string trimmed = spec.Trim();
        int colon = trimmed.IndexOf(':');
        string name = (colon < 0 ? trimmed : trimmed[..colon]).ToLowerInvariant();
        string? argument = colon < 0 ? null : trimmed[(colon + 1)..].Trim();
        return name switch
        {
            "iid" when argument is null => new IidPartitioner(),
            "iid" => throw new FormatException($"Partition '{spec}': iid takes no parameter"),
            "dirichlet" => new DirichletLabelPartitioner(ParseBeta(spec, name, argument)),
            "client-dirichlet" => new ClientDirichletPartitioner(ParseBeta(spec, name, argument)),
            "quantity" => new QuantitySkewPartitioner(ParseBeta(spec, name, argument)),
            "shards" => new ShardPartitioner(ParseCount(spec, name, argument, "K shards per client")),
            "classes" => new LabelCountPartitioner(ParseCount(spec, name, argument, "C classes per client")),
            _ => throw new FormatException($"Unknown partition '{spec}'; expected one of: {SpecForms}"),
        };
    }

    /// <summary>The rule a Dirichlet concentration must satisfy, for error messages.</summary>
    protected const string BetaRule = "BETA must be a positive, finite number";

    protected static bool IsValidBeta(double beta) => beta > 0 && double.IsFinite(beta);

    private static double ParseBeta(string spec, string name, string? argument)
    {
        if (string.IsNullOrEmpty(argument))
            throw new FormatException($"Partition '{spec}': {name} needs a concentration BETA, e.g. {name}:0.5");
        if (!double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out double beta))
            throw new FormatException($"Partition '{spec}': BETA '{argument}' is not a number");
        if (!IsValidBeta(beta))
            throw new FormatException($"Partition '{spec}': {BetaRule}");
        return beta;
    }

    private static int ParseCount(string spec, string name, string? argument, string meaning)
    {
        if (string.IsNullOrEmpty(argument))
            throw new FormatException($"Partition '{spec}': {name} needs {meaning}, e.g. {name}:2");
        if (!int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            throw new FormatException($"Partition '{spec}': '{argument}' is not a whole number ({meaning})");
        if (count < 1)
            throw new FormatException($"Partition '{spec}': {meaning} must be at least 1");
        return count;
    }

    /// <summary>Indices of each class, ascending.</summary>
    protected static int[][] IndicesByClass(ReadOnlySpan<byte> labels, int classCount)
    {
        var counts = new int[classCount];
        foreach (byte label in labels)
            counts[label]++;
        var byClass = new int[classCount][];
        for (int c = 0; c < classCount; c++)
            byClass[c] = new int[counts[c]];
        Array.Clear(counts);
        for (int i = 0; i < labels.Length; i++)
            byClass[labels[i]][counts[labels[i]]++] = i;
        return byClass;
    }

    /// <summary>Cuts <paramref name="items"/> into <paramref name="parts"/> consecutive pieces whose sizes differ by at most one
    /// (the first <c>Length % parts</c> pieces are one longer), as numpy's array_split.</summary>
    protected static int[][] SplitEvenly(ReadOnlySpan<int> items, int parts)
    {
        var pieces = new int[parts][];
        int size = items.Length / parts, extra = items.Length % parts, start = 0;
        for (int p = 0; p < parts; p++)
        {
            int length = size + (p < extra ? 1 : 0);
            pieces[p] = items.Slice(start, length).ToArray();
            start += length;
        }
        return pieces;
    }

    /// <summary>Sizes of consecutive pieces cut at the cumulative <paramref name="proportions"/> of <paramref name="total"/>
    /// (truncated, the last piece taking the rest), as NIID-Bench's <c>np.split(idx, (cumsum(p) * n).astype(int)[:-1])</c>.</summary>
    protected static int[] SizesFromProportions(ReadOnlySpan<double> proportions, int total)
    {
        var sizes = new int[proportions.Length];
        double cumulative = 0;
        int start = 0;
        for (int i = 0; i < proportions.Length; i++)
        {
            cumulative += proportions[i];
            int end = i == proportions.Length - 1 ? total : Math.Clamp((int)(cumulative * total), start, total);
            sizes[i] = end - start;
            start = end;
        }
        return sizes;
    }

    /// <summary>The smallest client size Dirichlet-based splits retry for: NIID-Bench's 10, or less when
    /// there are fewer than 10 samples a client.</summary>
    protected static int MinimumClientSize(int sampleCount, int clientCount) => Math.Clamp(sampleCount / clientCount, 1, 10);
}
