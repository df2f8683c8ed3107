using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Clustering.Enrichment;

public sealed record TagDefinition(string Slug, string Name, string Kind, IReadOnlyList<string> Aliases, bool Major);

public sealed record CategoryDefinition(string Slug, string Name, IReadOnlyList<string> Keywords);

/// <summary>
/// The configured categories and the tag dictionary (seeds/categories.json, seeds/tags.json), compiled once into
/// matchers. Tag aliases match case-sensitively on word boundaries; category keywords case-insensitively.
/// </summary>
public sealed class TopicVocabulary
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    private readonly Dictionary<string, TagDefinition> _tagByAlias;
    private readonly Regex? _aliasPattern;
    private readonly (CategoryDefinition Category, Regex Pattern)[] _categoryPatterns;

    public TopicVocabulary(IReadOnlyList<TagDefinition> tags, IReadOnlyList<CategoryDefinition> categories)
    {
        Tags = tags;
        Categories = categories;
        _tagByAlias = new Dictionary<string, TagDefinition>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            // Only listed spellings match: a bare name such as "X" or "Arm" would tag every sentence that uses the word.
            foreach (var alias in tag.Aliases)
            {
                _tagByAlias.TryAdd(alias.Trim(), tag);
            }
        }

        // Longest first, so "Claude Code" wins over "Claude" and "ChatGPT Health" over "ChatGPT".
        var alternatives = _tagByAlias.Keys.Where(a => a.Length > 0).OrderByDescending(a => a.Length).Select(Regex.Escape).ToList();
        _aliasPattern = alternatives.Count == 0
            ? null
            : new Regex($@"(?<![\p{{L}}\p{{N}}_\-])(?:{string.Join('|', alternatives)})(?![\p{{L}}\p{{N}}_])", RegexOptions.Compiled | RegexOptions.CultureInvariant);
        _categoryPatterns = categories.Select(c => (c, KeywordPattern(c.Keywords))).ToArray();
    }

    public IReadOnlyList<TagDefinition> Tags { get; }

    public IReadOnlyList<CategoryDefinition> Categories { get; }

    public static TopicVocabulary Load(string seedsDirectory)
    {
        var tagsPath = Path.Combine(seedsDirectory, "tags.json");
        var categoriesPath = Path.Combine(seedsDirectory, "categories.json");
        if (!File.Exists(tagsPath) || !File.Exists(categoriesPath))
        {
            throw new InvalidOperationException($"Clustering seeds not found: expected tags.json and categories.json in '{seedsDirectory}' (option Clustering:SeedsDirectory).");
        }

        var tags = JsonSerializer.Deserialize<TagsFile>(File.ReadAllText(tagsPath), Json)?.Tags ?? [];
        var categories = JsonSerializer.Deserialize<CategoriesFile>(File.ReadAllText(categoriesPath), Json)?.Categories ?? [];
        foreach (var tag in tags)
        {
            if (string.IsNullOrWhiteSpace(tag.Slug) || string.IsNullOrWhiteSpace(tag.Name))
            {
                throw new InvalidOperationException($"{tagsPath}: every tag needs a slug and a name.");
            }
        }

        return new TopicVocabulary(
            tags.Select(t => new TagDefinition(t.Slug!.Trim().ToLowerInvariant(), t.Name!.Trim(), string.IsNullOrWhiteSpace(t.Kind) ? "topic" : t.Kind.Trim(), t.Aliases ?? [], t.Major)).ToList(),
            categories.Where(c => !string.IsNullOrWhiteSpace(c.Slug))
                .Select(c => new CategoryDefinition(c.Slug!.Trim(), string.IsNullOrWhiteSpace(c.Name) ? c.Slug!.Trim() : c.Name.Trim(), c.Keywords ?? [])).ToList());
    }

    /// <summary>Every tag mention in the text, one entry per mention.</summary>
    public IEnumerable<TagDefinition> FindTags(string? text)
    {
        if (_aliasPattern is null || string.IsNullOrEmpty(text))
        {
            yield break;
        }

        foreach (Match match in _aliasPattern.Matches(text))
        {
            yield return _tagByAlias[match.Value];
        }
    }

    /// <summary>Keyword hits per category slug.</summary>
    public Dictionary<string, int> CountCategoryKeywords(string? text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return counts;
        }

        foreach (var (category, pattern) in _categoryPatterns)
        {
            var hits = pattern.Count(text);
            if (hits > 0)
            {
                counts[category.Slug] = hits;
            }
        }

        return counts;
    }

    /// <summary>The configured category a free-text source category names (by slug or name), if any.</summary>
    public CategoryDefinition? MatchCategory(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var normalized = Normalize(value);
        return Categories.FirstOrDefault(c => Normalize(c.Slug) == normalized || Normalize(c.Name) == normalized);

        static string Normalize(string s) => new(s.Trim().ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
    }

    private static Regex KeywordPattern(IReadOnlyList<string> keywords)
    {
        var parts = keywords.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k =>
        {
            var trimmed = k.Trim();
            var prefix = trimmed.EndsWith('*');
            var escaped = Regex.Escape(prefix ? trimmed[..^1] : trimmed).Replace("\\ ", "\\s+", StringComparison.Ordinal);
            return prefix ? escaped + @"[\p{L}\p{N}]*" : escaped;
        }).ToList();
        return parts.Count == 0
            ? new Regex("(?!)", RegexOptions.Compiled)
            : new Regex($@"(?<![\p{{L}}\p{{N}}])(?:{string.Join('|', parts)})(?![\p{{L}}\p{{N}}])", RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    private sealed class TagsFile
    {
        public List<TagEntry>? Tags { get; set; }
    }

    private sealed class TagEntry
    {
        public string? Slug { get; set; }
        public string? Name { get; set; }
        public string? Kind { get; set; }
        public List<string>? Aliases { get; set; }
        public bool Major { get; set; }
    }

    private sealed class CategoriesFile
    {
        public List<CategoryEntry>? Categories { get; set; }
    }

    private sealed class CategoryEntry
    {
        public string? Slug { get; set; }
        public string? Name { get; set; }
        public List<string>? Keywords { get; set; }
    }
}
