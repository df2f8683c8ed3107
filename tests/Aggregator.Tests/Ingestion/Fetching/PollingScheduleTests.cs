using Aggregator.Web.Model;
using Microsoft.Extensions.Time.Testing;

namespace Aggregator.Tests.Ingestion.Fetching;

/// <summary>How a source decides its next check, on a fake clock.</summary>
public sealed class PollingScheduleTests
{
    private static readonly PollingPolicy Policy = new(
        MinInterval: TimeSpan.FromMinutes(15),
        MaxInterval: TimeSpan.FromHours(24),
        DefaultInterval: TimeSpan.FromHours(1),
        BackoffCeiling: TimeSpan.FromHours(6));

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    private static Source NewSource(double? publishIntervalMinutes = null) =>
        new() { Name = "Feed", Slug = "feed", FeedUrl = "https://example.com/feed", PublishIntervalMinutes = publishIntervalMinutes };

    [Fact]
    public void BackoffDoublesPerFailureAndStopsAtTheCeiling()
    {
        var source = NewSource();
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            source.RecordFailure(_clock.GetUtcNow(), 500, "HTTP 500", Policy);
            delays.Add(source.NextCheckAt!.Value - _clock.GetUtcNow());
            _clock.Advance(delays[^1]);
        }

        Assert.Equal(
            [15, 30, 60, 120, 240, 360, 360, 360],
            delays.Select(d => d.TotalMinutes));
        Assert.Equal(8, source.ConsecutiveFailures);
        Assert.True(source.Enabled);
    }

    [Fact]
    public void BackoffNeverOverflowsAfterManyFailures()
    {
        var source = NewSource();
        source.ConsecutiveFailures = int.MaxValue - 1;
        source.RecordFailure(_clock.GetUtcNow(), null, "down", Policy);
        source.RecordFailure(_clock.GetUtcNow(), null, "down", Policy);
        Assert.Equal(int.MaxValue, source.ConsecutiveFailures);
        Assert.Equal(_clock.GetUtcNow() + Policy.BackoffCeiling, source.NextCheckAt);
    }

    [Fact]
    public void SuccessResetsTheFailureStateAndTheBackoff()
    {
        var source = NewSource();
        source.RecordFailure(_clock.GetUtcNow(), 503, "HTTP 503", Policy);
        source.RecordFailure(_clock.GetUtcNow(), 503, "HTTP 503", Policy);
        _clock.Advance(TimeSpan.FromHours(1));

        source.RecordSuccess(_clock.GetUtcNow(), 200, Policy);

        Assert.Equal(0, source.ConsecutiveFailures);
        Assert.Null(source.LastError);
        Assert.Equal(200, source.LastHttpStatus);
        Assert.Equal(_clock.GetUtcNow(), source.LastSuccessAt);
        Assert.Equal(_clock.GetUtcNow() + Policy.DefaultInterval, source.NextCheckAt);
    }

    [Fact]
    public void RetryAfterOverridesTheBackoff()
    {
        var source = NewSource();
        var retryAt = _clock.GetUtcNow().AddMinutes(3);
        source.RecordFailure(_clock.GetUtcNow(), 429, "HTTP 429", Policy, retryAt);
        Assert.Equal(retryAt, source.NextCheckAt);

        source.RecordFailure(_clock.GetUtcNow(), 503, "HTTP 503", Policy, _clock.GetUtcNow().AddHours(5));
        Assert.Equal(_clock.GetUtcNow().AddHours(5), source.NextCheckAt);
    }

    [Fact]
    public void RetryAfterFarInTheFutureOrInThePastIsClamped()
    {
        var source = NewSource();
        source.RecordFailure(_clock.GetUtcNow(), 429, "HTTP 429", Policy, _clock.GetUtcNow().AddYears(10));
        Assert.Equal(_clock.GetUtcNow() + Policy.MaxInterval, source.NextCheckAt);

        source.RecordFailure(_clock.GetUtcNow(), 429, "HTTP 429", Policy, _clock.GetUtcNow().AddHours(-1));
        Assert.Equal(_clock.GetUtcNow(), source.NextCheckAt);
    }

    [Theory]
    [InlineData(null, 60)]          // unknown rhythm: the default
    [InlineData(240.0, 240)]        // publishes every four hours
    [InlineData(2.0, 15)]           // very busy feed: not more often than the minimum
    [InlineData(10_000.0, 1440)]    // quiet feed: at least daily
    [InlineData(0.0, 60)]           // nonsense learned value: the default
    public void NextCheckFollowsHowOftenTheFeedPublishes(double? publishIntervalMinutes, int expectedMinutes)
    {
        var source = NewSource(publishIntervalMinutes);
        source.RecordSuccess(_clock.GetUtcNow(), 200, Policy);
        Assert.Equal(_clock.GetUtcNow().AddMinutes(expectedMinutes), source.NextCheckAt);
    }

    [Theory]
    [InlineData(30.0, 180, 180)]    // ttl longer than the rhythm wins
    [InlineData(600.0, 180, 600)]   // a ttl never makes checks more frequent than the rhythm
    [InlineData(30.0, 5, 30)]
    [InlineData(30.0, 4000, 1440)]  // ttl/max-age beyond the maximum is capped
    public void TtlOrMaxAgeDelaysButNeverPassesTheMaximum(double publishIntervalMinutes, int requestedMinutes, int expectedMinutes)
    {
        var source = NewSource(publishIntervalMinutes);
        source.RecordSuccess(_clock.GetUtcNow(), 200, Policy, TimeSpan.FromMinutes(requestedMinutes));
        Assert.Equal(_clock.GetUtcNow().AddMinutes(expectedMinutes), source.NextCheckAt);
    }
}
