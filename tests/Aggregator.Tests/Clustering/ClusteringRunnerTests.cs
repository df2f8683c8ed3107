using Aggregator.Web.Data;
using Aggregator.Web.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Aggregator.Tests.Clustering.ClusteringTestData;

namespace Aggregator.Tests.Clustering;

public class ClusteringRunnerTests
{
    [Fact]
    public async Task InsertedArticlesBecomeTopicsAndCacheIsEvicted()
    {
        using var app = new ClusteringAppFactory();
        await app.WithDbAsync(async db =>
        {
            var wire = Source("Wire", tier: 1);
            var blog = Source("Blog");
            await AddAsync(db,
                Article(wire, "Alpha launches a chip", "Alpha unveiled a new chip on Monday for data centers worldwide.", Monday),
                Article(blog, "Alpha chip hands-on", "We tried the new Alpha chip and found it fast in every benchmark.", Monday.AddHours(2)),
                Article(blog, "Beta ships an update", "Beta released a small update to its phone app with fixes.", Monday.AddHours(3)));
        });

        var result = await app.RunAsync();

        Assert.Equal(3, result.Articles);
        Assert.Equal(2, result.NewTopics);
        Assert.Contains(CacheTags.Topics, app.Cache.EvictedTags);
        await app.WithDbAsync(async db =>
        {
            var topics = await db.Topics.AsNoTracking().OrderBy(t => t.EarliestAt).ToListAsync();
            Assert.Equal(2, topics.Count);
            var alpha = topics[0];
            Assert.Equal(2, alpha.ArticleCount);
            Assert.Equal(2, alpha.SourceCount);
            Assert.Equal("Alpha launches a chip", alpha.Headline);
            Assert.Equal(Monday, alpha.EarliestAt);
            Assert.Equal(Monday.AddHours(2), alpha.LatestAt);
            Assert.Matches("^[0-9a-f]{10}$", alpha.Id);
            Assert.All(await db.Articles.AsNoTracking().ToListAsync(), a =>
            {
                Assert.NotNull(a.TopicId);
                Assert.Equal(app.Clock.GetUtcNow(), a.ClusteredAt);
            });
        });
    }

    [Fact]
    public async Task StoresWhereArticlesSettleNotWhereTheyFirstWent()
    {
        using var app = new ClusteringAppFactory();
        app.Engine.SettleMoves["Alpha and Beta both ship"] = "beta";
        await app.WithDbAsync(async db =>
        {
            var wire = Source("Wire");
            await AddAsync(db,
                Article(wire, "Alpha launches a chip", null, Monday),
                Article(wire, "Alpha and Beta both ship", null, Monday.AddHours(1)),
                Article(wire, "Beta ships an update", null, Monday.AddHours(2)));
        });

        await app.RunAsync();

        await app.WithDbAsync(async db =>
        {
            var byTitle = await db.Articles.AsNoTracking().ToDictionaryAsync(a => a.Title, a => a.TopicId);
            Assert.Equal(byTitle["Beta ships an update"], byTitle["Alpha and Beta both ship"]);
            Assert.NotEqual(byTitle["Alpha launches a chip"], byTitle["Alpha and Beta both ship"]);
            var counts = await db.Topics.AsNoTracking().ToDictionaryAsync(t => t.Headline, t => t.ArticleCount);
            Assert.Equal(1, counts["Alpha launches a chip"]);
            Assert.Equal(2, counts.Single(c => c.Key != "Alpha launches a chip").Value);
        });
    }

