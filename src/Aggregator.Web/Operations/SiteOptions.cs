using System.ComponentModel.DataAnnotations;

namespace Aggregator.Web.Operations;

/// <summary>How the site is reached from outside.</summary>
public sealed class SiteOptions : IValidatableObject
{
    public const string Section = "Site";

    /// <summary>
    /// The public absolute URL (e.g. "https://news.example.com"), used for permanent links in feeds. When empty, the
    /// request's scheme and host are used, which is right only when the proxy forwards them.
    /// </summary>
    public string? BaseUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(BaseUrl)
            && (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult($"Site:BaseUrl must be an absolute http(s) URL, got '{BaseUrl}'.", [nameof(BaseUrl)]);
        }
    }

    /// <summary>The base URL without a trailing slash, from the options or else the request.</summary>
    public string ResolveBaseUrl(HttpRequest request) =>
        string.IsNullOrWhiteSpace(BaseUrl)
            ? $"{request.Scheme}://{request.Host.Value}{request.PathBase.Value}".TrimEnd('/')
            : BaseUrl.TrimEnd('/');
}
