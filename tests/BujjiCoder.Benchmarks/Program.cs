using System.Globalization;
using BujjiCoder.Benchmarks;
using BujjiCoder.Benchmarks.Performance;
using BujjiCoder.Benchmarks.Retrieval;

// Benchmarks print figures against a real Api process on fresh PostgreSQL and Redis. Figures depend on the
// machine; compare the ratios to the bare health endpoint measured in the same run.
//   perf [section ...] [--users N] [--connections N] [--row-seconds N] [--scenario-seconds N]
//                                                the one table of docs/PERFORMANCE.md (issue 16's rows and targets);
//                                                sections: hotpath chat workspace users faults (all when none named)
//   bare <port>                                  the bare Kestrel app the hot-path rows compare with (started by perf)
//   auth [seconds] [clients]                     login, JWT and PAT validation
//   workspace [files] [megabytes] [clients] [seconds]  import, index, search, tree/read
//   chat [streams] [clients]                     gateway overhead on streamed replies, cache hits and savings
//   ratelimit [seconds] [clients]                the rate limiter's overhead, and its fallback with Redis stopped
//   backup [megabytes]                           backup (dump, pack, verify) and the restore command (RTO) of a database of that size
//   usage [records] [days] [calls]               the admin usage report before and after the Worker's roll-ups
//   retrieval [--import-files N]                 issue 17: recall@5/MRR of text, semantic, hybrid and chat grounding over the
//                                                knex question set, indexing rate, query latency; an import of N generated
//                                                files (default 10,000, 0 skips) with the indexer off and on
var mode = args.Length > 0 && !char.IsAsciiDigit(args[0][0]) ? args[0] : "auth";
var rest = mode == "auth" && args.Length > 0 && char.IsAsciiDigit(args[0][0]) ? args : args.Skip(1).ToArray();
int Arg(int index, int fallback) => rest.Length > index ? int.Parse(rest[index], CultureInfo.InvariantCulture) : fallback;

switch (mode)
{
    case "perf":
        try
        {
            var (settings, sections) = PerformanceSettings.Parse(rest);
            return await PerformanceReport.RunAsync(settings, [.. sections]);
        }
        catch (ArgumentException invalid)
        {
            Console.Error.WriteLine(invalid.Message);
            return 2;
        }
    case BareKestrel.Mode:
        await BareKestrel.RunAsync(Arg(0, 5000));
        break;
    case "auth":
        await AuthBenchmark.RunAsync(TimeSpan.FromSeconds(Arg(0, 10)), Arg(1, 16));
        break;
    case "workspace":
        await WorkspaceBenchmark.RunAsync(Arg(0, 10_000), Arg(1, 50) * 1024L * 1024, Arg(2, 50), TimeSpan.FromSeconds(Arg(3, 10)));
        break;
    case "chat":
        await ChatBenchmark.RunAsync(Arg(0, 400), Arg(1, 200));
        break;
    case "ratelimit":
        await RateLimitBenchmark.RunAsync(TimeSpan.FromSeconds(Arg(0, 10)), Arg(1, 32));
        break;
    case "backup":
        await BackupBenchmark.RunAsync(Arg(0, 1024));
        break;
    case "retrieval":
        if (rest is not ([] or ["--import-files", _]))
        {
            Console.Error.WriteLine("Use: retrieval [--import-files N]");
            return 2;
        }

        return await RetrievalBenchmark.RunAsync(rest.Length == 0 ? 10_000 : int.Parse(rest[1], CultureInfo.InvariantCulture));
    case "usage":
        await UsageBenchmark.RunAsync(Arg(0, 1_000_000), Arg(1, 90), Arg(2, 20));
        break;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{mode}'. Use: perf [section ...] [--users N] [--connections N] [--row-seconds N] [--scenario-seconds N] | auth [seconds] [clients] | workspace [files] [megabytes] [clients] [seconds] | chat [streams] [clients] | ratelimit [seconds] [clients] | backup [megabytes] | usage [records] [days] [calls] | retrieval [--import-files N]");
        return 2;
}

return 0;
