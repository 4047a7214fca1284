using System.CommandLine;
using System.Security.Cryptography;
using FedHybrid.Inference;
using FedHybrid.Deployment;

namespace FedHybrid.Cli.Commands;

/// <summary>`fedhybrid serve`: sealed inference over mutual TLS with a coordinator kit's keys.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The sealed final model the coordinator wrote (final-model.sealed).", Required = true };
        var kit = new Option<string>("--kit") { Description = "The coordinator kit folder (its envelope key opens the model, its inference key the requests).", Required = true };
        var listen = new Option<string>("--listen") { Description = "Address to listen on, e.g. 0.0.0.0:5443.", DefaultValueFactory = _ => "127.0.0.1:5443" };
        var arch = new Option<string?>("--arch") { Description = "Model architecture; recognised from the parameter count when omitted." };
        var addKey = new Option<bool>("--add-inference-key") { Description = "First create the kit's inference key pair (kits provisioned before it existed); copy the printed public key file into each client kit." };
        var allowPlaintext = new Option<bool>("--allow-plaintext") { Description = "Also answer unsealed PredictPlaintext calls (benchmarking only: inputs and logits travel in the clear inside TLS)." };

        var command = new Command("serve", "Answer sealed Predict requests (HPKE to the kit's inference key, responses sealed under keys exported from the request's context) over mutual TLS.");
        command.Options.Add(model);
        command.Options.Add(kit);
        command.Options.Add(listen);
        command.Options.Add(arch);
        command.Options.Add(addKey);
        command.Options.Add(allowPlaintext);
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var coordinator = CoordinatorKit.Load(parse.GetValue(kit)!);
                var (name, weights) = SealedModelFile.Open(parse.GetValue(model)!, coordinator, parse.GetValue(arch));
                if (parse.GetValue(addKey))
                    Console.WriteLine($"created the inference key pair; copy {InferenceKeys.AddToCoordinatorKit(coordinator)} into every client kit that will send requests");
                using var predictor = new TorchPredictor(name, weights);
                var privateKey = InferenceKeys.ServerPrivateKey(coordinator);
                using var server = new SealedInferenceServer(privateKey, predictor);
                CryptographicOperations.ZeroMemory(privateKey);
                if (parse.GetValue(allowPlaintext))
                    Console.Error.WriteLine("WARNING: --allow-plaintext: PredictPlaintext is enabled; use it only to benchmark.");
                await using var host = await InferenceHosting.StartMutualTlsAsync(ListenAddress.Parse(parse.GetValue(listen)!), coordinator.ServerCertificate,
                    coordinator.Validator, server, new InferenceServiceOptions(parse.GetValue(allowPlaintext)), cancellationToken);
                Console.WriteLine($"serving {name} ({weights.Length} parameters) on {host.Address} (mutual TLS, lab CA {coordinator.CaCertificate.GetCertHashString(HashAlgorithmName.SHA256)[..16]}...); Ctrl-C stops");
                await host.WaitForShutdownAsync(cancellationToken);
                return 0;
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
            catch (Exception e) when (e is KitLoadException or FormatException or FileNotFoundException or ArgumentException or FedHybrid.Crypto.CryptoException or FedHybrid.Federation.Payloads.MalformedPayloadException)
            {
                Console.Error.WriteLine($"serve: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
