using System.Diagnostics.Metrics;

namespace BujjiCoder.Api.Auth;

/// <summary>
/// Password sign-ins by outcome, and accounts locked: a spike of failures or lockouts is a brute force run. No user or
/// address is a label: those go to the audit log, which has room for them.
/// </summary>
internal sealed class AuthMetrics
{
    public const string MeterName = "BujjiCoder.Api.Auth";

    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string LockedOut = "locked_out";

    private readonly Counter<long> _signIns;
    private readonly Counter<long> _lockouts;

    public AuthMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _signIns = meter.CreateCounter<long>("bujji.auth.sign_ins", "{attempt}",
            "Password sign-in attempts by outcome: succeeded, failed (unknown user, wrong password, disabled), locked_out (refused while locked).");
        _lockouts = meter.CreateCounter<long>("bujji.auth.lockouts", "{account}", "Accounts locked after too many failed sign-ins.");
    }

    public void SignIn(string outcome) => _signIns.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Lockout() => _lockouts.Add(1);
}
