namespace FedHybrid.Federation.Lab;

/// <summary>Who a kit folder belongs to.</summary>
public enum KitKind
{
    Coordinator,
    Client,
}
