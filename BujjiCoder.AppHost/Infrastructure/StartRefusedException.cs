namespace BujjiCoder.AppHost.Infrastructure;

/// <summary>
/// The AppHost will not start for a reason the user can fix, and the message says how: Program prints it as one
/// line instead of a stack trace that buries it.
/// </summary>
internal sealed class StartRefusedException(string message) : DistributedApplicationException(message);
