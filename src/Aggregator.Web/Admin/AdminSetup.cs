namespace Aggregator.Web.Admin;

public static class AdminSetup
{
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication UseAdmin(this WebApplication app)
    {
        return app;
    }
}
