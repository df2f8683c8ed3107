using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Aggregator.Web.Clustering.Enrichment;

/// <summary>
/// Optional abstractive summaries from an OpenAI-compatible chat endpoint (Clustering:Llm). The model is asked
/// for sentences that cite numbered articles ("[2]"); citations map each sentence back to its article and
/// uncited sentences are dropped. Any failure keeps the extractive summary already stored.
/// </summary>
internal sealed partial class LlmTopicSummarizer(IOptions<ClusteringOptions> options, ILogger<LlmTopicSummarizer> logger) : IDisposable
{
    private const int ArticleTextLength = 700;
    private readonly LlmSummaryOptions _options = options.Value.Llm;
    private IChatClient? _client;

    public bool IsEnabled => _options.IsEnabled;

    /// <summary>Replaces the extractive summary of each topic that qualifies; topics an editor summarised are left alone.</summary>
    public async Task SummarizeTopicsAsync(AppDbContext db, IReadOnlyCollection<string> topicIds, CancellationToken cancellationToken)
    {
        if (!IsEnabled)
        {
            return;
        }

        var candidates = await db.Topics.AsNoTracking()
            .Where(t => topicIds.Contains(t.Id) && t.EditorSummary == null && t.MergedIntoId == null && t.ArticleCount >= _options.MinArticles)
            .Select(t => new { t.Id, t.ArticleCount, t.LeadArticleId })
            .ToListAsync(cancellationToken);
        foreach (var candidate in candidates)
        {
            var members = await db.Articles.AsNoTracking().Where(a => a.TopicId == candidate.Id).Include(a => a.Source).ToListAsync(cancellationToken);
            var articles = members
                .OrderByDescending(a => a.Id == candidate.LeadArticleId).ThenByDescending(a => a.Importance).ThenBy(a => a.PublishedAt)
                .Take(_options.MaxArticles)
                .Select(TopicUpdater.ToSummaryArticle)
                .ToList();
            var sentences = await SummarizeAsync(articles, cancellationToken);
            if (sentences is null)
            {
                continue;
            }

            // Written only if membership did not change while the model was thinking; no transaction held meanwhile.
            var topic = await db.Topics.FirstOrDefaultAsync(t => t.Id == candidate.Id, cancellationToken);
            if (topic is null || topic.ArticleCount != candidate.ArticleCount || topic.EditorSummary is not null)
            {
                continue;
            }

            topic.SummarySentences = sentences;
            topic.Summary = string.Join(' ', sentences.Select(s => s.Text));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // An editor or the clustering changed it in between; the next recompute summarises it again.
                db.ChangeTracker.Clear();
                continue;
            }

            logger.LogInformation("Topic {TopicId} summarised by {Model} in {Sentences} cited sentences", topic.Id, _options.Model, sentences.Count);
        }
    }

    /// <summary>Cited sentences, or null when the endpoint failed or cited too little to be trusted.</summary>
    public async Task<List<SummarySentence>?> SummarizeAsync(IReadOnlyList<SummaryArticle> articles, CancellationToken cancellationToken)
    {
        if (!IsEnabled || articles.Count == 0)
        {
            return null;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
            var response = await Client.GetResponseAsync(
                [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, Prompt(articles))],
                new ChatOptions { Temperature = 0.2f, MaxOutputTokens = 400 },
                timeout.Token);
            var sentences = ParseCited(response.Text, articles);
            if (sentences.Count < Math.Min(2, articles.Count))
            {
                logger.LogWarning("LLM summary cited too few sentences ({Count}); keeping the extractive summary", sentences.Count);
                return null;
            }

            return sentences;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "LLM summary failed at {Endpoint}; keeping the extractive summary", _options.Endpoint);
            return null;
        }
    }

    /// <summary>Sentences ending in [n] citations; the first valid citation names the article. Uncited text is dropped.</summary>
    internal static List<SummarySentence> ParseCited(string text, IReadOnlyList<SummaryArticle> articles)
    {
        var sentences = new List<SummarySentence>();
        foreach (Match match in CitedSentence().Matches(text))
        {
            // Only the sentence the citation closes is cited; any uncited sentence before it is dropped.
            var body = Prose.Sentences(match.Groups["text"].Value.Trim()).LastOrDefault()?.TrimStart('-', '*', '•', ' ') ?? "";
            var cited = Citation().Matches(match.Groups["cites"].Value)
                .Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture))
                .Where(n => n >= 1 && n <= articles.Count)
                .ToList();
            if (cited.Count == 0 || body.Length < 20)
            {
                continue;
            }

            if (body[^1] is not ('.' or '!' or '?' or '"' or '”'))
            {
                body += ".";
            }

            sentences.Add(new SummarySentence(body, articles[cited[0] - 1].Id));
            if (sentences.Count == 4)
            {
                break;
            }
        }

        return sentences;
    }

    private const string Instructions =
        "You summarise one news story for a news aggregator. Using only the numbered articles, write 2 to 4 plain, neutral, " +
        "factual sentences about what happened and why it matters. End every sentence with the number of the article it is " +
        "based on in square brackets, for example [1] or [2][3]. No headings, no lists, no preamble, no opinions of your own.";

    private static string Prompt(IReadOnlyList<SummaryArticle> articles)
    {
        var builder = new StringBuilder("Articles:\n");
        for (var i = 0; i < articles.Count; i++)
        {
            var a = articles[i];
            var text = a.Text.Length > ArticleTextLength ? a.Text[..ArticleTextLength] + "…" : a.Text;
            builder.Append(CultureInfo.InvariantCulture, $"\n[{i + 1}] {a.SourceName}, {a.PublishedAt:yyyy-MM-dd}: {a.Title}\n{text}\n");
        }

        return builder.ToString();
    }

    private IChatClient Client => _client ??= new OpenAI.Chat.ChatClient(
        _options.Model,
        new ApiKeyCredential(string.IsNullOrWhiteSpace(_options.ApiKey) ? "unused" : _options.ApiKey),
        new OpenAIClientOptions
        {
            Endpoint = new Uri(_options.Endpoint!),
            NetworkTimeout = TimeSpan.FromSeconds(_options.TimeoutSeconds),
            // A summary is optional: fail fast to the extractive one instead of retrying a slow endpoint.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        }).AsIChatClient();

    public void Dispose() => _client?.Dispose();

    [GeneratedRegex(@"(?<text>[^\[\]\n]+?)\s*(?<cites>(?:\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\]\s*)+)[.!?]?")]
    private static partial Regex CitedSentence();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Citation();
}
