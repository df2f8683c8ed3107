using System.ComponentModel.DataAnnotations;
using Aggregator.Web.Data;
using Aggregator.Web.Pages.Guides;
using Aggregator.Web.Pages.Shared;

namespace Aggregator.Web.Pages;

public sealed class ReaderOptions
{
    public const string Section = "Reader";

    /// <summary>Folder of the guide Markdown files; relative paths resolve against the app's base directory.</summary>
    [Required]
    public string GuidesDirectory { get; set; } = "seeds/guides";

    [Range(5, 200)]
    public int PageSize { get; set; } = 30;

    /// <summary>How long a rendered reader page may be served from the output cache; changes evict it sooner.</summary>
    [Range(1, 3600)]
    public int CacheSeconds { get; set; } = 60;

    /// <summary>
    /// How often this process checks whether another process of the site changed topics or sources (a clustering
    /// batch, an editor), and evicts its own cached pages if so.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan CacheSyncInterval { get; set; } = TimeSpan.FromSeconds(2);
}

public static class ReaderSetup
{
    public const string CachePolicy = "Reader";

    public static WebApplicationBuilder AddReader(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReaderOptions>().BindConfiguration(ReaderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRazorPages(pages => pages.Conventions.ConfigureFilter(new DeclaredMethodsOnly()));
        var cacheSeconds = builder.Configuration.GetValue($"{ReaderOptions.Section}:CacheSeconds", 60);
        builder.Services.AddOutputCache(options =>
        {
            // Tagged so that clustering runs and editor actions evict every reader page at once.
            options.AddPolicy(CachePolicy, policy => policy
                .Expire(TimeSpan.FromSeconds(cacheSeconds))
                .Tag(CacheTags.Topics, CacheTags.Sources));
        });
        builder.Services.AddSingleton<GuideLibrary>();
        builder.Services.AddSingleton<ReaderTime>();
        builder.Services.AddSingleton<IStartupSeeder, SearchIndexSeeder>();
        return builder;
    }

    /// <summary>Friendly status pages; runs before routing so a 404 from any endpoint gets the reader's page.</summary>
    public static WebApplication UseReader(this WebApplication app)
    {
        app.UseStatusCodePagesWithReExecute("/not-found");
        return app;
    }

    public static WebApplication MapReader(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }
}
