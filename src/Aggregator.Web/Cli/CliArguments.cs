using System.Globalization;

namespace Aggregator.Web.Cli;

/// <summary>Reads a verb's arguments: "--name value" options, "--name" switches, and whole numbers given as options.</summary>
internal static class CliArguments
{
    /// <summary>The value after the first <paramref name="name"/>, or null when the option is absent or has no value.</summary>
    public static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>The value after every <paramref name="name"/>, for an option that may be repeated.</summary>
    public static IEnumerable<string> Values(string[] args, string name)
    {
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == name)
            {
                yield return args[i + 1];
            }
        }
    }

    public static bool Has(string[] args, string name) => args.Contains(name, StringComparer.Ordinal);

    /// <summary>
    /// Reads a whole number from <paramref name="min"/> to <paramref name="max"/> into <paramref name="value"/>; false
    /// when the option is there but its value is not such a number. An absent option leaves the default in place.
    /// </summary>
    public static bool TryNumber(string[] args, string name, ref int value, int min, int max = int.MaxValue)
    {
        var text = Value(args, name);
        if (text is null)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            return false;
        }

        value = number;
        return true;
    }
}
