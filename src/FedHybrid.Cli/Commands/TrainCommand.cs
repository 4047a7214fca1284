using System.CommandLine;
using System.Diagnostics;
using FedHybrid.Learning.Data;
using FedHybrid.Learning.Models;
using FedHybrid.Learning.Training;
using Spectre.Console;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid train`: the centralized baseline, one model trained on the whole training set.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model: " + string.Join(", ", ModelFactory.Names), DefaultValueFactory = _ => "cnn" };
        model.AcceptOnlyFromAmong([.. ModelFactory.Names]);
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training set", DefaultValueFactory = _ => 5 };
        var batch = new Option<int>("--batch") { Description = "Batch size", DefaultValueFactory = _ => 64 };
        var lr = new Option<double>("--lr") { Description = "SGD learning rate", DefaultValueFactory = _ => 0.02 };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum", DefaultValueFactory = _ => 0.9 };
        var weightDecay = new Option<double>("--weight-decay") { Description = "L2 weight decay", DefaultValueFactory = _ => 0.0 };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (0: libtorch's default, one per core)", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the initial weights and the shuffling", DefaultValueFactory = _ => 0 };
        var data = new Option<string?>("--data") { Description = $"Directory with Fashion-MNIST's IDX files (else ${FashionMnist.EnvironmentVariable}, {FashionMnist.DebianDirectory}, the bundled subset)" };

        var command = new Command("train", "Train one model centrally on Fashion-MNIST and report test accuracy after each epoch.");
        foreach (var option in new Option[] { model, epochs, batch, lr, momentum, weightDecay, threads, seed, data })
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new TrainingOptions(parse.GetValue(epochs), parse.GetValue(batch), parse.GetValue(lr),
                parse.GetValue(momentum), parse.GetValue(weightDecay), Seed: parse.GetValue(seed));
            try
            {
                options.Validate();
                var dataset = await FashionMnist.LoadAsync(parse.GetValue(data), cancellationToken);
                return Run(parse.GetValue(model)!, parse.GetValue(threads), options, dataset, cancellationToken);
            }
            catch (Exception e) when (e is DatasetNotFoundException or InvalidDatasetException or ArgumentException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return 1;
            }
        });
        return command;
    }

    static int Run(string modelName, int threads, TrainingOptions options, FashionMnistData dataset, CancellationToken cancellationToken)
    {
        AnsiConsole.WriteLine($"data: {dataset.Description}");
        using var learner = new LocalLearner(modelName, threads, options.Seed);
        AnsiConsole.WriteLine($"model: {learner.ModelName}, {learner.ParameterCount:N0} parameters; SGD lr {options.LearningRate}, "
            + $"momentum {options.Momentum}, weight decay {options.WeightDecay}, batch {options.BatchSize}, "
            + $"threads {TorchSharp.torch.get_num_threads()}, seed {options.Seed}");
        float[] weights = learner.InitialWeights();
        var total = Stopwatch.StartNew();
        EvaluationResult? last = null;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            // One epoch a Fit, so that each epoch is evaluated; the seed moves on so each epoch reshuffles.
            var epochOptions = options with { Epochs = 1, Seed = unchecked(options.Seed + epoch) };
            TrainingResult result = null!;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask($"epoch {epoch}/{options.Epochs}", maxValue: dataset.Train.Count);
                    result = learner.Fit(weights, dataset.Train, epochOptions, cancellationToken, p => task.Value = p.SamplesDone);
                });
            weights = result.Weights;
            last = learner.Evaluate(weights, dataset.Test);
            AnsiConsole.WriteLine($"epoch {epoch}/{options.Epochs}: train loss {result.MeanLoss:F4}, test loss {last.Loss:F4}, "
                + $"test accuracy {last.Accuracy:P2} ({result.Seconds:F1} s, {result.Samples / result.Seconds:N0} samples/s)");
        }
        AnsiConsole.WriteLine($"done: {learner.ModelName} reached {last!.Accuracy:P2} test accuracy on {last.Count:N0} images in {total.Elapsed.TotalSeconds:F0} s");
        return 0;
    }
}
