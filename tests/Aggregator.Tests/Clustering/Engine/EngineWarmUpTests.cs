using Aggregator.Web.Clustering.Engine;

namespace Aggregator.Tests.Clustering.Engine;

public class EngineWarmUpTests
{
    [Fact]
    public void TheWarmUpStreamJoinsFoundsAndSettlesAsARealStreamDoes()
    {
        // The warm-up is only worth its milliseconds if it runs the code real streams run: joining stories, founding
        // topics for one-off items (growth checks look for twins among them), settle sweeps that keep choices, and
        // stories large enough to have their terms cut back, a topic of two stories split in two, and one-off items
        // taking a second look in later settles. An engine change that left these paths unreached would have them
        // compiled on the clustering thread again.
        var report = EngineWarmUp.Run(new StoryClustererOptions());

        Assert.Equal(208, report.Articles);
        Assert.InRange(report.Joined, report.Articles / 2, report.Articles - 20);
        Assert.InRange(report.Topics, 6, 40);
        Assert.True(report.KeptChoices > 0, "no settle choice was kept");
        Assert.True(report.Prunes > 0, "no topic outgrew the terms it keeps");
        Assert.True(report.Splits > 0, "no topic was split");
        Assert.True(report.SecondLooks > 0, "no lone article looked again");
    }
}
