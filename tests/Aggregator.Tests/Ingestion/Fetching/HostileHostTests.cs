using Aggregator.Web.Model;

namespace Aggregator.Tests.Ingestion.Fetching;

/// <summary>
/// Every case runs beside a healthy feed in the same refresh run; the healthy feed must still ingest and the hostile
/// one must end with the right polling state.
/// </summary>
public sealed class HostileHostTests(FetchingFixture fixture) : IClassFixture<FetchingFixture>
{
    private DateTimeOffset Now => fixture.App.Clock.GetUtcNow();

    private static string Case(string path) => $"{path}?case={Guid.NewGuid():n}";

    /// <summary>Refreshes the hostile source together with a healthy one and checks the healthy one is unaffected.</summary>
    private async Task<Source> RefreshBesideHealthyFeedAsync(Source hostile)
    {
        var healthy = await fixture.AddSourceAsync(Case("/good"));
        await fixture.RefreshAsync(hostile, healthy);
        var good = await fixture.ReloadAsync(healthy.Id);
        Assert.Null(good.LastError);
        Assert.Equal(200, good.LastHttpStatus);
        Assert.Equal(Now, good.LastSuccessAt);
        Assert.Equal(0, good.ConsecutiveFailures);
        Assert.Contains(fixture.App.Pipeline.Calls, c => c.SourceId == healthy.Id && c.Items == 3);
        return await fixture.ReloadAsync(hostile.Id);
    }

    private void AssertFailedOnce(Source source, int? status, string errorFragment)
    {
        Assert.Equal(status, source.LastHttpStatus);
        Assert.NotNull(source.LastError);
        Assert.Contains(errorFragment, source.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, source.ConsecutiveFailures);
        Assert.Equal(Now, source.LastCheckedAt);
        Assert.Null(source.LastSuccessAt);
        Assert.True(source.Enabled);
        Assert.DoesNotContain(fixture.App.Pipeline.Calls, c => c.SourceId == source.Id);
    }

    [Fact]
    public async Task EchoesValidatorsExactlyAndTreatsNotModifiedAsSuccess()
    {
        var path = Case("/conditional");
        var source = await fixture.AddSourceAsync(path);
        var first = await RefreshBesideHealthyFeedAsync(source);
        Assert.Equal(HostileHost.ETag, first.ETag);
        Assert.Equal(HostileHost.LastModified, first.LastModified);
        Assert.Equal(200, first.LastHttpStatus);
        var firstRequest = Assert.Single(fixture.Host.RequestsFor(path));
        Assert.Equal("", firstRequest.IfNoneMatch);
        Assert.Equal("", firstRequest.IfModifiedSince);

        fixture.App.Clock.Advance(TimeSpan.FromHours(2));
        var second = await RefreshBesideHealthyFeedAsync(source);

        var conditional = fixture.Host.RequestsFor(path)[1];
        Assert.Equal(HostileHost.ETag, conditional.IfNoneMatch);
        Assert.Equal(HostileHost.LastModified, conditional.IfModifiedSince);
        Assert.Equal(304, second.LastHttpStatus);
        Assert.Equal(Now, second.LastSuccessAt);
        Assert.Null(second.LastError);
        Assert.Equal(HostileHost.ETag, second.ETag);
        Assert.Equal(HostileHost.LastModified, second.LastModified);
        Assert.Equal(Now + fixture.Policy.DefaultInterval, second.NextCheckAt);
        Assert.Single(fixture.App.Pipeline.Calls, c => c.SourceId == source.Id);
    }

    [Fact]
    public async Task RateLimitedFeedWaitsForRetryAfterSeconds()
    {
        var source = await RefreshBesideHealthyFeedAsync(await fixture.AddSourceAsync(Case("/rate-limited")));
        AssertFailedOnce(source, 429, "429");
        Assert.Equal(Now.AddSeconds(7200), source.NextCheckAt);
    }

    [Fact]
    public async Task UnavailableFeedWaitsForRetryAfterDate()
    {
        var source = await RefreshBesideHealthyFeedAsync(await fixture.AddSourceAsync(Case("/unavailable")));
        AssertFailedOnce(source, 503, "503");
        Assert.Equal(Now.AddHours(3), source.NextCheckAt);
    }

