using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Sportall.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
