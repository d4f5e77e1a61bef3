namespace BujjiCoder.Worker.Backups;

/// <summary>A restore refused because the target already holds tables and replacing them was not asked for.</summary>
internal sealed class TargetNotEmptyException(string message) : InvalidOperationException(message);
