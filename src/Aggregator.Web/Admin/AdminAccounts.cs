using Aggregator.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Admin;

/// <summary>Creates newsroom accounts; used by the `admin create` verb and the first-start bootstrap.</summary>
internal static class AdminAccounts
{
    public static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in AdminRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var created = await roles.CreateAsync(new IdentityRole(role));
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException($"Could not create role {role}: {Describe(created)}");
                }
            }
        }
    }

    /// <summary>Returns null on success, else a person-readable reason.</summary>
    public static async Task<string?> CreateAsync(UserManager<IdentityUser> users, RoleManager<IdentityRole> roles, string email, string password, string role)
    {
        if (!AdminRoles.All.Contains(role))
        {
            return $"Unknown role '{role}'; use {string.Join(" or ", AdminRoles.All)}.";
        }

        if (!new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email))
        {
            return $"'{email}' is not an email address.";
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return $"An account for {email} already exists.";
        }

        await EnsureRolesAsync(roles);
        var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return Describe(created);
        }

        var added = await users.AddToRoleAsync(user, role);
        return added.Succeeded ? null : Describe(added);
    }

    public static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}

/// <summary>Makes sure the roles exist and, on a fresh install configured for it, creates the first Admin.</summary>
internal sealed class AdminBootstrapSeeder(
    UserManager<IdentityUser> users, RoleManager<IdentityRole> roles, IOptions<AdminOptions> options, ILogger<AdminBootstrapSeeder> logger) : IStartupSeeder
{
    public int Order => 10;

    public async Task SeedAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        await AdminAccounts.EnsureRolesAsync(roles);
        var o = options.Value;
        if (string.IsNullOrEmpty(o.BootstrapEmail) || string.IsNullOrEmpty(o.BootstrapPassword) || users.Users.Any())
        {
            return;
        }

        var email = o.BootstrapEmail;
        var error = await AdminAccounts.CreateAsync(users, roles, email, o.BootstrapPassword, AdminRoles.Admin);
        if (error is not null)
        {
            // Start anyway: the site serves readers; the operator fixes the setting or uses `admin create`.
            logger.LogError("Could not create the first admin {Email} from configuration: {Error}", email, error);
            return;
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Created the first admin account {Email} from configuration", email);
        }
    }
}
