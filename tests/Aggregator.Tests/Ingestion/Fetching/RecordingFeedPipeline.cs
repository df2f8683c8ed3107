using System.Collections.Concurrent;
using System.Xml;
using Aggregator.Web.Ingestion;
using Aggregator.Web.Model;

namespace Aggregator.Tests.Ingestion.Fetching;

/// <summary>
/// A test double for the parse + store pipeline: counts RSS items, reads &lt;ttl&gt;, reports malformed XML as a parse
/// error, and records what it was handed so fetcher tests can check bodies and base URLs.
/// </summary>
public sealed class RecordingFeedPipeline : IFeedPipeline
{
    static RecordingFeedPipeline() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    public ConcurrentQueue<(int SourceId, int Bytes, string? ContentType, Uri? BaseUri, int Items)> Calls { get; } = new();

    public Task<FeedProcessResult> ProcessAsync(Source source, Stream body, string? contentType, Uri? baseUri, CancellationToken cancellationToken)
    {
        var length = (int)body.Length;
        int items = 0;
        int? ttl = null;
        try
        {
            using var reader = XmlReader.Create(body, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName is "item" or "entry")
                {
                    items++;
                }
                else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "ttl")
                {
                    ttl = int.Parse(reader.ReadElementContentAsString(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (XmlException ex)
        {
            return Task.FromResult(FeedProcessResult.Failed($"not well-formed XML: {ex.Message}"));
        }

        Calls.Enqueue((source.Id, length, contentType, baseUri, items));
        return Task.FromResult(new FeedProcessResult(items, items, 0, 0, null, ttl));
    }
}
