using CsCheck;
using FedHybrid.Aggregation.Privacy;

namespace FedHybrid.Aggregation.Tests.Privacy;

/// <summary>Generated (q, sigma, steps): both accountants are monotone in steps and in sigma, and PLD ≤ RDP.</summary>
public sealed class AccountantProperties
{
    sealed record Case(double Q, double Sigma, long Steps, double Delta)
    {
        public override string ToString() => $"q={Q} sigma={Sigma} steps={Steps} delta={Delta}";
    }

    static readonly Gen<Case> Cases =
        from q in Gen.Double[0.001, 0.2]
        from sigma in Gen.Double[0.6, 4]
        from steps in Gen.Long[1, 300]
        from delta in Gen.OneOf(Gen.Const(1e-5), Gen.Const(1e-7), Gen.Const(1e-3))
        select new Case(q, sigma, steps, delta);

    static double Rdp(Case c) => new RdpAccountant().ComposePoissonGaussian(c.Q, c.Sigma, c.Steps).Epsilon(c.Delta).Epsilon;

    static double Pld(Case c) => new PldAccountant(1e-3).ComposePoissonGaussian(c.Q, c.Sigma, c.Steps).Epsilon(c.Delta).Epsilon;

    [Fact]
    public void RdpIsMonotoneInStepsAndSigma()
    {
        Cases.Sample(c =>
        {
            double eps = Rdp(c);
            Assert.True(Rdp(c with { Steps = c.Steps * 2 }) >= eps, "more steps lowered RDP epsilon");
            Assert.True(Rdp(c with { Sigma = c.Sigma * 1.2 }) <= eps, "more noise raised RDP epsilon");
        }, iter: 60);
    }

    [Fact]
    public void PldIsMonotoneAndAtMostRdp()
    {
        Cases.Sample(c =>
        {
            double eps = Pld(c);
            // Float error in the FFT is far below 1e-9 in epsilon at these sizes.
            Assert.True(Pld(c with { Steps = c.Steps * 2 }) >= eps - 1e-9, "more steps lowered PLD epsilon");
            Assert.True(Pld(c with { Sigma = c.Sigma * 1.2 }) <= eps + 1e-9, "more noise raised PLD epsilon");
            Assert.True(eps <= Rdp(c) + 1e-9, "PLD above RDP");
        }, iter: 12);
    }
}
