using System.Text.RegularExpressions;
using Aggregator.Web.Data;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Model;
using Aggregator.Web.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Admin;

/// <summary>What an editor types for a source.</summary>
public sealed class SourceInput
{
    public string? Name { get; set; }
    public string? Slug { get; set; }
    public string? FeedUrl { get; set; }
    public string? SiteUrl { get; set; }
    public SourceKind Kind { get; set; } = SourceKind.Reporting;
    public int Tier { get; set; } = 2;
    public string? Owner { get; set; }
    public string? Category { get; set; }

    public static SourceInput From(Source s) => new()
    {
        Name = s.Name, Slug = s.Slug, FeedUrl = s.FeedUrl, SiteUrl = s.SiteUrl, Kind = s.Kind, Tier = s.Tier, Owner = s.Owner, Category = s.Category,
    };
}

/// <param name="Errors">Field name (as in <see cref="SourceInput"/>, or "" for the whole form) and message.</param>
public sealed record SourceResult(IReadOnlyList<KeyValuePair<string, string>> Errors, Source? Source = null)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>Adds, edits, enables and disables sources, with validation and an audit entry each; OPML in and out.</summary>
public sealed partial class SourceEditor(AppDbContext db, AuditLog audit, TimeProvider clock, IOptions<IngestionOptions> ingestion)
{
    private static readonly string[] EditableFields =
    [
        nameof(Source.Name), nameof(Source.Slug), nameof(Source.FeedUrl), nameof(Source.SiteUrl),
        nameof(Source.Kind), nameof(Source.Tier), nameof(Source.Owner), nameof(Source.Category),
    ];

    public const string KindMessage = "Pick a kind from the list.";
    public const string TierMessage = "The tier is 1 (most authoritative), 2 or 3.";

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    public async Task<SourceResult> AddAsync(SourceInput input, string user, CancellationToken ct)
    {
        var errors = await ValidateAsync(input, null, ct);
        if (errors.Count > 0)
        {
            return new SourceResult(errors);
        }

        var now = clock.GetUtcNow();
        var source = new Source { Name = "", Slug = "", FeedUrl = "", CreatedAt = now, NextCheckAt = now, Enabled = true };
        Apply(source, input);
        db.Sources.Add(source);
        var change = audit.Begin(user, "source.add", "source", "", null);
        change.Subject = source;
        // Undo would have to delete fetched articles; disabling is the reversible way out.
        change.Undoable = false;
        change.Capture(source, [.. EditableFields, nameof(Source.Enabled)]);
        await change.CommitAsync(ct);
        return new SourceResult([], source);
    }

    public async Task<SourceResult> EditAsync(int id, SourceInput input, string? reason, string user, CancellationToken ct)
    {
        var source = await db.Sources.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (source is null)
        {
            return new SourceResult([new("", $"There is no source #{id}.")]);
        }

        var errors = await ValidateAsync(input, source, ct);
        if (TopicEditor.ReasonProblem(reason) is { } reasonProblem)
        {
            errors.Add(new("", reasonProblem));
        }

        if (errors.Count > 0)
        {
            return new SourceResult(errors, source);
        }

        var change = audit.Begin(user, "source.edit", "source", source.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), TopicEditor.Clean(reason))
            .Capture(source, EditableFields);
        var feedChanged = !string.Equals(source.FeedUrl, input.FeedUrl?.Trim(), StringComparison.Ordinal);
        Apply(source, input);
        if (feedChanged)
        {
            // A new address starts from scratch: old validators and errors belong to the old one.
            source.ETag = null;
            source.LastModified = null;
            source.ConsecutiveFailures = 0;
            source.LastError = null;
            source.NextCheckAt = clock.GetUtcNow();
        }

