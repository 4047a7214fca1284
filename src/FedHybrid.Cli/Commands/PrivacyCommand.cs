using System.CommandLine;
using System.Globalization;
using FedHybrid.Aggregation.Privacy;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid privacy`: epsilon of the Poisson-subsampled Gaussian from both accountants, so either
/// can be checked against the other (and against published figures) without a run.</summary>
public static class PrivacyCommand
{
    public static Command Create()
    {
        var q = new Option<double>("--q") { Description = "Poisson sampling rate per step, in [0, 1].", Required = true };
        var sigma = new Option<double>("--sigma") { Description = "Noise multiplier: noise standard deviation / L2 sensitivity.", Required = true };
        var steps = new Option<long>("--steps") { Description = "Number of composed steps (rounds).", Required = true };
        var delta = new Option<double>("--delta") { Description = "Target delta, in (0, 1).", Required = true };
        var discretization = new Option<double>("--discretization") { Description = "PLD loss grid interval.", DefaultValueFactory = _ => PldAccountant.DefaultDiscretization };
        var orders = new Option<string>("--orders") { Description = "RDP orders: 'default' (dp_accounting) or 'tf-privacy' (compute_dp_sgd_privacy).", DefaultValueFactory = _ => "default" };

        var command = new Command("privacy", "Print (epsilon, delta) of the Poisson-subsampled Gaussian from the RDP and the PLD accountant.");
        foreach (var option in new Option[] { q, sigma, steps, delta, discretization, orders }) command.Options.Add(option);
        command.SetAction(pr => CliErrors.Run(() =>
        {
            double rate = pr.GetValue(q), noise = pr.GetValue(sigma), target = pr.GetValue(delta), grid = pr.GetValue(discretization);
            long count = pr.GetValue(steps);
            if (!(target > 0 && target < 1)) throw new ArgumentException($"--delta must be in (0, 1), got {target}.");
            var orderList = pr.GetValue(orders) switch
            {
                "default" => RdpOrders.Default,
                "tf-privacy" => RdpOrders.TfPrivacyDpSgd,
                var other => throw new ArgumentException($"--orders must be 'default' or 'tf-privacy', got '{other}'."),
            };
            var rdp = new RdpAccountant(orderList).ComposePoissonGaussian(rate, noise, count).Epsilon(target);
            var pld = new PldAccountant(grid).ComposePoissonGaussian(rate, noise, count).Epsilon(target);
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(c, $"q={rate} sigma={noise} steps={count} delta={target} (Poisson sampling, add-or-remove-one)"));
            Console.WriteLine(string.Create(c, $"RDP epsilon = {rdp.Epsilon:G10}  (optimal order {rdp.Order}, {orderList.Count} orders {orderList[0]}..{orderList[^1]}, conversion Canonne-Kamath-Steinke 2020)"));
            Console.WriteLine(string.Create(c, $"PLD epsilon = {pld.Epsilon:G10}  (discretization {grid}, connect-the-dots: an upper bound)"));
        }));
        return command;
    }
}