    [Fact]
    public async Task RunningTwiceAssignsNothingTwice()
    {
        using var app = new ClusteringAppFactory();
        await app.WithDbAsync(async db =>
        {
            var wire = Source("Wire");
            await AddAsync(db, Article(wire, "Gamma story", null, Monday), Article(wire, "Gamma again", null, Monday.AddHours(1)));
        });

        var first = await app.RunAsync();
        app.Cache.EvictedTags.Clear();
        var second = await app.RunAsync();

        Assert.Equal(2, first.Articles);
        Assert.Equal(0, second.Articles);
        Assert.Empty(app.Cache.EvictedTags);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.Topics.CountAsync());
            Assert.Equal(2, (await db.Topics.SingleAsync()).ArticleCount);
        });
    }

    [Fact]
    public async Task BatchesCoverMoreArticlesThanOneBatch()
    {
        using var app = new ClusteringAppFactory();
        app.Settings["Clustering:BatchSize"] = "3";
        await app.WithDbAsync(async db =>
        {
            var wire = Source("Wire");
            await AddAsync(db, Enumerable.Range(0, 8).Select(i => Article(wire, $"Delta{i % 2} part {i}", null, Monday.AddMinutes(i))).ToArray());
        });

        var result = await app.RunAsync();

        Assert.Equal(8, result.Articles);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal([4, 4], await db.Topics.Select(t => t.ArticleCount).ToListAsync());
            Assert.False(await db.Articles.AnyAsync(a => a.TopicId == null));
        });
    }

    [Fact]
    public async Task FailedBatchLeavesNoHalfWrittenTopicAndIsRetriedCleanly()
    {
        var failSwitch = new FailSwitch { Armed = true };
        using var app = new ClusteringAppFactory { DecorateUpdater = inner => new FailingOnceUpdater(inner, failSwitch) };
        await app.WithDbAsync(async db =>
        {
            var wire = Source("Wire");
            await AddAsync(db, Article(wire, "Epsilon one", null, Monday), Article(wire, "Epsilon two", null, Monday.AddHours(1)));
        });

        await Assert.ThrowsAsync<InvalidOperationException>(app.RunAsync);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.Topics.CountAsync());
            Assert.Equal(2, await db.Articles.CountAsync(a => a.TopicId == null && a.ClusteredAt == null));
        });

        var retry = await app.RunAsync();

        Assert.Equal(2, retry.Articles);
        await app.WithDbAsync(async db =>
        {
            var topic = await db.Topics.SingleAsync();
            Assert.Equal(2, topic.ArticleCount);
        });
    }

    [Fact]
    public async Task EditorPlacedArticleStaysWhenEngineMergesItsTopic()
    {
        using var app = new ClusteringAppFactory();
        await app.WithDbAsync(async db =>
        {
            var wire = Source("Wire");
            var blog = Source("Blog");
            await AddAsync(db,
                Article(wire, "Zeta one", null, Monday),
                Article(blog, "Zeta two", null, Monday.AddHours(1)),
                Article(wire, "Eta one", null, Monday.AddHours(2)),
                Article(blog, "Eta two", null, Monday.AddHours(3)));
        });
        await app.RunAsync();

        string zeta = "", eta = "";
        long placedId = 0;
        await app.WithDbAsync(async db =>
        {
            zeta = (await db.Articles.SingleAsync(a => a.Title == "Zeta one")).TopicId!;
            eta = (await db.Articles.SingleAsync(a => a.Title == "Eta one")).TopicId!;
            // An editor moves "Zeta two" into the Eta topic by hand.
            var placed = await db.Articles.SingleAsync(a => a.Title == "Zeta two");
            placed.TopicId = eta;
            placed.PlacedByEditor = true;
            placedId = placed.Id;
            await db.SaveChangesAsync();
            db.Articles.Add(Article(await db.Sources.FirstAsync(), "Zeta three", null, Monday.AddHours(5)));
            await db.SaveChangesAsync();
        });

        app.Engine.ScheduleMerge(eta, zeta);
        await app.RunAsync();

        await app.WithDbAsync(async db =>
        {
            var placed = await db.Articles.AsNoTracking().SingleAsync(a => a.Id == placedId);
            Assert.Equal(eta, placed.TopicId);
            Assert.True(placed.PlacedByEditor);
            var etaTopic = await db.Topics.AsNoTracking().SingleAsync(t => t.Id == eta);
            Assert.Null(etaTopic.MergedIntoId);
            Assert.Equal(1, etaTopic.ArticleCount);
            var zetaTopic = await db.Topics.AsNoTracking().SingleAsync(t => t.Id == zeta);
            // Zeta one, Zeta three, and both Eta articles the engine merged in.
            Assert.Equal(4, zetaTopic.ArticleCount);
        });
    }

    [Fact]
    public async Task EngineMergeRedirectsAnUneditedTopic()
    {
        using var app = new ClusteringAppFactory();
        await app.WithDbAsync(async db =>
        {
            var wire = Source("Wire");
            await AddAsync(db, Article(wire, "Theta one", null, Monday), Article(wire, "Iota one", null, Monday.AddHours(1)));
        });
        await app.RunAsync();
        string theta = "", iota = "";
        await app.WithDbAsync(async db =>
        {
            theta = (await db.Articles.SingleAsync(a => a.Title == "Theta one")).TopicId!;
            iota = (await db.Articles.SingleAsync(a => a.Title == "Iota one")).TopicId!;
            db.Articles.Add(Article(await db.Sources.FirstAsync(), "Theta two", null, Monday.AddHours(2)));
            await db.SaveChangesAsync();
        });

        app.Engine.ScheduleMerge(iota, theta);
        app.Engine.ScheduleClose(theta);
        var result = await app.RunAsync();

        Assert.Equal(1, result.Merges);
        await app.WithDbAsync(async db =>
        {
            var merged = await db.Topics.AsNoTracking().SingleAsync(t => t.Id == iota);
            Assert.Equal(theta, merged.MergedIntoId);
            Assert.Equal(0, merged.ArticleCount);
            var target = await db.Topics.AsNoTracking().SingleAsync(t => t.Id == theta);
            Assert.Equal(3, target.ArticleCount);
            Assert.Equal(app.Clock.GetUtcNow(), target.ClosedAt);
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EngineSplitMovesItsArticlesToANewTopicUnlessAnEditorOwnsIt(bool edited)
    {
        using var app = new ClusteringAppFactory();
        await app.WithDbAsync(async db =>
        {
            var wire = Source("Wire");
            var blog = Source("Blog");
            await AddAsync(db,
                Article(wire, "Lambda festival opens", null, Monday),
                Article(blog, "Lambda storm cancels day two", null, Monday.AddHours(1)),
                Article(wire, "Lambda storm refunds promised", null, Monday.AddHours(2)),
                Article(blog, "Lambda storm: a reader's photos", null, Monday.AddHours(3)));
        });
        await app.RunAsync();

        string lambda = "";
        var leaving = new List<string>();
        long placedId = 0;
        await app.WithDbAsync(async db =>
        {
            var articles = await db.Articles.OrderBy(a => a.PublishedAt).ToListAsync();
            lambda = articles[0].TopicId!;
            Assert.All(articles, a => Assert.Equal(lambda, a.TopicId));
            leaving.AddRange(articles.Skip(1).Select(a => a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            // An editor placed the photos here by hand: they stay whatever the engine decides.
            articles[3].PlacedByEditor = true;
            placedId = articles[3].Id;
            if (edited)
            {
                (await db.Topics.SingleAsync(t => t.Id == lambda)).EditorHeadline = "Lambda festival, as the editors see it";
            }

            db.Articles.Add(Article(await db.Sources.FirstAsync(), "Nu ships a phone", null, Monday.AddHours(4)));
            await db.SaveChangesAsync();
        });

        var part = app.Engine.Split("Lambda", "Storm", [.. leaving]);
        app.Cache.EvictedTags.Clear();
        var result = await app.RunAsync();

        await app.WithDbAsync(async db =>
        {
            var topic = await db.Topics.AsNoTracking().SingleAsync(t => t.Id == lambda);
            var placed = await db.Articles.AsNoTracking().SingleAsync(a => a.Id == placedId);
            Assert.Equal(lambda, placed.TopicId);
            if (edited)
            {
                Assert.Equal(0, result.Splits);
                Assert.Equal(4, topic.ArticleCount);
                Assert.False(await db.Topics.AnyAsync(t => t.Id == part));
                return;
            }

            Assert.Equal(1, result.Splits);
            Assert.Contains(CacheTags.Topics, app.Cache.EvictedTags);
            Assert.Equal(2, topic.ArticleCount);
            Assert.Equal("Lambda festival opens", topic.Headline);
            var storm = await db.Topics.AsNoTracking().SingleAsync(t => t.Id == part);
            Assert.Equal(2, storm.ArticleCount);
            Assert.Equal("Lambda storm cancels day two", storm.Headline);
            Assert.Equal(Monday.AddHours(1), storm.EarliestAt);
            Assert.Equal(Monday.AddHours(2), storm.LatestAt);
            Assert.Null(storm.MergedIntoId);
            Assert.Equal(lambda, storm.SplitFromId);
            Assert.Equal(app.Clock.GetUtcNow(), storm.SplitAt);
        });


        if (edited)
        {
            return;
        }

        // Each topic's page says where the other part went.
        using var client = app.CreateClient();
        var lambdaPage = await client.GetStringAsync($"/topics/{lambda}");
        var splitOff = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(lambdaPage).QuerySelector(".debug__split-off li");
        Assert.Equal($"/topics/{part}/lambda-storm-cancels-day-two", splitOff?.QuerySelector("a")?.GetAttribute("href"));
        Assert.StartsWith("Lambda storm cancels day two, 2 articles (", splitOff!.TextContent);
        var stormPage = await client.GetStringAsync($"/topics/{part}");
        Assert.Contains($"<dd class=\"debug__split-from\"><a href=\"/topics/{lambda}/lambda-festival-opens\">Lambda festival opens</a>", stormPage);
        Assert.DoesNotContain("Split off", stormPage);

        // The engine sends the story's next report to the new topic, which now exists to take it.
        await app.WithDbAsync(async db =>
        {
            db.Articles.Add(Article(await db.Sources.FirstAsync(), "Storm damage bill rises", null, Monday.AddHours(5)));
            await db.SaveChangesAsync();
        });
        await app.RunAsync();
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(part, (await db.Articles.AsNoTracking().SingleAsync(a => a.Title == "Storm damage bill rises")).TopicId);
            Assert.Equal(3, (await db.Topics.AsNoTracking().SingleAsync(t => t.Id == part)).ArticleCount);
        });
    }

    [Fact]
    public async Task EditorImportanceAndHeadlineSurviveNewArticles()
    {
        using var app = new ClusteringAppFactory();
        string topicId = "";
        await app.WithDbAsync(async db =>
        {
            var wire = Source("Wire");
            await AddAsync(db, Article(wire, "Kappa launches a model", null, Monday));
        });
        await app.RunAsync();
        await app.WithDbAsync(async db =>
        {
            var topic = await db.Topics.SingleAsync();
            topicId = topic.Id;
            topic.EditorImportance = 2;
            topic.Importance = 2;
            topic.EditorHeadline = "Kappa's model, as the editor puts it";
            topic.Headline = topic.EditorHeadline;
            await db.SaveChangesAsync();
            var sources = Enumerable.Range(0, 9).Select(i => Source($"Outlet {i}", tier: 1)).ToList();
            await AddAsync(db, sources.Select((s, i) => Article(s, $"Kappa model report {i}", "Kappa released a model with 400 billion parameters today.", Monday.AddHours(1 + i))).ToArray());
        });

        await app.RunAsync();

        await app.WithDbAsync(async db =>
        {
            var topic = await db.Topics.AsNoTracking().SingleAsync(t => t.Id == topicId);
            Assert.Equal(10, topic.ArticleCount);
            Assert.Equal(2, topic.EditorImportance);
            Assert.Equal(2, topic.Importance);
            Assert.True(topic.ComputedImportance >= 4, $"computed {topic.ComputedImportance}");
            Assert.Equal("Kappa's model, as the editor puts it", topic.Headline);
            Assert.Equal("Kappa's model, as the editor puts it", topic.EditorHeadline);
        });
    }

    [Fact]
    public async Task HiddenTopicIsForgottenAndTakesNoNewArticles()
    {
        using var app = new ClusteringAppFactory();
        await app.WithDbAsync(async db => await AddAsync(db, Article(Source("Wire"), "Lambda leak", null, Monday)));
        await app.RunAsync();
        string hidden = "";
        await app.WithDbAsync(async db =>
        {
            var topic = await db.Topics.SingleAsync();
            topic.IsHidden = true;
            hidden = topic.Id;
            await db.SaveChangesAsync();
            db.Articles.Add(Article(await db.Sources.FirstAsync(), "Lambda leak follow-up", null, Monday.AddHours(1)));
            await db.SaveChangesAsync();
        });

        await app.RunAsync();

        Assert.Contains(hidden, app.Engine.Removed);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(1, (await db.Topics.AsNoTracking().SingleAsync(t => t.Id == hidden)).ArticleCount);
            var followUp = await db.Articles.AsNoTracking().SingleAsync(a => a.Title == "Lambda leak follow-up");
            Assert.NotEqual(hidden, followUp.TopicId);
            Assert.NotNull(followUp.TopicId);
        });
    }

    [Fact]
    public async Task NewTopicIsWrittenOnceCompleteAndOnlyATopicThatGrowsIsRewritten()
    {
        using var app = new ClusteringAppFactory();
        await app.WithDbAsync(async db => await AddAsync(db,
            Article(Source("Wire", tier: 1), "Alpha launches a chip", "Alpha unveiled a new chip on Monday for data centers worldwide. It ships in March.", Monday),
            Article(Source("Desk"), "Beta ships an update", "Beta released a small update to its phone app with fixes for crashes.", Monday.AddHours(1))));
        var firstRun = app.Clock.GetUtcNow();

        await app.RunAsync();

        var before = await app.WithDbAsync(db => db.Topics.AsNoTracking().ToDictionaryAsync(t => t.Headline));
        Assert.All(before.Values, t =>
        {
            // Inserted complete: no bare row recomputed afterwards (each save of a topic raises its version).
            Assert.Equal(0, t.Version);
            Assert.Equal(1, t.ArticleCount);
            Assert.NotNull(t.LeadArticleId);
            Assert.NotEmpty(t.ImportanceFactors);
            Assert.NotEmpty(t.SummarySentences);
        });
        Assert.Equal("Alpha unveiled a new chip on Monday for data centers worldwide.", before["Alpha launches a chip"].Dek);

        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.WithDbAsync(async db => await AddAsync(db,
            Article(Source("Blog"), "Alpha chip hands-on", "We tried the new Alpha chip and found it fast in every benchmark we ran.", Monday.AddHours(2))));
        await app.RunAsync();

        var after = await app.WithDbAsync(db => db.Topics.AsNoTracking().ToDictionaryAsync(t => t.Id));
        var alpha = after[before["Alpha launches a chip"].Id];
        Assert.Equal(2, alpha.ArticleCount);
        Assert.Equal(2, alpha.SourceCount);
        Assert.True(alpha.Version > 0);
        Assert.Equal(app.Clock.GetUtcNow(), alpha.UpdatedAt);
        var beta = after[before["Beta ships an update"].Id];
        Assert.Equal(0, beta.Version);
        Assert.Equal(firstRun, beta.UpdatedAt);
    }

    [Fact]
    public async Task ANewTopicWhoseArticleIsClaimedElsewhereCountsOnlyWhatItHolds()
    {
        using var app = new ClusteringAppFactory();
        await app.WithDbAsync(async db => await AddAsync(db,
            Article(Source("Wire"), "Gamma opens a plant", "Gamma opened a plant in Ohio on Monday.", Monday),
            Article(Source("Desk"), "Gamma plant opening draws crowds", "Crowds came to see Gamma open its Ohio plant.", Monday.AddHours(1))));

        // Another process clusters the second report after the engine placed it with the first, before the batch is stored.
        app.Engine.OnceBeforeStoring = () =>
        {
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Articles.Where(a => a.Title == "Gamma plant opening draws crowds").ExecuteUpdate(s => s.SetProperty(a => a.ClusteredAt, Monday));
        };
        await app.RunAsync();

        await app.WithDbAsync(async db =>
        {
            var topic = await db.Topics.AsNoTracking().SingleAsync();
            Assert.Equal(1, topic.ArticleCount);
            Assert.Equal(1, topic.SourceCount);
        });
    }

    [Fact]
    public async Task ATopicAnEditorMergesWhileABatchIsStoredTakesNoArticle()
    {
        using var app = new ClusteringAppFactory();
        await app.WithDbAsync(async db => await AddAsync(db,
            Article(Source("Wire"), "Nu reports", null, Monday), Article(Source("Desk"), "Xi reports", null, Monday.AddHours(1))));
        await app.RunAsync();
        string nu = "", xi = "";
        await app.WithDbAsync(async db =>
        {
            nu = (await db.Articles.SingleAsync(a => a.Title == "Nu reports")).TopicId!;
            xi = (await db.Articles.SingleAsync(a => a.Title == "Xi reports")).TopicId!;
        });
        await app.WithDbAsync(async db =>
        {
            db.Articles.Add(Article(await db.Sources.FirstAsync(), "Nu follow-up", null, Monday.AddHours(2)));
            await db.SaveChangesAsync();
        });

        // The engine has put the follow-up in Nu's topic and the runner has seen that topic accept articles; an editor
        // merges it away before the batch is stored.
        app.Engine.OnceBeforeStoring = () =>
        {
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<Aggregator.Web.Data.AppDbContext>();
            db.Articles.Where(a => a.TopicId == nu).ExecuteUpdate(s => s.SetProperty(a => a.TopicId, xi));
            db.Topics.Where(t => t.Id == nu).ExecuteUpdate(s => s.SetProperty(t => t.MergedIntoId, xi));
        };
        await app.RunAsync();

        await app.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.Articles.CountAsync(a => a.TopicId == nu));
            Assert.Null((await db.Articles.AsNoTracking().SingleAsync(a => a.Title == "Nu follow-up")).TopicId);
        });

        // The next run forgets the merged topic and places the article in a live one.
        await app.RunAsync();
        await app.WithDbAsync(async db =>
        {
            var followUp = await db.Articles.AsNoTracking().Include(a => a.Topic).SingleAsync(a => a.Title == "Nu follow-up");
            Assert.NotNull(followUp.Topic);
            Assert.Null(followUp.Topic.MergedIntoId);
        });
    }

    // The same day, and 200 days later: an archive (or the bundled demo week) clustered, then the site restarted long
    // after those dates and more of the same week imported. The open topics are old by the wall clock but current
    // for the stream, so the engine must get them back and the follow-ups continue their stories.
    [Theory]
    [InlineData(0)]
    [InlineData(200)]
    public async Task RestartRestoresOpenTopicsSoStoriesContinue(int daysLater)
    {
        using var first = new ClusteringAppFactory();
        await first.WithDbAsync(async db => await AddAsync(db, Article(Source("Wire"), "Mu announces", null, Monday)));
        await first.RunAsync();
        string topicId = "";
        await first.WithDbAsync(async db => topicId = (await db.Topics.SingleAsync()).Id);

        using var second = Restart(first, daysLater);
        await second.WithDbAsync(async db =>
        {
            db.Articles.Add(Article(await db.Sources.FirstAsync(), "Mu follow-up", null, Monday.AddHours(3)));
            await db.SaveChangesAsync();
        });

        await second.RunAsync();

        Assert.Contains((topicId, second.Engine.Restored.Single().ArticleId), second.Engine.Restored);
        await second.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.Topics.CountAsync());
            Assert.Equal(2, (await db.Topics.SingleAsync()).ArticleCount);
        });
    }

    [Fact]
    public async Task RestartKeepsTheEnginesSplitTopicsApart()
    {
        using var first = new ClusteringAppFactory();
        await first.WithDbAsync(async db => await AddAsync(db,
            Article(Source("Wire"), "Rho festival opens", null, Monday),
            Article(Source("Desk"), "Rho storm floods the site", null, Monday.AddHours(1))));
        await first.RunAsync();
        string rho = "", storm = "";
        await first.WithDbAsync(async db =>
        {
            rho = (await db.Topics.SingleAsync()).Id;
            var leaving = await db.Articles.SingleAsync(a => a.Title == "Rho storm floods the site");
            storm = first.Engine.Split("Rho", "Storm", leaving.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            db.Articles.Add(Article(await db.Sources.FirstAsync(), "Storm clean-up begins", null, Monday.AddHours(2)));
            await db.SaveChangesAsync();
        });
        await first.RunAsync();

        using var second = Restart(first, daysLater: 0);
        await second.RunAsync();

        // Both parts are restored, and the engine hears they were split so it does not merge them back.
        Assert.Equal([rho, storm], second.Engine.Restored.Select(r => r.TopicId).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal([(rho, storm)], second.Engine.KeptApart);
    }

    [Fact]
    public async Task RestartRestoresOnlyTopicsWithinTheWindowOfTheStreamsEnd()
    {
        using var first = new ClusteringAppFactory();
        await first.WithDbAsync(async db =>
        {
            await AddAsync(db, Article(Source("Wire"), "Xi old story", null, Monday.AddDays(-30)));
            await AddAsync(db, Article(Source("Desk"), "Omicron recent story", null, Monday));
        });
        await first.RunAsync();

        using var second = Restart(first, daysLater: 200);
        await second.RunAsync();

        await second.WithDbAsync(async db =>
        {
            var recent = await db.Articles.AsNoTracking().SingleAsync(a => a.Title == "Omicron recent story");
            Assert.Equal([recent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], second.Engine.Restored.Select(r => r.ArticleId));
        });
    }

    // The app started again on the first one's database, the given number of days after the first one's clock.
    private static ClusteringAppFactory Restart(ClusteringAppFactory first, int daysLater)
    {
        var second = new ClusteringAppFactory();
        second.UseDatabaseOf(first);
        second.Clock.SetUtcNow(first.Clock.GetUtcNow().AddDays(daysLater));
        return second;
    }
}
