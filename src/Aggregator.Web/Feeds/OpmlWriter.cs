using System.Globalization;
using System.Text;
using System.Xml;
using Aggregator.Web.Data;
using Aggregator.Web.Pages.Shared;
using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Feeds;

/// <summary>OPML 2.0 of the enabled sources, grouped by category, for readers who want the raw feeds.</summary>
public static class OpmlWriter
{
    public static async Task<(byte[] Body, DateTimeOffset? Newest)> WriteAsync(AppDbContext db, string title, CancellationToken ct)
    {
        var sources = await db.Sources.AsNoTracking()
            .Where(s => s.Enabled)
            .OrderBy(s => s.Category).ThenBy(s => s.Name)
            .Select(s => new { s.Name, s.FeedUrl, s.SiteUrl, s.Category, s.CreatedAt })
            .ToListAsync(ct);

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, Async = true }))
        {
            await writer.WriteStartDocumentAsync();
            writer.WriteStartElement("opml");
            writer.WriteAttributeString("version", "2.0");
            writer.WriteStartElement("head");
            writer.WriteElementString("title", title);
            if (sources.Count > 0)
            {
                writer.WriteElementString("dateModified", sources.Max(s => s.CreatedAt).ToString("r", CultureInfo.InvariantCulture));
            }

            writer.WriteEndElement();
            writer.WriteStartElement("body");
            // Only http(s) feeds: anything else in a subscriber's reader would be a surprise at best.
            foreach (var group in sources.Where(s => FeedHtml.SafeUrl(s.FeedUrl) is not null).GroupBy(s => s.Category))
            {
                if (group.Key is not null)
                {
                    writer.WriteStartElement("outline");
                    writer.WriteAttributeString("text", FeedHtml.XmlSafe(group.Key));
                    writer.WriteAttributeString("title", FeedHtml.XmlSafe(group.Key));
                }

                foreach (var s in group)
                {
                    writer.WriteStartElement("outline");
                    writer.WriteAttributeString("type", "rss");
                    var name = FeedHtml.XmlSafe(SourceLabels.Name(s.Name));
                    writer.WriteAttributeString("text", name);
                    writer.WriteAttributeString("title", name);
                    writer.WriteAttributeString("xmlUrl", FeedHtml.SafeUrl(s.FeedUrl));
                    var site = FeedHtml.SafeUrl(s.SiteUrl);
                    if (site is not null)
                    {
                        writer.WriteAttributeString("htmlUrl", site);
                    }

                    writer.WriteEndElement();
                }

                if (group.Key is not null)
                {
                    writer.WriteEndElement();
                }
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
            await writer.WriteEndDocumentAsync();
        }

        return (stream.ToArray(), sources.Count == 0 ? null : sources.Max(s => s.CreatedAt));
    }
}
