using Aggregator.Web.Model;

namespace Aggregator.Tests.Model;

public class TopicEditorRuleTests
{
    public static TheoryData<string> Overrides() =>
        [nameof(Topic.IsPinned), nameof(Topic.IsHidden), nameof(Topic.EditorImportance), nameof(Topic.EditorLeadArticleId),
         nameof(Topic.EditorHeadline), nameof(Topic.EditorDek), nameof(Topic.EditorSummary)];

    [Fact]
    public void ATopicNoEditorTouchedIsTheEngines()
    {
        Assert.False(NewTopic().IsEditorOwned);
    }

    [Theory]
    [MemberData(nameof(Overrides))]
    public void AnyOverridePinOrHideMakesTheTopicTheEditors(string field)
    {
        var topic = NewTopic();
        switch (field)
        {
            case nameof(Topic.IsPinned): topic.IsPinned = true; break;
            case nameof(Topic.IsHidden): topic.IsHidden = true; break;
            case nameof(Topic.EditorImportance): topic.EditorImportance = 2; break;
            case nameof(Topic.EditorLeadArticleId): topic.EditorLeadArticleId = 9; break;
            case nameof(Topic.EditorHeadline): topic.EditorHeadline = "Edited"; break;
            case nameof(Topic.EditorDek): topic.EditorDek = "Edited dek"; break;
            case nameof(Topic.EditorSummary): topic.EditorSummary = "Edited summary"; break;
        }

        Assert.True(topic.IsEditorOwned);
    }

    [Fact]
    public void TheEditorsValuesWinOverTheComputedOnes()
    {
        var topic = NewTopic();
        topic.EditorImportance = 5;
        topic.EditorHeadline = "Editor's headline";
        topic.EditorDek = "Editor's dek";
        topic.EditorSummary = "Editor's summary";
        topic.EditorLeadArticleId = 42;

        topic.ApplyEditorOverrides();

        Assert.Equal((5, "Editor's headline", "Editor's dek", "Editor's summary", 42L), Shown(topic));
    }

    [Fact]
    public void WithoutOverridesTheComputedValuesStand()
    {
        var topic = NewTopic();
        topic.Importance = 1;
        topic.EditorHeadline = "   ";

        topic.ApplyEditorOverrides();

        Assert.Equal((3, "Computed headline", "Computed dek", "Computed summary", 7L), Shown(topic));
    }

    private static (int, string, string?, string?, long?) Shown(Topic topic) =>
        (topic.Importance, topic.Headline, topic.Dek, topic.Summary, topic.LeadArticleId);

    private static Topic NewTopic() => new()
    {
        Id = "0123456789", Slug = "computed-headline", Headline = "Computed headline", Dek = "Computed dek", Summary = "Computed summary",
        ComputedImportance = 3, Importance = 3, LeadArticleId = 7,
    };
}
