using System.Text;
using Aggregator.Web.Admin;
using Aggregator.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Cli;

/// <summary>`admin create --email E [--password P] [--role Admin|Editor]`: the way in for the first administrator.</summary>
internal sealed class AdminCommand : ICliCommand
{
    public string Name => "admin";
    public string Usage => "admin create --email E [--password P] [--role Admin|Editor]   create a newsroom account";

    /// <summary>Reads a password without echo after showing the given label; replaceable so tests can play the terminal.</summary>
    internal Func<string, string?>? PromptPassword { get; set; }

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0] != "create")
        {
            await error.WriteLineAsync("Usage: " + Usage);
            return 2;
        }

        string? email = null, password = null, role = AdminRoles.Admin;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--email" when value is not null: email = value; i++; break;
                case "--password" when value is not null: password = value; i++; break;
                case "--role" when value is not null: role = AdminRoles.All.FirstOrDefault(r => r.Equals(value, StringComparison.OrdinalIgnoreCase)) ?? value; i++; break;
                default:
                    await error.WriteLineAsync($"Unexpected argument '{args[i]}'. Usage: {Usage}");
                    return 2;
            }
        }

        if (string.IsNullOrWhiteSpace(email))
        {
            await error.WriteLineAsync("--email is required. Usage: " + Usage);
            return 2;
        }

        if (password is null)
        {
            var prompt = PromptPassword ?? (Console.IsInputRedirected ? null : label => ReadHidden(output, label));
            if (prompt is null)
            {
                await error.WriteLineAsync("No password given: pass --password or run in a terminal to be prompted.");
                return 2;
            }

            await output.WriteLineAsync(PasswordRules.Describe(services.GetRequiredService<IOptions<IdentityOptions>>().Value.Password));
            password = prompt("Password: ");
            if (string.IsNullOrEmpty(password))
            {
                await error.WriteLineAsync("No password given.");
                return 2;
            }

            if (!string.Equals(prompt("Repeat the password: "), password, StringComparison.Ordinal))
            {
                await error.WriteLineAsync("The two passwords differ; nothing was created.");
                return 2;
            }
        }

        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
        var problem = await AdminAccounts.CreateAsync(
            scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>(),
            scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>(),
            email, password, role);
        if (problem is not null)
        {
            await error.WriteLineAsync(problem);
            return 1;
        }

        await output.WriteLineAsync($"Created {role} account {email}.");
        return 0;
    }

    private static string ReadHidden(TextWriter output, string label)
    {
        output.Write(label);
        output.Flush();
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        output.WriteLine();
        return text.ToString();
    }
}
