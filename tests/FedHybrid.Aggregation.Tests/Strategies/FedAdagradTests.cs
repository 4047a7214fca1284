using FedHybrid.Aggregation.Strategies;

namespace FedHybrid.Aggregation.Tests.Strategies;

public sealed class FedAdagradTests
{
    [Fact]
    public void AdagradSumsTheSquaredDeltas()
    {
        // Setting of FedAdamTests; eta 0.1, beta_1 0 (m = Delta), tau 1e-3.
        // v1 = 1e-6 + Delta^2 = [0.250001, 0.010001]; x1 = x0 + 0.1*Delta/(sqrt(v1)+1e-3) = [1.09980023, -2.09900498]
        // v2 = v1 + Delta^2 = [0.500001, 0.020001];   x2 = x1 + 0.1*Delta/(sqrt(v2)+1e-3) = [1.17041099, -2.16921735]
        FedAdamTests.AssertTwoRounds(new FedAdagrad(new FedAdagradOptions { Eta = 0.1, Tau = 1e-3 }, FitRounds.Settings),
            [0.5f, -0.10000000149011612f], [0.2500010132789612f, 0.010001000016927719f], [1.0998002290725708f, -2.0990049839019775f],
            [0.5f, -0.10000000149011612f], [0.5000010132789612f, 0.0200009997934103f], [1.1704109907150269f, -2.169217348098755f]);
    }
}