    [Fact]
    public async Task PermanentRedirectUpdatesTheStoredFeedUrl()
    {
        var query = $"?case={Guid.NewGuid():n}";
        var source = await RefreshBesideHealthyFeedAsync(await fixture.AddSourceAsync("/moved" + query));
        Assert.Equal(fixture.Host.Url("/moved-target" + query).AbsoluteUri, source.FeedUrl);
        Assert.Equal(200, source.LastHttpStatus);
        Assert.Null(source.LastError);
        var call = Assert.Single(fixture.App.Pipeline.Calls, c => c.SourceId == source.Id);
        Assert.Equal(fixture.Host.Url("/moved-target" + query), call.BaseUri);
    }

    [Fact]
    public async Task ChainOfPermanentRedirectsIsFollowedToItsEnd()
    {
        var query = $"?case={Guid.NewGuid():n}";
        var source = await RefreshBesideHealthyFeedAsync(await fixture.AddSourceAsync("/chain-1" + query));
        Assert.Equal(fixture.Host.Url("/chain-3" + query).AbsoluteUri, source.FeedUrl);
        Assert.Equal(200, source.LastHttpStatus);
    }

    [Fact]
    public async Task TemporaryRedirectKeepsTheStoredFeedUrl()
    {
        var path = Case("/temporary");
        var source = await RefreshBesideHealthyFeedAsync(await fixture.AddSourceAsync(path));
        Assert.Equal(fixture.Host.Url(path).AbsoluteUri, source.FeedUrl);
        Assert.Equal(200, source.LastHttpStatus);
        Assert.Null(source.LastError);
        Assert.Single(fixture.App.Pipeline.Calls, c => c.SourceId == source.Id);
    }

    [Fact]
    public async Task TemporaryRedirectAfterPermanentOneStoresOnlyThePermanentPart()
    {
        var query = $"?case={Guid.NewGuid():n}";
        var source = await RefreshBesideHealthyFeedAsync(await fixture.AddSourceAsync("/mixed-1" + query));
        Assert.Equal(fixture.Host.Url("/mixed-2" + query).AbsoluteUri, source.FeedUrl);
    }

    [Fact]
    public async Task PermanentRedirectToAnotherSourcesAddressKeepsTheOldUrl()
    {
        var query = $"?case={Guid.NewGuid():n}";
        await fixture.AddSourceAsync("/moved-target" + query);
        var source = await RefreshBesideHealthyFeedAsync(await fixture.AddSourceAsync("/moved" + query));
        Assert.Equal(fixture.Host.Url("/moved" + query).AbsoluteUri, source.FeedUrl);
        Assert.Equal(200, source.LastHttpStatus);
    }

    [Fact]
    public async Task RedirectLoopIsRecordedAsAnError()
    {
        var source = await RefreshBesideHealthyFeedAsync(await fixture.AddSourceAsync(Case("/loop-a")));
        AssertFailedOnce(source, null, "Redirect loop");
        Assert.Equal(Now + fixture.Policy.MinInterval, source.NextCheckAt);
    }

    [Fact]
    public async Task EndlessRedirectsStopAtTheLimit()
    {
        var source = await RefreshBesideHealthyFeedAsync(await fixture.AddSourceAsync("/endless/0?case=" + Guid.NewGuid().ToString("n")));
        AssertFailedOnce(source, 302, "Too many redirects");
        Assert.Equal(6, fixture.Host.Requests.Count(r => r.PathAndQuery.StartsWith("/endless/", StringComparison.Ordinal) && r.PathAndQuery != "/endless/0"));
    }

    [Theory]
    [InlineData("/not-found", 404, "no feed at this address")]
    [InlineData("/gone", 410, "gone")]
    [InlineData("/server-error", 500, "server failed")]
    public async Task ErrorStatusIsRecordedAndBackedOff(string path, int status, string message)
    {
        var source = await RefreshBesideHealthyFeedAsync(await fixture.AddSourceAsync(Case(path)));
        AssertFailedOnce(source, status, message);
        Assert.Equal(Now + fixture.Policy.MinInterval, source.NextCheckAt);
    }

