namespace Aggregator.Web.Ingestion;

public static class IngestionSetup
{
    public static WebApplicationBuilder AddIngestion(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
