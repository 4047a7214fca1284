namespace FedHybrid.Deployment;

/// <summary>Who a kit folder belongs to.</summary>
public enum KitKind
{
    Coordinator,
    Client,
}
