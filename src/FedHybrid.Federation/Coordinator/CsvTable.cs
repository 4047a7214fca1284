using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.TypeConversion;

namespace FedHybrid.Federation.Coordinator;

/// <summary>
/// A run's CSV tables through CsvHelper: one row a record, the header from the record's properties in
/// <see cref="RunFileNaming"/>'s spelling, invariant culture, RFC 4180 quoting. A table is replaced
/// atomically, so a reader never sees half a file, and reads back into the same records (notebooks and
/// tests read it; benchmarks take the records in process).
/// </summary>
public static class CsvTable
{
    static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        // Reading is strict: a table whose header lacks a column of the record is refused by name.
        MissingFieldFound = null,
        HeaderValidated = ConfigurationFunctions.HeaderValidated,
        NewLine = "\n", // the line ending every other file of a run uses
    };

    public static void WriteAtomically<T>(string path, IEnumerable<T> records)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using (var csv = new CsvWriter(text, Configuration))
        {
            csv.Context.RegisterClassMap(Map<T>());
            csv.WriteRecords(records);
        }
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>The records of a table that <see cref="WriteAtomically{T}"/> wrote; a table of another
    /// shape is refused with the column it lacks.</summary>
    public static IReadOnlyList<T> Read<T>(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, Configuration);
        csv.Context.RegisterClassMap(Map<T>());
        try
        {
            return csv.GetRecords<T>().ToList();
        }
        catch (CsvHelperException e)
        {
            throw new InvalidDataException($"{path}: not a {typeof(T).Name} table: {e.Message.Split('\n')[0]}", e);
        }
    }

    static ClassMap<T> Map<T>()
    {
        var map = new DefaultClassMap<T>();
        map.AutoMap(Configuration);
        foreach (var member in map.MemberMaps)
        {
            member.Name(RunFileNaming.Name(member.Data.Member!.Name));
            if (ConverterFor(member.Data.Type) is { } converter)
                member.TypeConverter(converter);
        }
        foreach (var parameter in map.ParameterMaps)
        {
            parameter.Name(RunFileNaming.Name(parameter.Data.Parameter.Name!));
            if (ConverterFor(parameter.Data.Parameter.ParameterType) is { } converter)
                parameter.TypeConverter(converter);
        }
        return map;
    }

    static ITypeConverter? ConverterFor(Type type) =>
        type == typeof(double) ? NotMeasuredField.Instance : type == typeof(bool) ? LowerCaseBoolean.Instance : null;

    /// <summary>A double that is not finite (not measured) is an empty field, as summary.json writes null;
    /// an empty field reads back as NaN. Finite values round-trip exactly.</summary>
    sealed class NotMeasuredField : DefaultTypeConverter
    {
        public static readonly NotMeasuredField Instance = new();

        public override string ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
            value is double d && double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "";

        public override object ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) =>
            string.IsNullOrEmpty(text) ? double.NaN
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
            : base.ConvertFromString(text, row, memberMapData)!;
    }

    /// <summary>Booleans as JSON spells them, so pandas and the JSON files agree.</summary>
    sealed class LowerCaseBoolean : BooleanConverter
    {
        public static readonly LowerCaseBoolean Instance = new();

        public override string ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
            value is true ? "true" : "false";
    }
}
