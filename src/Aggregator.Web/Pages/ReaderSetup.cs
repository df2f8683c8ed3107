namespace Aggregator.Web.Pages;

public static class ReaderSetup
{
    public static WebApplicationBuilder AddReader(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages();
        return builder;
    }

    public static WebApplication MapReader(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }
}
