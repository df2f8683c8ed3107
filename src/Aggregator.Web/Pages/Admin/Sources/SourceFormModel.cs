using Aggregator.Web.Admin;

namespace Aggregator.Web.Pages.Admin.Sources;

/// <summary>What the shared source form partial needs: the values and the errors per field.</summary>
public sealed record SourceFormModel(SourceInput Input, IReadOnlyList<KeyValuePair<string, string>> Errors);
