namespace FedHybrid.Aggregation.Privacy;

/// <summary>Which half of add-or-remove-one adjacency a privacy-loss distribution describes. Under Poisson
/// subsampling the two are not symmetric, so the PLD accountant tracks both and reports the worse.</summary>
public enum PldDirection
{
    /// <summary>P = (1-q)·N(0,σ²) + q·N(1,σ²) against Q = N(0,σ²): the record is removed.</summary>
    Remove,

    /// <summary>P = N(0,σ²) against Q = (1-q)·N(0,σ²) + q·N(1,σ²): the record is added.</summary>
    Add,
}
