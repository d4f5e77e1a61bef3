namespace BujjiCoder.Worker.Backups;

/// <summary>A restore that changed nothing because going on could have destroyed data nobody meant to replace.</summary>
internal abstract class RestoreRefusedException(string message) : InvalidOperationException(message);

/// <summary>The target already holds tables and replacing them was not asked for.</summary>
internal sealed class TargetNotEmptyException(string message) : RestoreRefusedException(message);

/// <summary>Other sessions (the Api, the Worker) have the target open; replacing it under them would break them or fail halfway.</summary>
internal sealed class DatabaseInUseException(string message) : RestoreRefusedException(message);
