namespace BujjiCoder.Api.Workspaces.Import;

/// <summary>
/// How many uploads this process is importing while their callers wait (<see cref="ImportEndpoints"/>). The embedded
/// Api's semantic indexer pauses while there is any: the import goes first, as it does in a Worker, whose indexer pauses
/// for a leased import job. File edits are not counted: they are small, and the index is meant to keep up with them.
/// </summary>
internal sealed class ImportsInProgress
{
    private int _running;

    public bool Any => Volatile.Read(ref _running) > 0;

    /// <summary>Counts an import until the returned scope is disposed (once, however often it is disposed).</summary>
    public IDisposable Enter()
    {
        Interlocked.Increment(ref _running);
        return new Import(this);
    }

    private sealed class Import(ImportsInProgress imports) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref imports._running);
            }
        }
    }
}
