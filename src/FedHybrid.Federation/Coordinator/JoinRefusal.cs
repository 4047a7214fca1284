namespace FedHybrid.Federation.Coordinator;

/// <summary>Why the coordinator refused a join (or a join challenge). Names are written to metrics as kebab-case.</summary>
public enum JoinRefusal
{
    /// <summary>The request is malformed: a bad client id, or a key or proof over its size limit.</summary>
    Malformed,
    /// <summary>Under mutual TLS, the client certificate names another client.</summary>
    WrongCertificate,
    /// <summary>The client was provisioned for another suite.</summary>
    WrongSuite,
    /// <summary>The client id is not provisioned.</summary>
    NotProvisioned,
    /// <summary>The presented public keys are not those the client was provisioned with.</summary>
    WrongKeys,
    /// <summary>The challenge is unknown, already used or expired (the client may ask for a new one).</summary>
    StaleChallenge,
    /// <summary>The proof does not verify under the provisioned signing key: the client does not hold it.</summary>
    BadProof,
}
