using System.ComponentModel.DataAnnotations;
using Aggregator.Web.Admin;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Aggregator.Web.Pages.Account;

[EnableRateLimiting(AdminRoles.SignInRateLimit)]
public class LoginModel(SignInManager<IdentityUser> signIn) : PageModel
{
    public const string Refused = "The email address or password is not right, or the account is locked for a while after too many failed attempts. "
        + "Try again later, or ask an administrator.";

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            Error = "Enter your email address and password.";
            return Page();
        }

        // Every refusal reads the same and costs one password hash, so neither the words nor the time tell whether
        // an account exists or is locked.
        var users = signIn.UserManager;
        var user = await users.FindByNameAsync(Input.Email.Trim());
        if (user is null)
        {
            users.PasswordHasher.HashPassword(new IdentityUser(), Input.Password);
            Error = Refused;
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            // Only local addresses: a crafted link must not bounce a fresh sign-in to another site.
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/admin");
        }

        if (result.IsLockedOut)
        {
            // Identity refuses a locked account before checking its password.
            users.PasswordHasher.HashPassword(user, Input.Password);
        }

        Error = Refused;
        return Page();
    }

    public sealed class LoginInput
    {
        [Required, EmailAddress, Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required, DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }
}
