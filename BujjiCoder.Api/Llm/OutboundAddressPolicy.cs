using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// Keeps users' LLM base URLs away from the Api's own network (SSRF): loopback, private, link-local, shared (CGNAT),
/// unspecified, multicast and broadcast addresses are refused unless an administrator allowed private networks or
/// listed the host; cloud metadata endpoints are always refused.
/// </summary>
/// <remarks>
/// <see cref="TryValidate"/> checks what can be seen in the URL without I/O (for a clear error when the URL is saved);
/// <see cref="CreateHandler"/> checks every address a name resolves to when a connection is opened, which also covers
/// DNS rebinding and names that only resolve to internal addresses. Only the handler is a security boundary.
/// </remarks>
internal sealed class OutboundAddressPolicy
{
    private const string MetadataError = "Cloud metadata endpoints are never allowed as an LLM base URL.";

    // Instance metadata / platform endpoints: AWS, GCP, Azure, OCI (169.254.169.254), ECS task metadata (169.254.170.2),
    // EKS Pod Identity (169.254.170.23), Alibaba Cloud (100.100.100.200), Azure WireServer (168.63.129.16), and the
    // AWS IPv6 instance metadata and Pod Identity endpoints.
    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"),
        IPAddress.Parse("169.254.170.2"),
        IPAddress.Parse("169.254.170.23"),
        IPAddress.Parse("100.100.100.200"),
        IPAddress.Parse("168.63.129.16"),
        IPAddress.Parse("fd00:ec2::254"),
        IPAddress.Parse("fd00:ec2::23"),
    ];

    private static readonly string[] MetadataNames =
        ["metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal"];

    private readonly bool _allowPrivateNetworks;
    private readonly HashSet<string> _allowedHosts;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    public OutboundAddressPolicy(OutboundPolicyOptions options)
        : this(options, Dns.GetHostAddressesAsync)
    {
    }

    /// <summary>For tests: resolves names with <paramref name="resolve"/> instead of DNS.</summary>
    internal OutboundAddressPolicy(OutboundPolicyOptions options, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolve);
        _allowPrivateNetworks = options.AllowPrivateNetworks;
        _allowedHosts = new HashSet<string>(
            options.AllowedHosts.Select(HostKey).Where(key => key.Length > 0),
            StringComparer.OrdinalIgnoreCase);
        _resolve = resolve;
    }

    private enum AddressKind
    {
        Public,
        Private,
        Forbidden,
        Metadata,
    }

    private enum HostKind
    {
        Name,
        Literal,
        Invalid,
    }

    /// <summary>
    /// Checks a base URL without I/O: absolute http or https, no user info or fragment, and a host that is not an internal
    /// name or address (IP literals in any notation the resolver would accept are checked as addresses).
    /// </summary>
    public bool TryValidate(string? baseUrl, [NotNullWhen(true)] out Uri? uri, out string error)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(baseUrl))
        {
            error = "The base URL is empty.";
            return false;
        }

        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var parsed))
        {
            error = "The base URL must be an absolute http or https URL.";
            return false;
        }

        if (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
        {
            error = "The base URL must use http or https.";
            return false;
        }

        if (parsed.UserInfo.Length > 0)
        {
            error = "The base URL must not contain a user name or password.";
            return false;
        }

        if (parsed.Fragment.Length > 0)
        {
            error = "The base URL must not contain a fragment.";
            return false;
        }

        var hostError = CheckHost(parsed.IdnHost, out _);
        if (hostError is not null)
        {
            error = hostError;
            return false;
        }

        uri = parsed;
        error = string.Empty;
        return true;
    }

    /// <summary>
    /// The address rule: public unicast addresses are allowed; loopback, private, link-local and shared addresses only
    /// when private networks are allowed; unspecified, multicast, broadcast, reserved and cloud metadata addresses never.
    /// IPv6 addresses that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by the embedded address.
    /// </summary>
    public bool IsAllowed(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Classify(address) switch
        {
            AddressKind.Public => true,
            AddressKind.Private => _allowPrivateNetworks,
            _ => false,
        };
    }

    /// <summary>Whether an administrator listed the host (exact, case-insensitive), so that it skips the address rule.</summary>
    public bool IsAllowedHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var key = HostKey(host);
        return key.Length > 0 && _allowedHosts.Contains(key);
    }

    /// <summary>
    /// A handler that resolves the host itself when connecting and refuses (without connecting) when any address it
    /// resolves to is not allowed. It does not follow redirects and does not use a proxy, so the checked address is the
    /// one connected to.
    /// </summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectCallback = ConnectAsync,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var host = NormalizeHost(endPoint.Host);
        var hostError = CheckHost(endPoint.Host, out var literal);
        if (hostError is not null)
            throw Refused(hostError);

        IPAddress[] addresses = literal is not null
            ? [literal]
            : await _resolve(endPoint.Host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
            throw new HttpRequestException(HttpRequestError.NameResolutionError, $"The host '{host}' did not resolve to any address.");

        var listed = IsAllowedHost(host);
        foreach (var address in addresses)
        {
            var kind = Classify(address);
            if (kind == AddressKind.Metadata)
                throw Refused($"The host '{host}' resolves to a cloud metadata endpoint; no connection was attempted.");
            if (!listed && !IsAllowed(address))
            {
                throw Refused(
                    $"The host '{host}' resolves to a loopback, private, link-local or otherwise internal address; no connection was attempted.");
            }
        }

        List<SocketException> failures = [];
        foreach (var address in addresses)
        {
            Socket? socket = new(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken).ConfigureAwait(false);
                var stream = new NetworkStream(socket, ownsSocket: true);
                socket = null;
                return stream;
            }
            catch (SocketException exception)
            {
                failures.Add(exception);
            }
            finally
            {
                socket?.Dispose();
            }
        }

        throw new HttpRequestException(
            HttpRequestError.ConnectionError, $"Could not connect to '{host}'.", new AggregateException(failures));
    }

    private static HttpRequestException Refused(string message) =>
        new(HttpRequestError.ConnectionError, $"Outbound request refused by the LLM address policy: {message}");

    // Null when the host may be used. The literal is set when the host is an IP address in any notation.
    private string? CheckHost(string rawHost, out IPAddress? literal)
    {
        var host = NormalizeHost(rawHost);
        literal = null;
        if (host.Length == 0)
            return "The base URL has no host.";

        switch (ParseHost(host, out var address))
        {
            case HostKind.Invalid:
                return $"The host '{host}' looks like an IP address but is not a valid one.";
            case HostKind.Literal:
                literal = address!;
                if (Classify(literal) == AddressKind.Metadata)
                    return MetadataError;
                return IsAllowedHost(host) || IsAllowed(literal)
                    ? null
                    : $"The host '{host}' is a loopback, private, link-local or otherwise internal address.";
            default:
                if (MetadataNames.Contains(host, StringComparer.OrdinalIgnoreCase))
                    return MetadataError;
                return IsAllowedHost(host) || _allowPrivateNetworks || !IsInternalName(host)
                    ? null
                    : $"The host '{host}' is an internal name.";
        }
    }

    private static bool IsInternalName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || host.Equals("internal", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".internal", StringComparison.OrdinalIgnoreCase);

    // Brackets, an IPv6 zone and trailing dots do not change where a connection goes.
    private static string NormalizeHost(string host)
    {
        var normalized = host.Trim();
        if (normalized.Length >= 2 && normalized[0] == '[' && normalized[^1] == ']')
            normalized = normalized[1..^1];
        var zone = normalized.IndexOf('%', StringComparison.Ordinal);
        if (zone >= 0 && normalized.Contains(':', StringComparison.Ordinal))
            normalized = normalized[..zone];
        return normalized.TrimEnd('.');
    }

    // IP literals compare by address, so "::1" and "0:0::1" (or "127.1" and "127.0.0.1") are the same host.
    private static string HostKey(string host)
    {
        var normalized = NormalizeHost(host);
        return ParseHost(normalized, out var address) == HostKind.Literal
            ? new IPAddress(address!.GetAddressBytes()).ToString()
            : normalized;
    }

    // A host whose last label is numeric ("2130706433", "0x7f000001", "0177.0.0.1", "127.1") is an IPv4 address to
    // the resolver (inet_aton), never a DNS name: it must parse as one, or it is refused.
    private static HostKind ParseHost(string host, out IPAddress? address)
    {
        address = null;
        if (host.Contains(':', StringComparison.Ordinal))
        {
            if (IPAddress.TryParse(host, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            {
                address = v6;
                return HostKind.Literal;
            }

            return HostKind.Invalid;
        }

        var lastLabel = host[(host.LastIndexOf('.') + 1)..];
        if (!IsNumericLabel(lastLabel))
            return HostKind.Name;

        if (IPAddress.TryParse(host, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork)
        {
            address = v4;
            return HostKind.Literal;
        }

        return HostKind.Invalid;
    }

    private static bool IsNumericLabel(string label)
    {
        if (label.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return !label.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF");
        return label.Length > 0 && !label.AsSpan().ContainsAnyExceptInRange('0', '9');
    }

    private static AddressKind Classify(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ClassifyV4(bytes),
            AddressFamily.InterNetworkV6 => ClassifyV6(bytes),
            _ => AddressKind.Forbidden,
        };
    }

    private static AddressKind ClassifyV4(ReadOnlySpan<byte> b)
    {
        if (IsMetadata(b))
            return AddressKind.Metadata;
        return (b[0], b[1], b[2]) switch
        {
            (0, _, _) => AddressKind.Forbidden,                            // 0.0.0.0/8 "this network"
            ( >= 224, _, _) => AddressKind.Forbidden,                      // 224/4 multicast, 240/4 reserved, broadcast
            (10, _, _) => AddressKind.Private,                             // 10/8
            (127, _, _) => AddressKind.Private,                            // 127/8 loopback
            (100, >= 64 and <= 127, _) => AddressKind.Private,             // 100.64/10 shared (CGNAT)
            (169, 254, _) => AddressKind.Private,                          // 169.254/16 link-local
            (172, >= 16 and <= 31, _) => AddressKind.Private,              // 172.16/12
            (192, 0, 0) => AddressKind.Private,                            // 192.0.0/24 IETF protocol assignments
            (192, 168, _) => AddressKind.Private,                          // 192.168/16
            (198, 18 or 19, _) => AddressKind.Private,                     // 198.18/15 benchmarking
            _ => AddressKind.Public,
        };
    }

    private static AddressKind ClassifyV6(ReadOnlySpan<byte> b)
    {
        if (IsMetadata(b))
            return AddressKind.Metadata;
        if (b[0] == 0xff)
            return AddressKind.Forbidden;                                  // ff00::/8 multicast

        if (!b[..10].ContainsAnyExcept((byte)0))
        {
            if (b[10] == 0xff && b[11] == 0xff)
                return ClassifyV4(b[12..]);                                // ::ffff:0:0/96 IPv4-mapped
            if (b[10] == 0 && b[11] == 0)
            {
                if (!b[12..].ContainsAnyExcept((byte)0))
                    return AddressKind.Forbidden;                          // ::/128 unspecified
                if (!b[12..15].ContainsAnyExcept((byte)0) && b[15] == 1)
                    return AddressKind.Private;                            // ::1 loopback
                return ClassifyV4(b[12..]);                                // ::/96 IPv4-compatible (deprecated)
            }
        }

        if (!b[..8].ContainsAnyExcept((byte)0) && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0)
            return ClassifyV4(b[12..]);                                    // ::ffff:0:0:0/96 IPv4-translated (SIIT)
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
        {
            if (!b[4..12].ContainsAnyExcept((byte)0))
                return ClassifyV4(b[12..]);                                // 64:ff9b::/96 NAT64
            if (b[4] == 0 && b[5] == 1)
                return AddressKind.Private;                                // 64:ff9b:1::/48 local-use NAT64
        }

        return b switch
        {
            [0x00, ..] => AddressKind.Forbidden,                           // rest of ::/8 (reserved)
            [0x20, 0x02, ..] => ClassifyV4(b[2..6]),                       // 2002::/16 6to4
            [>= 0xfc and <= 0xfd, ..] => AddressKind.Private,              // fc00::/7 unique local
            [0xfe, >= 0x80 and <= 0xbf, ..] => AddressKind.Private,        // fe80::/10 link-local
            [0xfe, >= 0xc0, ..] => AddressKind.Private,                    // fec0::/10 site-local (deprecated)
            _ => AddressKind.Public,
        };
    }

    private static bool IsMetadata(ReadOnlySpan<byte> bytes)
    {
        Span<byte> candidate = stackalloc byte[16];
        foreach (var metadata in MetadataAddresses)
        {
            if (metadata.TryWriteBytes(candidate, out var written) && candidate[..written].SequenceEqual(bytes))
                return true;
        }

        return false;
    }
}
