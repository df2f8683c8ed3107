using Markdig;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Pages.Guides;

public sealed record Guide(string Slug, string Title, string Summary, IReadOnlyList<string> Tags, string Html)
{
    public string Url => $"/guides/{Slug}";
}

/// <summary>The evergreen explainers from seeds/guides/*.md, parsed once at start.</summary>
public sealed class GuideLibrary
{
    // Raw HTML in a guide is shown as text, never passed through: guides are content, not templates.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .UseAutoIdentifiers()
        .DisableHtml()
        .Build();

    private readonly Dictionary<string, Guide> _bySlug;

    public GuideLibrary(IOptions<ReaderOptions> options, IHostEnvironment environment, ILogger<GuideLibrary> logger)
    {
        var directory = Resolve(options.Value.GuidesDirectory, environment.ContentRootPath);
        _bySlug = new Dictionary<string, Guide>(StringComparer.OrdinalIgnoreCase);
        if (directory is null)
        {
            logger.LogWarning("Guides folder {GuidesDirectory} not found; /guides will be empty", options.Value.GuidesDirectory);
        }
        else
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.md"))
            {
                var guide = Parse(Path.GetFileNameWithoutExtension(file), File.ReadAllText(file));
                _bySlug[guide.Slug] = guide;
            }
        }

        All = [.. _bySlug.Values.OrderBy(g => g.Title, StringComparer.OrdinalIgnoreCase)];
    }

    public IReadOnlyList<Guide> All { get; }

    public Guide? Find(string slug) => _bySlug.GetValueOrDefault(slug);

    /// <summary>Guides sharing the most tags with the given ones, best first.</summary>
    public IReadOnlyList<Guide> RelatedTo(IEnumerable<string> tags, string? exceptSlug = null)
    {
        var wanted = new HashSet<string>(tags, StringComparer.OrdinalIgnoreCase);
        return [.. All
            .Where(g => !string.Equals(g.Slug, exceptSlug, StringComparison.OrdinalIgnoreCase))
            .Select(g => (Guide: g, Shared: g.Tags.Count(wanted.Contains)))
            .Where(x => x.Shared > 0)
            .OrderByDescending(x => x.Shared)
            .ThenBy(x => x.Guide.Title, StringComparer.OrdinalIgnoreCase)
            .Select(x => x.Guide)];
    }

    public static Guide Parse(string slug, string markdown)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using (var reader = new StringReader(markdown))
        {
            if (reader.ReadLine()?.Trim() == "---")
            {
                for (var line = reader.ReadLine(); line is not null && line.Trim() != "---"; line = reader.ReadLine())
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        fields[line[..colon].Trim()] = Unquote(line[(colon + 1)..].Trim());
                    }
                }
            }
        }

        var tags = fields.GetValueOrDefault("tags", "")
            .Trim('[', ']')
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => Unquote(t).ToLowerInvariant())
            .Where(t => t.Length > 0)
            .ToList();
        return new Guide(
            slug.ToLowerInvariant(),
            fields.GetValueOrDefault("title") ?? slug,
            fields.GetValueOrDefault("summary") ?? "",
            tags,
            Markdown.ToHtml(markdown, Pipeline));
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;

    private static string? Resolve(string configured, string contentRoot)
    {
        if (Path.IsPathRooted(configured))
        {
            return Directory.Exists(configured) ? configured : null;
        }

        // Published and test builds carry the seeds beside the binary; `dotnet run` finds them above the project.
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, configured),
            Path.Combine(contentRoot, configured),
            Path.GetFullPath(Path.Combine(contentRoot, "..", "..", configured)),
        ];
        return candidates.FirstOrDefault(Directory.Exists);
    }
}
