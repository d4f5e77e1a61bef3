namespace BujjiCoder.Workspaces.Completion;

/// <summary>
/// One suggestion, higher score first. For names, <c>text</c> is the whole word (the client replaces the prefix it typed);
/// for kind <c>llm</c> it is the model's code, inserted at the cursor as it is.
/// </summary>
public sealed record CompletionItem(string Text, string Kind, double Score);
