namespace FedHybrid.Learning.Data;

/// <summary>
/// Finds and loads Fashion-MNIST (Xiao, Rasul and Vollgraf 2017: 28x28 grayscale, 10 classes).
/// Places are tried in this order: a directory the caller names, the <c>FEDHYBRID_DATA</c> variable,
/// Debian's <c>/usr/share/datasets/fashion-mnist</c>, then the bundled 10,000/2,000 subset.
/// A directory that was asked for (the first two) must hold the files: it is an error, not a silent
/// fallback, when it does not.
/// </summary>
public static class FashionMnist
{
    public const int ClassCount = 10;
    public const int Rows = 28;
    public const int Cols = 28;
    public const string EnvironmentVariable = "FEDHYBRID_DATA";
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";
    public const string DebianPackage = "dataset-fashion-mnist";
    /// <summary>How a directory is named by default: the CLI's option. Callers that take it from
    /// elsewhere (a config's "data" key) say so, and errors and <see cref="DataSource.Origin"/> quote that.</summary>
    public const string CommandLineOption = "--data";

    /// <summary>The file names of the original distribution; each may also be present without ".gz".</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>Class names by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Resolves the data directory against the real environment (see <see cref="DataSearchPath.Current"/>).</summary>
    /// <param name="givenBy">Where <paramref name="dataDirectory"/> came from, as a person would name it ("--data", "\"data\" in the config").</param>
    public static DataSource Resolve(string? dataDirectory, string givenBy = CommandLineOption) => Resolve(dataDirectory, DataSearchPath.Current, givenBy);

    /// <summary>Resolves the data directory: <paramref name="dataDirectory"/> if given, else the places in <paramref name="search"/>.</summary>
    /// <param name="givenBy">Where <paramref name="dataDirectory"/> came from, quoted by the error and <see cref="DataSource.Origin"/>.</param>
    /// <exception cref="DatasetNotFoundException">A named directory lacks files, or no place holds the dataset.</exception>
    public static DataSource Resolve(string? dataDirectory, DataSearchPath search, string givenBy = CommandLineOption)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentException.ThrowIfNullOrWhiteSpace(givenBy);
        if (!string.IsNullOrWhiteSpace(dataDirectory))
            return Require(DataSourceKind.Explicit, dataDirectory, $"The data directory given with {givenBy}") with { GivenBy = givenBy };
        if (!string.IsNullOrWhiteSpace(search.EnvironmentValue))
            return Require(DataSourceKind.EnvironmentVariable, search.EnvironmentValue, $"The directory in ${EnvironmentVariable}");
        if (TryFind(DataSourceKind.DebianPackage, search.DebianDirectory, out DataSource? debian, out _))
            return debian;
        return Require(DataSourceKind.BundledSubset, search.BundledDirectory,
            $"No Fashion-MNIST found: no --data, no ${EnvironmentVariable}, no Debian package {DebianPackage} in {search.DebianDirectory}, and the bundled subset");
    }

    /// <summary>Resolves (see <see cref="Resolve(string?)"/>) and loads the training and test sets.</summary>
    public static Task<FashionMnistData> LoadAsync(string? dataDirectory, CancellationToken cancellationToken = default) =>
        LoadAsync(Resolve(dataDirectory), cancellationToken);

    /// <summary>Loads the four files of <paramref name="source"/> concurrently and checks they are 28x28 images of 10 classes.</summary>
    /// <exception cref="InvalidDatasetException">A file is malformed or not Fashion-MNIST-shaped.</exception>
    public static async Task<FashionMnistData> LoadAsync(DataSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        Task<LabeledImages> train = IdxReader.ReadLabeledImagesAsync(source.TrainImages, source.TrainLabels, ClassCount, cancellationToken);
        Task<LabeledImages> test = IdxReader.ReadLabeledImagesAsync(source.TestImages, source.TestLabels, ClassCount, cancellationToken);
        await Task.WhenAll(train, test).ConfigureAwait(false);
        RequireShape(train.Result, source.TrainImages);
        RequireShape(test.Result, source.TestImages);
        return new FashionMnistData(train.Result, test.Result, source);
    }

    private static void RequireShape(LabeledImages images, string path)
    {
        if (images.Rows != Rows || images.Cols != Cols)
            throw new InvalidDatasetException(path, $"holds images of {images.Rows}x{images.Cols} pixels; Fashion-MNIST's are {Rows}x{Cols}");
    }

    private static DataSource Require(DataSourceKind kind, string directory, string what)
    {
        if (TryFind(kind, directory, out DataSource? source, out List<string> missing))
            return source;
        string problem = System.IO.Directory.Exists(directory)
            ? $"lacks {string.Join(", ", missing.Select(name => name + "[.gz]"))}"
            : "does not exist";
        throw new DatasetNotFoundException(directory, missing, $"{what} ({directory}) {problem}.");
    }

    private static bool TryFind(DataSourceKind kind, string directory, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DataSource? source, out List<string> missing)
    {
        var found = new string[FileNames.Count];
        missing = [];
        for (int i = 0; i < FileNames.Count; i++)
        {
            string compressed = Path.Combine(directory, FileNames[i] + ".gz");
            string plain = Path.Combine(directory, FileNames[i]);
            if (File.Exists(compressed))
                found[i] = compressed;
            else if (File.Exists(plain))
                found[i] = plain;
            else
                missing.Add(FileNames[i]);
        }
        source = missing.Count == 0
            ? new DataSource(kind, Path.GetFullPath(directory), found[0], found[1], found[2], found[3])
            : null;
        return source is not null;
    }
}
