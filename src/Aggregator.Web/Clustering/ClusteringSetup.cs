namespace Aggregator.Web.Clustering;

public static class ClusteringSetup
{
    public static WebApplicationBuilder AddClustering(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