        await change.CommitAsync(ct);
        return new SourceResult([], source);
    }

    public async Task<SourceResult> SetEnabledAsync(int id, bool enabled, string? reason, string user, CancellationToken ct)
    {
        var source = await db.Sources.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (source is null)
        {
            return new SourceResult([new("", $"There is no source #{id}.")]);
        }

        if (TopicEditor.ReasonProblem(reason) is { } reasonProblem)
        {
            return new SourceResult([new("", reasonProblem)], source);
        }

        if (source.Enabled == enabled)
        {
            return new SourceResult([new("", enabled ? $"{source.Name} is already enabled." : $"{source.Name} is already disabled.")], source);
        }

        var change = audit.Begin(user, enabled ? "source.enable" : "source.disable", "source", source.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), TopicEditor.Clean(reason))
            .Capture(source, nameof(Source.Enabled));
        source.Enabled = enabled;
        if (enabled)
        {
            source.NextCheckAt = clock.GetUtcNow();
        }

        await change.CommitAsync(ct);
        return new SourceResult([], source);
    }

    /// <summary>
    /// Imports every feed outline not already present; returns what was added and why others were skipped, in the
    /// file's order. Checked as a hand-added source is, but as a set: one read of the known addresses and short names,
    /// each host resolved once (several at a time), and the new sources stored a chunk per transaction with an audit
    /// entry each, so a list of thousands costs a few round trips instead of several per feed.
    /// </summary>
    public async Task<OpmlImportResult> ImportOpmlAsync(Stream opml, string user, CancellationToken ct, Action<int, int>? progress = null)
    {
        IReadOnlyList<OpmlFeed> feeds;
        try
        {
            feeds = Opml.Read(opml);
        }
        catch (FormatException e)
        {
            return new OpmlImportResult([], [e.Message]);
        }

        var problems = new string?[feeds.Count];
        var inputs = new SourceInput?[feeds.Count];
        var feedUrls = new HashSet<string>(await db.Sources.Select(s => s.FeedUrl).ToListAsync(ct), StringComparer.Ordinal);
        var slugs = new HashSet<string>(await db.Sources.Select(s => s.Slug).ToListAsync(ct), StringComparer.Ordinal);
        for (var i = 0; i < feeds.Count; i++)
        {
            var feed = feeds[i];
            var slug = Slug.From(feed.Title, "source");
            for (var n = 2; slugs.Contains(slug); n++)
            {
                slug = $"{Slug.From(feed.Title, "source")}-{n}";
            }

            var input = new SourceInput
            {
                Name = feed.Title.Length > 200 ? feed.Title[..200] : feed.Title,
                Slug = slug,
                FeedUrl = feed.FeedUrl,
                SiteUrl = feed.SiteUrl,
                Category = feed.Category,
                Kind = feed.Kind ?? SourceKind.Reporting,
                Tier = feed.Tier ?? 2,
                Owner = feed.Owner,
            };
            var errors = FieldProblems(input);
            if (feedUrls.Contains(input.FeedUrl!.Trim()))
            {
                problems[i] = $"{feed.Title}: already a source ({feed.FeedUrl}).";
            }
            else if (errors.Count > 0)
            {
                problems[i] = $"{feed.Title}: {string.Join(" ", errors.Select(e => e.Value))}";
            }
            else
            {
                feedUrls.Add(input.FeedUrl.Trim());
                slugs.Add(slug);
                inputs[i] = input;
            }
        }

        progress?.Invoke(problems.Count(p => p is not null), feeds.Count);
        var hosts = await CheckHostsAsync(inputs.OfType<SourceInput>().Select(input => new Uri(input.FeedUrl!.Trim())), ct);
        for (var i = 0; i < feeds.Count; i++)
        {
            if (inputs[i] is { } input && hosts[new Uri(input.FeedUrl!.Trim()).Host] is { } problem)
            {
                problems[i] = $"{feeds[i].Title}: {problem}";
                inputs[i] = null;
            }
        }

        var done = problems.Count(p => p is not null);
        progress?.Invoke(done, feeds.Count);
        var now = clock.GetUtcNow();
        foreach (var chunk in inputs.OfType<SourceInput>().Chunk(ImportChunk))
        {
            var sources = new List<object>(chunk.Length);
            foreach (var input in chunk)
            {
                var source = new Source { Name = "", Slug = "", FeedUrl = "", CreatedAt = now, NextCheckAt = now, Enabled = true };
                Apply(source, input);
                db.Sources.Add(source);
                sources.Add(source);
            }

            await audit.RecordAddedAsync(user, "source.add", sources, [.. EditableFields, nameof(Source.Enabled)], ct);
            db.ChangeTracker.Clear();
            done += chunk.Length;
            progress?.Invoke(done, feeds.Count);
        }

        return new OpmlImportResult(
            [.. inputs.OfType<SourceInput>().Select(input => input.Name!)],
            [.. problems.OfType<string>()]);
    }

    // Sources stored per transaction by an OPML import; the progress moves on between them.
    private const int ImportChunk = 500;

    // Feed hosts an OPML import resolves at once.
    private const int ParallelLookups = 16;

    // Each distinct host once: why its feeds are refused, or null when they may be fetched.
    private async Task<Dictionary<string, string?>> CheckHostsAsync(IEnumerable<Uri> feeds, CancellationToken ct)
    {
        var byHost = feeds.DistinctBy(feed => feed.Host, StringComparer.Ordinal).ToList();
        var problems = new System.Collections.Concurrent.ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(byHost, new ParallelOptions { MaxDegreeOfParallelism = ParallelLookups, CancellationToken = ct },
            async (feed, token) => problems[feed.Host] = await NonPublicProblemAsync(feed, token));
        return new Dictionary<string, string?>(problems, StringComparer.Ordinal);
    }

    public async Task<List<KeyValuePair<string, string>>> ValidateAsync(SourceInput input, Source? existing, CancellationToken ct)
    {
        var errors = FieldProblems(input);
        var slug = input.Slug?.Trim();
        if (!HasError(errors, nameof(input.Slug)) && await db.Sources.AnyAsync(s => s.Slug == slug && (existing == null || s.Id != existing.Id), ct))
        {
            errors.Add(new(nameof(input.Slug), SlugTaken(slug!)));
        }

        var feedUrl = input.FeedUrl?.Trim();
        if (!HasError(errors, nameof(input.FeedUrl)))
        {
            if (await db.Sources.AnyAsync(s => s.FeedUrl == feedUrl && (existing == null || s.Id != existing.Id), ct))
            {
                errors.Add(new(nameof(input.FeedUrl), "Another source already has this feed address."));
            }
            else if ((existing is null || existing.FeedUrl != feedUrl) && await NonPublicProblemAsync(new Uri(feedUrl!), ct) is { } problem)
            {
                errors.Add(new(nameof(input.FeedUrl), problem));
            }
        }

        return errors;
    }

    private static bool HasError(List<KeyValuePair<string, string>> errors, string field) => errors.Exists(e => e.Key == field);

    private static string SlugTaken(string slug) => $"Another source already uses the short name \"{slug}\".";

    // The feed's host must be on the public internet unless an operator allows intranet feeds.
    private async Task<string?> NonPublicProblemAsync(Uri feed, CancellationToken ct) =>
        !ingestion.Value.AllowPrivateAddresses && await NetworkAddressPolicy.ResolvesToNonPublicAsync(feed, ct)
            ? $"{feed.Host} resolves to a private, loopback or unknown address; feeds must be on the public internet (an operator can allow intranet feeds with Ingestion:AllowPrivateAddresses)."
            : null;

    // What can be checked of a source's fields alone, without the database or the network.
    private static List<KeyValuePair<string, string>> FieldProblems(SourceInput input)
    {
        var errors = new List<KeyValuePair<string, string>>();
        void Error(string field, string message) => errors.Add(new(field, message));

        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            Error(nameof(input.Name), "Give the source a name.");
        }
        else if (name.Length > 200)
        {
            Error(nameof(input.Name), "The name takes up to 200 characters.");
        }

        var slug = input.Slug?.Trim();
        if (string.IsNullOrEmpty(slug))
        {
            Error(nameof(input.Slug), "Give a short name for addresses, e.g. \"openai-news\".");
        }
        else if (slug.Length > 100 || !SlugPattern().IsMatch(slug))
        {
            Error(nameof(input.Slug), "The short name uses lowercase letters, digits and single hyphens only (e.g. \"openai-news\"), up to 100 characters.");
        }

        if (!TryHttpUrl(input.FeedUrl?.Trim(), out _))
        {
            Error(nameof(input.FeedUrl), $"The feed address must be a full http:// or https:// URL of up to {UrlCleaner.MaxLength} characters.");
        }

        if (!string.IsNullOrWhiteSpace(input.SiteUrl) && !TryHttpUrl(input.SiteUrl.Trim(), out _))
        {
            Error(nameof(input.SiteUrl), $"The website address must be a full http:// or https:// URL of up to {UrlCleaner.MaxLength} characters, or left empty.");
        }

        if (!Enum.IsDefined(input.Kind))
        {
            Error(nameof(input.Kind), KindMessage);
        }

        if (input.Tier is < 1 or > 3)
        {
            Error(nameof(input.Tier), TierMessage);
        }

        if (input.Owner?.Trim().Length > 200)
        {
            Error(nameof(input.Owner), "The owner takes up to 200 characters.");
        }

        if (input.Category?.Trim().Length > 100)
        {
            Error(nameof(input.Category), "The category takes up to 100 characters.");
        }

        return errors;
    }

    private static bool TryHttpUrl(string? text, out Uri? uri)
    {
        uri = null;
        return text?.Length <= UrlCleaner.MaxLength && Uri.TryCreate(text, UriKind.Absolute, out uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;
    }

    private static void Apply(Source source, SourceInput input)
    {
        source.Name = input.Name!.Trim();
        source.Slug = input.Slug!.Trim();
        source.FeedUrl = input.FeedUrl!.Trim();
        source.SiteUrl = TopicEditor.Clean(input.SiteUrl);
        source.Kind = input.Kind;
        source.Tier = input.Tier;
        source.Owner = TopicEditor.Clean(input.Owner);
        source.Category = TopicEditor.Clean(input.Category);
    }
}

public sealed record OpmlImportResult(IReadOnlyList<string> Added, IReadOnlyList<string> Skipped);
