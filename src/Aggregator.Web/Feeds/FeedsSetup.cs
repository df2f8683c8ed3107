namespace Aggregator.Web.Feeds;

public static class FeedsSetup
{
    public static WebApplicationBuilder AddFeeds(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication MapFeeds(this WebApplication app)
    {
        return app;
    }
}
