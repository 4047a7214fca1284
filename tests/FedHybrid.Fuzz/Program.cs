using FedHybrid.Fuzz;
using SharpFuzz;

// FedHybrid.Fuzz: one fuzz target per parser that reads bytes from outside (experiments/fuzz/run-afl.sh).
//   fuzz TARGET               run under afl-fuzz (input on stdin, SharpFuzz's persistent mode)
//   run TARGET FILE|DIR...    run inputs once; exit 1 on anything but success or a typed rejection
//   seeds DIR                 write every target's seed corpus to DIR/TARGET/
//   material DIR              write fresh test-only keys and kits (the project's Material/ folder)
//   list                      the targets
switch (args)
{
    case ["fuzz", var name]:
        var target = FuzzTargets.Find(name);
        // Nothing may run instrumented code before this: the trace map exists only inside Run.
        // Out of process: a stack overflow or a runtime crash is reported to afl-fuzz, and the child restarts.
        Fuzzer.OutOfProcess.Run(stream =>
        {
            var input = new MemoryStream();
            stream.CopyTo(input);
            FuzzTargets.Execute(target, input.ToArray());
        });
        return 0;
    case ["run", var name, .. var paths]:
        var runTarget = FuzzTargets.Find(name);
        int failures = 0;
        foreach (var file in paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : (IEnumerable<string>)[p]))
        {
            try
            {
                Console.WriteLine($"{file}: {FuzzTargets.Execute(runTarget, File.ReadAllBytes(file))}");
            }
            catch (Exception e)
            {
                failures++;
                Console.WriteLine($"{file}: DEFECT {e}");
            }
        }
        return failures == 0 ? 0 : 1;
    case ["seeds", var output]:
        foreach (var t in FuzzTargets.All)
        {
            var directory = Directory.CreateDirectory(Path.Combine(output, t.Name)).FullName;
            foreach (var (seedName, data) in t.Seeds())
                File.WriteAllBytes(Path.Combine(directory, seedName), data);
        }
        return 0;
    case ["material", var output]:
        FuzzMaterial.Generate(output);
        return 0;
    case ["list"]:
        foreach (var t in FuzzTargets.All) Console.WriteLine(t.Name);
        return 0;
    default:
        Console.Error.WriteLine("usage: FedHybrid.Fuzz fuzz TARGET | run TARGET FILE|DIR... | seeds DIR | material DIR | list");
        return 2;
}
