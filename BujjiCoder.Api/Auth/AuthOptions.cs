using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Api.Auth;

/// <summary>Settings of the <c>Auth</c> section.</summary>
internal sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Who may create an account: anyone, holders of an invitation, or nobody.</summary>
    [EnumDataType(typeof(RegistrationMode), ErrorMessage = "Auth:RegistrationMode must be one of: Open, Invite, Closed.")]
    public RegistrationMode RegistrationMode { get; set; } = RegistrationMode.Invite;
}

internal enum RegistrationMode
{
    Open = 1,
    Invite,
    Closed,
}
