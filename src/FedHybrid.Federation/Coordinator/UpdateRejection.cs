namespace FedHybrid.Federation.Coordinator;

/// <summary>Why the coordinator refused an update. Names are written to metrics as kebab-case.</summary>
public enum UpdateRejection
{
    /// <summary>The client was not selected for this round.</summary>
    NotSelected,
    /// <summary>The client already submitted for this round.</summary>
    Duplicate,
    /// <summary>The round's deadline had passed, or the round is not open.</summary>
    Late,
    /// <summary>The sealed update exceeds the size limit.</summary>
    TooLarge,
    /// <summary>The envelope did not open or authenticate (tampered, wrong key, wrong sender key).</summary>
    Unauthenticated,
    /// <summary>The envelope's authenticated sender is not the submitting client.</summary>
    WrongSender,
    /// <summary>The envelope belongs to another run.</summary>
    WrongRun,
    /// <summary>This exact envelope was received before.</summary>
    Replayed,
    /// <summary>The envelope is for another round (stale or future).</summary>
    WrongRound,
    /// <summary>The plaintext is not a well-formed update, or the upload stream broke the protocol.</summary>
    Malformed,
    /// <summary>The delta has the wrong number of parameters.</summary>
    WrongSize,
    /// <summary>The claimed sample count is not positive or exceeds what the client may claim.</summary>
    SampleCountOutOfRange,
    /// <summary>The delta, or a value the client reported with it (loss, accuracy, timing), is NaN or infinity.</summary>
    NotFinite,
    /// <summary>A value the client reported is finite but impossible: a negative loss or timing, a
    /// timing longer than the round's deadline, an accuracy outside [0, 1], an evaluation count outside
    /// 1..the client's sample limit.</summary>
    ReportOutOfRange,
}
