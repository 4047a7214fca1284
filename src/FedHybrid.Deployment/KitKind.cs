namespace FedHybrid.Deployment;

/// <summary>Who a kit folder belongs to.</summary>
public enum KitKind
{
    Coordinator,
    Client,
    /// <summary>A client host's kit: a folder of client kits, one per virtual client the host runs.</summary>
    Host,
}
