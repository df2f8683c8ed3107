using Aggregator.Web.Cli;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Data;

/// <summary>
/// `remove-demo`: deletes the bundled demo articles (their links all point at the demo host) and every topic that
/// holds one, with the topics merged into those. Real articles of such a topic go back to the clustering queue, so
/// the site regroups them without the demo reports; the search index follows through its triggers.
/// </summary>
internal sealed class RemoveDemoCommand : ICliCommand
{
    public const string DemoUrlPrefix = "https://demo.aggregator.invalid/";

    public string Name => "remove-demo";
    public string Usage => "remove-demo             delete the bundled demo articles and their topics (stop the site first)";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var (articles, topics, requeued) = await RemoveAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), cancellationToken);
        await output.WriteLineAsync(articles == 0
            ? "No demo content found."
            : $"Removed {articles} demo articles and {topics} topics; {requeued} real articles from those topics wait to be clustered again.");
        return 0;
    }

    public static async Task<(int Articles, int Topics, int Requeued)> RemoveAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var demo = db.Articles.Where(a => a.Url.StartsWith(DemoUrlPrefix));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var topicIds = (await demo.Where(a => a.TopicId != null).Select(a => a.TopicId!).Distinct().ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        // Topics merged into a removed one go with it, however long the chain.
        for (var added = topicIds.Count; added > 0;)
        {
            var known = topicIds.ToList();
            var merged = await db.Topics.Where(t => t.MergedIntoId != null && known.Contains(t.MergedIntoId) && !known.Contains(t.Id))
                .Select(t => t.Id).ToListAsync(cancellationToken);
            topicIds.UnionWith(merged);
            added = merged.Count;
        }

        var ids = topicIds.ToList();
        var requeued = await db.Articles.CountAsync(a => a.TopicId != null && ids.Contains(a.TopicId) && !a.Url.StartsWith(DemoUrlPrefix), cancellationToken);
        var articles = await demo.ExecuteDeleteAsync(cancellationToken);
        await db.Topics.Where(t => t.SplitFromId != null && ids.Contains(t.SplitFromId)).ExecuteUpdateAsync(s => s.SetProperty(t => t.SplitFromId, (string?)null), cancellationToken);
        // Foreign keys unset the remaining members' topic and drop the topics' tags.
        var topics = await db.Topics.Where(t => ids.Contains(t.Id)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (articles, topics, requeued);
    }
}
