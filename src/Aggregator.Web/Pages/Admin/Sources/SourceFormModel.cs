using Aggregator.Web.Admin;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Aggregator.Web.Pages.Admin.Sources;

/// <summary>What the shared source form partial needs: the values and the errors per field.</summary>
public sealed record SourceFormModel(SourceInput Input, IReadOnlyList<KeyValuePair<string, string>> Errors)
{
    /// <summary>
    /// Fields the form could not read at all (a tier of 99999999999999, a kind of 999): binding leaves their defaults in
    /// place, so they must be refused here rather than saved as those defaults.
    /// </summary>
    public static List<KeyValuePair<string, string>> UnreadableFields(ModelStateDictionary modelState)
    {
        var errors = new List<KeyValuePair<string, string>>();
        foreach (var (key, entry) in modelState)
        {
            if (entry.Errors.Count == 0 || !key.StartsWith("Input.", StringComparison.Ordinal))
            {
                continue;
            }

            var field = key["Input.".Length..];
            errors.Add(new(field, field switch
            {
                nameof(SourceInput.Tier) => SourceEditor.TierMessage,
                nameof(SourceInput.Kind) => SourceEditor.KindMessage,
                _ => "This value could not be read; check it and try again.",
            }));
        }

        return errors;
    }
}
