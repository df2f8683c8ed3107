using System.Globalization;

namespace Aggregator.Web.Operations;

/// <summary>
/// Refuses requests whose Host or scheme (after any trusted proxy's forwarded headers) cannot form a URL: the output
/// cache, feed self-links and redirects all build one from them, and would otherwise fail with a 500.
/// </summary>
public static class RequestTarget
{
    private const int MaxHostLength = 253;
    private const int MaxLabelLength = 63;
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = false };

    public static IApplicationBuilder UseRequestTargetCheck(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            // The raw header: HttpRequest.Host itself throws on a punycode label that does not decode.
            var problem = !IsWebScheme(request.Scheme) ? "The request's scheme is not http or https."
                : !IsUsableHost(request.Headers.Host.ToString()) ? "The Host header is not a usable host name."
                : null;
            if (problem is null)
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(problem, context.RequestAborted);
        });

    public static bool IsWebScheme(string? scheme) =>
        string.Equals(scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase)
        || string.Equals(scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);

    /// <summary>A Host header value: a DNS name or IP literal, optionally with a port from 1 to 65535.</summary>
    public static bool IsUsableHost(string value)
    {
        var portAt = value.StartsWith('[') ? value.IndexOf("]:", StringComparison.Ordinal) + 1 : value.LastIndexOf(':');
        if (portAt <= 0)
        {
            return IsUsableName(value);
        }

        return int.TryParse(value.AsSpan(portAt + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is >= 1 and <= 65535
            && IsUsableName(value[..portAt]);
    }

    private static bool IsUsableName(string name)
    {
        if (name.Length is 0 or > MaxHostLength)
        {
            return false;
        }

        var kind = Uri.CheckHostName(name.Trim('[', ']'));
        if (kind is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return true;
        }

        // One trailing dot is a fully qualified name; any other empty label is not a name.
        if (kind != UriHostNameType.Dns || name.TrimEnd('.').Split('.').Any(label => label.Length is 0 or > MaxLabelLength))
        {
            return false;
        }

        try
        {
            // Punycode labels ("xn--...") must decode; HostString.ToUriComponent decodes them later and throws if not.
            Idn.GetUnicode(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
