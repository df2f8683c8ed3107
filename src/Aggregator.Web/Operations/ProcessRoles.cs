namespace Aggregator.Web.Operations;

/// <summary>
/// What this process does (setting <c>Roles</c>): serve the site (<c>web</c>), fetch feeds (<c>fetch</c>), cluster
/// new articles (<c>cluster</c>), any mix, comma-separated; unset or <c>all</c> means all three. Several processes
/// share one PostgreSQL database, each with its own roles (docs/operations.md, More than one machine).
/// </summary>
public sealed record ProcessRoles(bool Web, bool Fetch, bool Cluster)
{
    public const string Key = "Roles";

    public static ProcessRoles All { get; } = new(true, true, true);

    public static ProcessRoles From(IConfiguration configuration)
    {
        var value = configuration[Key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return All;
        }

        bool web = false, fetch = false, cluster = false;
        foreach (var role in value.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (role.ToLowerInvariant())
            {
                case "web": web = true; break;
                case "fetch": fetch = true; break;
                case "cluster": cluster = true; break;
                case "all": web = fetch = cluster = true; break;
                default:
                    throw new InvalidOperationException($"Roles: '{role}' is not a role. Use web, fetch and cluster, comma-separated (or all).");
            }
        }

        return new ProcessRoles(web, fetch, cluster);
    }
}

public static class ProcessRolesSetup
{
    /// <summary>Turns off the fetch workers and the clustering worker of a process that does not have those roles.</summary>
    public static WebApplicationBuilder AddRoles(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Resolved from the built configuration, as DatabaseLocation is, so test hosts and late sources can set it.
        services.AddSingleton(sp => ProcessRoles.From(sp.GetRequiredService<IConfiguration>()));
        services.AddOptions<Ingestion.IngestionOptions>().PostConfigure<ProcessRoles>((options, roles) => options.WorkersEnabled &= roles.Fetch);
        services.AddOptions<Clustering.ClusteringOptions>().PostConfigure<ProcessRoles>((options, roles) => options.WorkerEnabled &= roles.Cluster);
        return builder;
    }
}
