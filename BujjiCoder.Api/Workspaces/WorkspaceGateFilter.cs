using System.Globalization;
using System.Security.Claims;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace BujjiCoder.Api.Workspaces;

/// <summary>
/// The one access check in front of every route under <c>/workspaces/{ws}</c> (see <see cref="WorkspaceGateExtensions.MapWorkspace"/>).
/// It looks up the caller's membership (cached per replica: <see cref="WorkspaceMemberships"/>), asks the
/// <see cref="WorkspaceAuthorizationHandler"/> for the operation the endpoint declares (Read unless it says otherwise), and
/// either answers for the handler or hands it the <see cref="WorkspaceCaller"/>.
/// </summary>
internal static class WorkspaceGateFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        var callerArguments = factory.MethodInfo.GetParameters()
            .Where(parameter => parameter.ParameterType == typeof(WorkspaceCaller)).Select(parameter => parameter.Position).ToArray();

        return async invocation =>
        {
            var http = invocation.HttpContext;
            var operation = http.GetEndpoint()?.Metadata.GetMetadata<RequiredWorkspaceOperation>()?.Operation ?? WorkspaceOperations.Read;
            var workspaceId = Guid.Parse(Convert.ToString(http.Request.RouteValues["ws"], CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture);
            var (caller, denial) = await AdmitAsync(http.RequestServices, http.User, workspaceId, operation, http.RequestAborted);
            if (denial is not null)
            {
                return denial;
            }

            foreach (var position in callerArguments)
            {
                invocation.Arguments[position] = caller;
            }

            return await next(invocation);
        };
    }

    /// <summary>
    /// A workspace the caller cannot even read is 404, so ids do not confirm that workspaces exist; a member lacking the
    /// right is 403.
    /// </summary>
    public static async Task<(WorkspaceCaller? Caller, IResult? Denial)> AdmitAsync(
        IServiceProvider services, ClaimsPrincipal user, Guid workspaceId, OperationAuthorizationRequirement operation,
        CancellationToken cancellationToken = default)
    {
        var userId = user.FindFirstValue(TokenClaims.Subject)!;
        var role = await services.GetRequiredService<WorkspaceMemberships>().RoleAsync(userId, workspaceId, cancellationToken);
        var authorization = services.GetRequiredService<IAuthorizationService>();
        var access = new WorkspaceAccess(workspaceId.ToString(), role);
        if ((await authorization.AuthorizeAsync(user, access, operation)).Succeeded)
        {
            return (new WorkspaceCaller(workspaceId, userId, role!.Value), null);
        }

        var canRead = operation != WorkspaceOperations.Read && (await authorization.AuthorizeAsync(user, access, WorkspaceOperations.Read)).Succeeded;
        return (null, canRead ? TypedResults.Forbid() : TypedResults.NotFound());
    }
}
