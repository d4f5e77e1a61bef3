using System.Net;
using BujjiCoder.Api.Llm;

namespace BujjiCoder.IntegrationTests.Llm;

public sealed class OutboundAddressPolicyTests
{
    private static OutboundAddressPolicy Policy(bool allowPrivateNetworks = false, params string[] allowedHosts) =>
        new(new OutboundPolicyOptions { AllowPrivateNetworks = allowPrivateNetworks, AllowedHosts = allowedHosts });

    [Theory]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://localhost:11434")]
    [InlineData("http://[::1]")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://10.0.0.5")]
    [InlineData("http://172.16.1.1")]
    [InlineData("http://172.31.255.255")]
    [InlineData("http://192.168.1.1")]
    [InlineData("http://100.64.0.1")]
    [InlineData("http://100.127.255.254")]
    [InlineData("http://0.0.0.0")]
    [InlineData("http://2130706433")]
    [InlineData("http://0x7f000001")]
    [InlineData("http://0177.0.0.1")]
    [InlineData("http://127.1")]
    [InlineData("http://127.0.0.1.")]
    [InlineData("http://0x7f.1")]
    [InlineData("http://08.0.0.1")]
    [InlineData("http://999.1.1.1")]
    [InlineData("http://1.2.3.4.5")]
    [InlineData("http://192.0.0.8")]
    [InlineData("http://198.18.0.1")]
    [InlineData("http://224.0.0.1")]
    [InlineData("http://240.0.0.1")]
    [InlineData("http://255.255.255.255")]
    [InlineData("http://[::ffff:127.0.0.1]")]
    [InlineData("http://[::ffff:a9fe:a9fe]")]
    [InlineData("http://[::127.0.0.1]")]
    [InlineData("http://[::ffff:0:7f00:1]")]
    [InlineData("http://[64:ff9b::7f00:1]")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]")]
    [InlineData("http://[2002:7f00:1::]")]
    [InlineData("http://[2002:c0a8:101::1]")]
    [InlineData("http://[::]")]
    [InlineData("http://[fd00:ec2::254]")]
    [InlineData("http://[fc00::1]")]
    [InlineData("http://[fe80::1]")]
    [InlineData("http://[fe80::1%25eth0]")]
    [InlineData("http://[ff02::1]")]
    [InlineData("http://metadata.google.internal")]
    [InlineData("http://ollama.internal:11434")]
    [InlineData("http://foo.localhost")]
    [InlineData("http://LOCALHOST.")]
    [InlineData("http://ｌｏｃａｌｈｏｓｔ")]
    [InlineData("ftp://example.com")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://user:pass@example.com")]
    [InlineData("https://api.openai.com@127.0.0.1/v1")]
    [InlineData("https://api.openai.com/v1#fragment")]
    [InlineData("not a url")]
    [InlineData("/relative")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Internal_or_malformed_urls_are_refused(string? baseUrl)
    {
        var valid = Policy().TryValidate(baseUrl, out var uri, out var error);

        Assert.False(valid);
        Assert.Null(uri);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("https://api.openai.com/v1")]
    [InlineData("https://example.com:8443/v1")]
    [InlineData("http://8.8.8.8")]
    [InlineData("http://172.32.0.1")]
    [InlineData("http://100.128.0.1")]
    [InlineData("http://[2606:4700:4700::1111]/v1")]
    [InlineData("http://[2002:808:808::]")]
    [InlineData("http://[::ffff:8.8.8.8]")]
    [InlineData("https://my-vllm.example.com/openai/v1?api-version=1")]
    public void Public_urls_are_allowed(string baseUrl)
    {
        var valid = Policy().TryValidate(baseUrl, out var uri, out var error);

        Assert.True(valid, error);
        Assert.Equal(new Uri(baseUrl), uri);
        Assert.Empty(error);
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("1.1.1.1", true)]
    [InlineData("172.15.255.255", true)]
    [InlineData("172.32.0.0", true)]
    [InlineData("100.63.255.255", true)]
    [InlineData("198.20.0.1", true)]
    [InlineData("223.255.255.255", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("0.1.2.3", false)]
    [InlineData("10.255.255.255", false)]
    [InlineData("127.255.0.1", false)]
    [InlineData("169.254.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("172.16.0.0", false)]
    [InlineData("192.0.0.170", false)]
    [InlineData("192.168.255.255", false)]
    [InlineData("198.19.255.255", false)]
    [InlineData("239.255.255.250", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::", false)]
    [InlineData("::1", false)]
    [InlineData("fdff::1", false)]
    [InlineData("febf::1", false)]
    [InlineData("ff05::2", false)]
    [InlineData("fd00:ec2::254", false)]
    [InlineData("::ffff:10.1.2.3", false)]
    [InlineData("::10.1.2.3", false)]
    [InlineData("64:ff9b::192.168.0.1", false)]
    [InlineData("64:ff9b::8.8.8.8", true)]
    [InlineData("2002:0a00:0001::1", false)]
    [InlineData("2002:0808:0808::1", true)]
    public void Address_rule(string address, bool allowed) =>
        Assert.Equal(allowed, Policy().IsAllowed(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://10.0.0.5")]
    [InlineData("http://127.0.0.1:11434")]
    [InlineData("http://localhost:11434")]
    [InlineData("http://ollama.internal:11434")]
    [InlineData("http://[::1]:8000/v1")]
    [InlineData("http://[fd12:3456::1]")]
    [InlineData("http://100.64.0.1")]
    public void Private_networks_can_be_allowed(string baseUrl)
    {
        Assert.False(Policy().TryValidate(baseUrl, out _, out _));
        Assert.True(Policy(allowPrivateNetworks: true).TryValidate(baseUrl, out _, out var error), error);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://169.254.170.2/v2/credentials")]
    [InlineData("http://[fd00:ec2::254]")]
    [InlineData("http://[::ffff:a9fe:a9fe]")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]")]
    [InlineData("http://2852039166")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1")]
    [InlineData("http://224.0.0.1")]
    [InlineData("http://0.0.0.0")]
    public void Metadata_and_non_unicast_addresses_stay_refused_with_private_networks(string baseUrl)
    {
        var policy = Policy(allowPrivateNetworks: true);

        Assert.False(policy.TryValidate(baseUrl, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Private_networks_do_not_allow_metadata_addresses()
    {
        var policy = Policy(allowPrivateNetworks: true);

        Assert.True(policy.IsAllowed(IPAddress.Parse("169.254.1.1")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("169.254.169.254")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("fd00:ec2::254")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("::ffff:169.254.169.254")));
    }

    [Fact]
    public void Allowed_hosts_match_exactly_and_only_themselves()
    {
        var policy = Policy(false, "ollama.internal", "10.0.0.5", "[fd12::1]");

        Assert.True(policy.TryValidate("http://ollama.internal:11434/v1", out _, out var error), error);
        Assert.True(policy.TryValidate("http://OLLAMA.Internal/v1", out _, out error), error);
        Assert.True(policy.TryValidate("http://10.0.0.5:8000", out _, out error), error);
        Assert.True(policy.TryValidate("http://[fd12:0::1]", out _, out error), error);

        Assert.False(policy.TryValidate("http://10.0.0.6", out _, out _));
        Assert.False(policy.TryValidate("http://other.internal", out _, out _));
        Assert.False(policy.TryValidate("http://sub.ollama.internal", out _, out _));
        Assert.False(policy.TryValidate("http://localhost", out _, out _));

        Assert.True(policy.IsAllowedHost("Ollama.Internal"));
        Assert.True(policy.IsAllowedHost("ollama.internal."));
        Assert.False(policy.IsAllowedHost("ollama.internal.evil.example"));
        Assert.False(policy.IsAllowedHost("internal"));
    }

    [Fact]
    public void Allowed_hosts_do_not_open_metadata_endpoints()
    {
        var policy = Policy(false, "169.254.169.254", "metadata.google.internal", "fd00:ec2::254");

        Assert.False(policy.TryValidate("http://169.254.169.254", out _, out _));
        Assert.False(policy.TryValidate("http://metadata.google.internal", out _, out _));
        Assert.False(policy.TryValidate("http://[fd00:ec2::254]", out _, out _));
    }

    [Fact]
    public void Handler_does_not_follow_redirects_or_use_a_proxy()
    {
        using var handler = Policy().CreateHandler();

        Assert.False(handler.AllowAutoRedirect);
        Assert.False(handler.UseProxy);
        Assert.NotNull(handler.ConnectCallback);
    }
}
