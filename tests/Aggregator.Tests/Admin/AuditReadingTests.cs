using Aggregator.Web.Model;

namespace Aggregator.Tests.Admin;

public sealed class AuditReadingTests
{
    [Fact]
    public async Task TheAuditLogShowsEachChangeAsBeforeAndAfterNotJson()
    {
        using var factory = new AdminAppFactory();
        await factory.CreateAccountAsync(AdminAppFactory.AdminEmail, "Admin");
        await factory.WithDbAsync(async db =>
        {
            db.AuditEntries.Add(new AuditEntry
            {
                At = factory.Clock.GetUtcNow(), User = AdminAppFactory.AdminEmail, Action = "edit", EntityType = "topic", EntityId = "abc1234567",
                Reason = "typo",
                Before = """{"topic:abc1234567":{"EditorHeadline":null,"IsPinned":false}}""",
                After = """{"topic:abc1234567":{"EditorHeadline":"Grok limits image edits","IsPinned":true}}""",
            });
            await db.SaveChangesAsync();
        });
        using var client = await factory.SignInAsync(AdminAppFactory.AdminEmail);
        var body = await (await client.GetAsync(new Uri("/admin/audit", UriKind.Relative))).BodyAsync();
        Assert.Contains("topic abc1234567 headline: (none) → “Grok limits image edits”", body, StringComparison.Ordinal);
        Assert.Contains("topic abc1234567 pin: no → yes", body, StringComparison.Ordinal);
        Assert.DoesNotContain("{\"topic:", body, StringComparison.Ordinal);
    }
}
