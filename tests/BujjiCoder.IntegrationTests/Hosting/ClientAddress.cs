using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Hosting;

/// <summary>
/// The in-memory test server has no socket, so requests arrive without a remote address. This gives them
/// the one a real client would have (a documentation address, RFC 5737).
/// </summary>
internal sealed class ClientAddress : IStartupFilter
{
    public static readonly IPAddress Address = IPAddress.Parse("203.0.113.7");

    public static void Add(IServiceCollection services) => services.AddSingleton<IStartupFilter, ClientAddress>();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress ??= Address;
            return nextMiddleware(context);
        });
        next(app);
    };
}
