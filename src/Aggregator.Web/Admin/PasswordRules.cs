using Microsoft.AspNetCore.Identity;

namespace Aggregator.Web.Admin;

/// <summary>Beyond length: refuse passwords built from the account's own name or a well-known weak phrase.</summary>
internal sealed class PasswordRules : IPasswordValidator<IdentityUser>
{
    private static readonly string[] Weak = ["password", "123456", "qwerty", "letmein", "aggregator", "admin", "editor", "changeme"];

    /// <summary>The rules in one sentence, shown before a password is asked for.</summary>
    public static string Describe(PasswordOptions options) =>
        $"Passwords need at least {options.RequiredLength} characters, {options.RequiredUniqueChars} of them different (a passphrase of "
        + "a few words is ideal; no digits or symbols required), and must not contain the account's name or a common word "
        + "such as 'password' or '123456'.";

    public Task<IdentityResult> ValidateAsync(UserManager<IdentityUser> manager, IdentityUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }

        var errors = new List<IdentityError>();
        var local = (user.Email ?? user.UserName ?? "").Split('@')[0];
        if (local.Length >= 3 && password.Contains(local, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new IdentityError { Code = "PasswordContainsUserName", Description = "The password must not contain the account's name." });
        }

        if (Weak.Any(w => password.Contains(w, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(new IdentityError { Code = "PasswordTooCommon", Description = "The password contains a common word or sequence (such as 'password' or '123456'); choose another." });
        }

        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }
}
