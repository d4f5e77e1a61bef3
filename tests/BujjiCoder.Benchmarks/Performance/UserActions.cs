using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace BujjiCoder.Benchmarks.Performance;

/// <summary>What a simulated user does, one request (or one streamed reply) per action, through the front door.</summary>
internal static class UserActions
{
    /// <summary>One user for the scenario's duration: a staggered start, then act, think, act … until time is up.</summary>
    public static async Task ActAsync(SimulatedUser user, HttpClient client, Dictionary<string, ActionLog> logs, ActionLog firstToken, TimeSpan duration, CancellationToken cancellationToken)
    {
        var random = new Random(user.Index);
        var clock = Stopwatch.StartNew();
        // Users arrive over the first think time rather than all in the same millisecond.
        await Task.Delay(random.Next(UserScenarioSection.ThinkMilliseconds.Max), cancellationToken);
        while (clock.Elapsed < duration)
        {
            var action = Pick(random);
            var started = Stopwatch.GetTimestamp();
            var failure = await RunAsync(action, user, client, random, started, firstToken, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (failure is null)
            {
                logs[action].Succeeded(elapsed);
            }
            else
            {
                logs[action].Failed(elapsed, failure);
            }

            await Task.Delay(random.Next(UserScenarioSection.ThinkMilliseconds.Min, UserScenarioSection.ThinkMilliseconds.Max), cancellationToken);
        }
    }

    /// <summary>One action of <paramref name="user"/>: null when it succeeded, else why it failed (a status code, an exception's type).</summary>
    public static async Task<string?> RunAsync(string action, SimulatedUser user, HttpClient client, Random random, long started, ActionLog firstToken, CancellationToken cancellationToken)
    {
        try
        {
            return action switch
            {
                "browse tree" => await GetAsync(client, user, Tree(user.Workspace, random), cancellationToken),
                "read file" => await GetAsync(client, user, $"/api/v1/workspaces/{user.Workspace.Id}/files/{user.Workspace.Paths[random.Next(user.Workspace.Paths.Count)]}", cancellationToken),
                "search" => await GetAsync(client, user, Search(user.Workspace, random), cancellationToken),
                "edit/save" => await SaveAsync(client, user, cancellationToken),
                "composer" => await ComposeAsync(client, user, random, cancellationToken),
                _ => await ChatAsync(client, user, random, started, firstToken, cancellationToken),
            };
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException)
        {
            return exception.GetType().Name;
        }
    }

    private static string Pick(Random random)
    {
        var roll = random.Next(UserScenarioSection.Mix.Sum(m => m.Weight));
        foreach (var (action, weight, _) in UserScenarioSection.Mix)
        {
            if (roll < weight)
            {
                return action;
            }

            roll -= weight;
        }

        throw new UnreachableException();
    }

    private static string Tree(BenchWorkspace workspace, Random random)
    {
        // A third of the clicks open the root, the rest a folder of it.
        var path = random.Next(3) == 0 ? "" : "?path=" + Uri.EscapeDataString(workspace.Directories[random.Next(workspace.Directories.Count)]);
        return $"/api/v1/workspaces/{workspace.Id}/tree{path}";
    }

    private static string Search(BenchWorkspace workspace, Random random)
    {
        var words = RepositoryGenerator.Words;
        var query = random.Next(2) == 0 ? words[random.Next(words.Length)] : RepositoryGenerator.Name(random) + "Service";
        return $"/api/v1/workspaces/{workspace.Id}/search?q={Uri.EscapeDataString(query)}&mode=text&limit=20";
    }

    private static async Task<string?> GetAsync(HttpClient client, SimulatedUser user, string path, CancellationToken cancellationToken)
    {
        using var request = BenchWorkspace.Authorized(HttpMethod.Get, path, user.Token);
        using var response = await client.SendAsync(request, cancellationToken);
        // The body is read in full, as the browser would before it could show it.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return response.IsSuccessStatusCode ? null : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
    }

    private static async Task<string?> SaveAsync(HttpClient client, SimulatedUser user, CancellationToken cancellationToken)
    {
        using var request = BenchWorkspace.Authorized(HttpMethod.Put, $"/api/v1/workspaces/{user.Workspace.Id}/files/{user.ScratchPath}", user.Token);
        request.Content = new StringContent($"# Notes of {user.Index}\n\nSave {++user.Saves}: the invoice total is the sum of its lines.\n");
        if (user.ScratchETag is { } etag)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        }

        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        }

        user.ScratchETag = response.Headers.ETag?.ToString();
        return null;
    }

    private static async Task<string?> ComposeAsync(HttpClient client, SimulatedUser user, Random random, CancellationToken cancellationToken)
    {
        using var request = BenchWorkspace.Authorized(HttpMethod.Post, $"/api/v1/workspaces/{user.Workspace.Id}/composer", user.Token);
        request.Content = JsonContent.Create(new
        {
            instruction = "Write down how orders are invoiced.",
            paths = new[] { user.Workspace.Paths[random.Next(user.Workspace.Paths.Count)] },
            model = UserScenarioSection.ComposerModel,
        });
        using var response = await client.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return response.IsSuccessStatusCode ? null : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A question in the user's conversation, streamed; the action ends with the stream's <c>done</c>.</summary>
    private static async Task<string?> ChatAsync(HttpClient client, SimulatedUser user, Random random, long started, ActionLog firstToken, CancellationToken cancellationToken)
    {
        using var request = BenchWorkspace.Authorized(HttpMethod.Post, $"/api/v1/conversations/{user.ChatConversation}/messages", user.Token);
        request.Content = JsonContent.Create(new { content = $"Where is the {RepositoryGenerator.Words[random.Next(RepositoryGenerator.Words.Length)]} total computed?" });
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        }

        var events = await ReadEventsAsync(response, () => firstToken.Succeeded(Stopwatch.GetElapsedTime(started).TotalMilliseconds), cancellationToken);
        return events.Error ? "error event" : events.Done ? null : "stream ended without done";
    }

    /// <summary>Reads a chat stream to its end, calling <paramref name="onFirstDelta"/> at the first token.</summary>
    public static async Task<(bool Done, bool Error)> ReadEventsAsync(HttpResponseMessage response, Action onFirstDelta, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var (first, done, error) = (true, false, false);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            switch (line)
            {
                case "event: delta" when first:
                    first = false;
                    onFirstDelta();
                    break;
                case "event: done":
                    done = true;
                    break;
                case "event: error":
                    error = true;
                    break;
            }
        }

        return (done, error);
    }
}