    [Fact]
    public async Task RepeatedFailuresBackOffExponentiallyAndNeverDisableTheFeed()
    {
        var source = await fixture.AddSourceAsync(Case("/server-error"));
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            await fixture.RefreshAsync(source);
            var state = await fixture.ReloadAsync(source.Id);
            delays.Add(state.NextCheckAt!.Value - Now);
            fixture.App.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var min = fixture.Policy.MinInterval;
        Assert.Equal([min, min * 2, min * 4, min * 8], delays);
        var final = await fixture.ReloadAsync(source.Id);
        Assert.Equal(4, final.ConsecutiveFailures);
        Assert.True(final.Enabled);
    }

    [Fact]
    public async Task SlowBodyPastTheTimeoutIsAbandoned()
    {
        var source = await RefreshBesideHealthyFeedAsync(await fixture.AddSourceAsync(Case("/slow")));
        AssertFailedOnce(source, null, "Timed out");
    }

    [Theory]
    [InlineData("/huge")]
    [InlineData("/huge-declared")]
    public async Task BodyOverTheSizeCapIsRefused(string path)
    {
        var source = await RefreshBesideHealthyFeedAsync(await fixture.AddSourceAsync(Case(path)));
        AssertFailedOnce(source, 200, "limit");
    }

    [Fact]
    public async Task GzipBombIsStoppedAtTheCap()
    {
        var source = await RefreshBesideHealthyFeedAsync(await fixture.AddSourceAsync(Case("/gzip-bomb")));
        AssertFailedOnce(source, 200, "after decompression");
    }

    [Theory]
    [InlineData("/gzip")]
    [InlineData("/brotli")]
    public async Task CompressedBodiesAreDecompressed(string path)
    {
        var source = await RefreshBesideHealthyFeedAsync(await fixture.AddSourceAsync(Case(path)));
        Assert.Null(source.LastError);
        Assert.Equal(200, source.LastHttpStatus);
        Assert.Contains(fixture.App.Pipeline.Calls, c => c.SourceId == source.Id && c.Items == 2);
    }

    [Fact]
    public async Task InvalidXmlIsRecordedAsAParseErrorWithoutKeepingValidators()
    {
        var source = await RefreshBesideHealthyFeedAsync(await fixture.AddSourceAsync(Case("/invalid-xml")));
        Assert.Equal(200, source.LastHttpStatus);
        Assert.Equal(1, source.ConsecutiveFailures);
        Assert.StartsWith("The feed could not be read", source.LastError, StringComparison.Ordinal);
        Assert.Null(source.ETag);
        Assert.Equal(Now + fixture.Policy.MinInterval, source.NextCheckAt);
    }

    [Fact]
    public async Task WrongCharsetHeaderStillIngests()
    {
        var source = await RefreshBesideHealthyFeedAsync(await fixture.AddSourceAsync(Case("/wrong-charset")));
        Assert.Null(source.LastError);
        Assert.Equal(200, source.LastHttpStatus);
        Assert.Contains(fixture.App.Pipeline.Calls, c => c.SourceId == source.Id && c.Items == 2);
    }

    [Fact]
    public async Task RssTtlDelaysTheNextCheck()
    {
        var source = await RefreshBesideHealthyFeedAsync(await fixture.AddSourceAsync(Case("/ttl")));
        Assert.Equal(Now.AddMinutes(180), source.NextCheckAt);
    }

    [Fact]
    public async Task CacheControlMaxAgeDelaysTheNextCheck()
    {
        var source = await RefreshBesideHealthyFeedAsync(await fixture.AddSourceAsync(Case("/max-age")));
        Assert.Equal(Now.AddHours(3), source.NextCheckAt);
    }

    [Fact]
    public async Task IdentifiesItselfWithTheConfiguredUserAgent()
    {
        var path = Case("/good");
        await fixture.RefreshAsync(await fixture.AddSourceAsync(path));
        Assert.StartsWith("Aggregator/", Assert.Single(fixture.Host.RequestsFor(path)).UserAgent, StringComparison.Ordinal);
    }
}
