namespace FedHybrid.Federation.Coordinator;

/// <summary>Why the coordinator refused a stage reply. Names are written to metrics as kebab-case; a strategy
/// may add reasons of its own (<see cref="FedHybrid.Aggregation.Stages.ReplyProblem"/>).</summary>
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
    /// <summary>The reply belongs to another stage or task of the round.</summary>
    WrongStage,
    /// <summary>The plaintext is not a well-formed update, or the upload stream broke the protocol.</summary>
    Malformed,
    /// <summary>The delta has the wrong number of parameters.</summary>
    WrongSize,
    /// <summary>The claimed sample count is not positive or exceeds what the client may claim.</summary>
    SampleCountOutOfRange,
    /// <summary>A vector, or a number the client reported with it (loss, accuracy, timing), is NaN or infinity.</summary>
    NotFinite,
    /// <summary>A value the client reported is finite but impossible: a negative timing, a timing longer
    /// than a week, an accuracy outside [0, 1].</summary>
    ReportOutOfRange,
}
