using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Aggregator.Tests.Infrastructure;
using Aggregator.Web.Model;

namespace Aggregator.Tests.Operations;

/// <summary>XSS payloads as a hostile feed would deliver them, and the checks that say output kept them inert.</summary>
internal static class HostileContent
{
    public static readonly string[] Payloads =
    [
        "<script>alert(1)</script>",
        "\"><script>alert(document.cookie)</script>",
        "'><img src=x onerror=alert(1)>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<a href=\"&#106;avascript:alert(1)\">encoded</a>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">data link</a>",
        "<div style=\"background:url(javascript:alert(1))\">css url</div>",
        "<div style=\"width: expression(alert(1))\">css expression</div>",
        "<style>@import 'javascript:alert(1)'; body{background:red}</style>",
        "<iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object><embed src=x>",
        "<body onload=alert(1)>",
        "<<script>alert(1);//<</script>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<img src=\"x\" onerror=\"alert(1)\"",
        "]]><script>alert(1)</script><![CDATA[",
        "</title><script>alert(1)</script>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<form action=\"https://evil.example/steal\"><input name=p></form>",
        "<base href=\"https://evil.example/\">",
        "control\u0001chars\u0008and\uFFFEnon-characters",
    ];

    public const int Count = 30;

    private static readonly HashSet<string> AllowedElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "html", "head", "body", "p", "br", "a", "em", "strong", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre", "q", "cite", "sub", "sup",
    };

    /// <summary>One source, article and topic per payload, the payload in every text and URL field.</summary>
    public static async Task SeedAsync(AppFactory factory)
    {
        var now = factory.Clock.GetUtcNow();
        await factory.WithDbAsync(async db =>
        {
            for (var i = 0; i < Payloads.Length; i++)
            {
                var payload = Payloads[i];
                var source = new Source
                {
                    Name = $"Source {payload}", Slug = $"evil-{i}", FeedUrl = i % 3 == 0 ? payload + i : $"https://evil{i}.example/feed?x={Uri.EscapeDataString(payload)}",
                    SiteUrl = i % 2 == 0 ? payload : $"https://evil{i}.example/", Owner = payload, Category = $"Category {payload}", CreatedAt = now,
                };
                db.Sources.Add(source);
                db.Tags.Add(new Tag { Slug = $"evil-{i}", Name = $"Tag {payload}" });
                var topicId = $"e{i:x9}";
                db.Topics.Add(new Topic
                {
                    Id = topicId, Slug = $"evil-{i}", Headline = $"Headline {payload}", Dek = $"Dek {payload}", Summary = $"Summary {payload}\n\nSecond {payload}",
                    Category = $"Category {payload}", Importance = 1 + (i % 5), ArticleCount = 1, SourceCount = 1, MainEntity = payload,
                    EarliestAt = now.AddMinutes(-i), LatestAt = now.AddMinutes(-i), CreatedAt = now.AddMinutes(-i), UpdatedAt = now.AddMinutes(-i),
                });
                await db.SaveChangesAsync();
                db.TopicTags.Add(new TopicTag { TopicId = topicId, TagSlug = $"evil-{i}" });
                db.Articles.Add(new Article
                {
                    SourceId = source.Id, TopicId = topicId, Guid = payload + i, Url = i % 2 == 0 ? payload : $"https://evil{i}.example/a?q={Uri.EscapeDataString(payload)}",
                    Title = $"Title {payload}", Author = $"Author {payload}", SummaryHtml = $"<p>Summary {payload}</p>{payload}", Text = payload,
                    ImageUrl = payload, ContentHash = $"evil-{i}", PublishedAt = now.AddMinutes(-i), FetchedAt = now, UpdatedAt = now.AddMinutes(-i), ClusteredAt = now,
                });
                await db.SaveChangesAsync();
            }
        });
    }

    /// <summary>HTML meant to be rendered: only harmless elements, no attributes but href/title, only http(s) links.</summary>
    public static void AssertInertHtml(string html, string where)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.All)
        {
            Assert.True(AllowedElements.Contains(element.LocalName), $"{where}: element <{element.LocalName}> in {html}");
            foreach (var attribute in element.Attributes)
            {
                Assert.True(attribute.Name is "href" or "title", $"{where}: attribute {attribute.Name} in {html}");
            }

            if (element.GetAttribute("href") is { } href)
            {
                AssertSafeUrl(href, where);
            }
        }
    }

    public static void AssertSafeUrl(string? url, string where)
    {
        if (url is null)
        {
            return;
        }

        Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps),
            $"{where}: unsafe URL {url}");
    }

    /// <summary>Checks a whole outbound feed, whichever format.</summary>
    public static void AssertInertFeed(string body, string mediaType, string where)
    {
        if (mediaType == "application/feed+json")
        {
            using var json = JsonDocument.Parse(body);
            AssertSafeUrl(json.RootElement.GetProperty("home_page_url").GetString(), where);
            AssertSafeUrl(json.RootElement.GetProperty("feed_url").GetString(), where);
            foreach (var item in json.RootElement.GetProperty("items").EnumerateArray())
            {
                AssertInertHtml(item.GetProperty("content_html").GetString()!, where);
                AssertSafeUrl(item.GetProperty("url").GetString(), where);
                AssertSafeUrl(item.GetProperty("id").GetString(), where);
            }

            return;
        }

        using var reader = XmlReader.Create(new StringReader(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var xml = XDocument.Load(reader);
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var known = new HashSet<string>
        {
            "rss", "channel", "title", "link", "description", "language", "lastBuildDate", "generator", "item", "guid", "pubDate", "category",
            "author", "updated", "id", "feed", "subtitle", "entry", "published", "summary", "content", "name", "opml", "head", "body", "outline", "dateModified",
        };
        foreach (var element in xml.Descendants())
        {
            Assert.True(known.Contains(element.Name.LocalName), $"{where}: unexpected element {element.Name}");
            foreach (var attribute in element.Attributes().Where(a => a.Name.LocalName is "href" or "xmlUrl" or "htmlUrl"))
            {
                AssertSafeUrl(attribute.Value, where);
            }

            var type = element.Attribute("type")?.Value;
            if (element.Name.LocalName == "description" && element.Parent?.Name.LocalName == "item")
            {
                AssertInertHtml(element.Value, where);
            }
            else if (element.Name.Namespace == atom && element.Name.LocalName is "content" or "summary" or "title" or "subtitle")
            {
                Assert.True(type is null or "text" or "html", $"{where}: {element.Name.LocalName} type {type}");
                if (type == "html")
                {
                    AssertInertHtml(element.Value, where);
                }
            }
            else if (element.Name.LocalName is "link" or "guid" or "id" && element.Parent?.Name.LocalName is "item" or "entry" && element.Name.Namespace != atom)
            {
                AssertSafeUrl(element.Value, where);
            }
        }
    }
}
