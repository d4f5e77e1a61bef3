namespace BujjiCoder.AppHost.Infrastructure;

/// <summary>The AppHost will not start for a reason the user can fix, and the message says how.</summary>
internal sealed class StartRefusedException(string message) : DistributedApplicationException(message)
{
    /// <summary>
    /// Makes a refused start end the process with its one-line message and exit code 1, instead of a stack trace that
    /// buries it. Only when nothing else handles the exception: the Aspire testing builder still receives it.
    /// </summary>
    public static void PrintWhenUnhandled() =>
        AppDomain.CurrentDomain.UnhandledException += (_, args) =>
        {
            if (args.ExceptionObject is Exception exception && exception.GetBaseException() is StartRefusedException refused)
            {
                Console.Error.WriteLine(refused.Message);
                Environment.Exit(1);
            }
        };
}
