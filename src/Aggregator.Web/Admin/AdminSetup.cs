using System.Threading.RateLimiting;
using Aggregator.Web.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Aggregator.Web.Admin;

public static class AdminSetup
{
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrEmpty(o.BootstrapEmail) == string.IsNullOrEmpty(o.BootstrapPassword),
                "Admin:BootstrapEmail and Admin:BootstrapPassword go together: set both or neither.")
            .ValidateOnStart();

        services.AddIdentity<IdentityUser, IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddPasswordValidator<PasswordRules>();
        services.AddOptions<IdentityOptions>().Configure<IOptions<AdminOptions>>((identity, admin) =>
        {
            var o = admin.Value;
            // Length over composition rules (NIST SP 800-63B): long passphrases are allowed and encouraged.
            identity.Password.RequiredLength = o.MinimumPasswordLength;
            identity.Password.RequireDigit = false;
            identity.Password.RequireLowercase = false;
            identity.Password.RequireUppercase = false;
            identity.Password.RequireNonAlphanumeric = false;
            identity.Password.RequiredUniqueChars = 5;
            identity.Lockout.AllowedForNewUsers = true;
            identity.Lockout.MaxFailedAccessAttempts = o.MaxFailedSignIns;
            identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(o.LockoutMinutes);
            identity.User.RequireUniqueEmail = true;
            identity.SignIn.RequireConfirmedAccount = false;
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<AdminOptions>, IHostEnvironment>((cookie, admin, environment) =>
            {
                cookie.LoginPath = "/account/login";
                cookie.LogoutPath = "/account/logout";
                cookie.AccessDeniedPath = "/account/access-denied";
                cookie.Cookie = new SignInCookieBuilder(SecurePolicy(admin.Value, environment))
                {
                    Name = "aggregator.auth", HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true,
                };
                cookie.ExpireTimeSpan = TimeSpan.FromHours(admin.Value.SessionHours);
                cookie.SlidingExpiration = true;
            });
        services.AddAntiforgery();
        services.AddOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>()
            .Configure<IOptions<AdminOptions>, IHostEnvironment>((antiforgery, admin, environment) =>
            {
                antiforgery.Cookie = new SignInCookieBuilder(SecurePolicy(admin.Value, environment))
                {
                    Name = "aggregator.af", HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true,
                };
            });
        // The notices shown after an editor's change travel in this cookie: it follows the same rules as the others.
        services.AddOptions<CookieTempDataProviderOptions>()
            .Configure<IOptions<AdminOptions>, IHostEnvironment>((tempData, admin, environment) =>
            {
                tempData.Cookie = new SignInCookieBuilder(SecurePolicy(admin.Value, environment))
                {
                    Name = "aggregator.notice", HttpOnly = true, SameSite = SameSiteMode.Strict,
                };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(AdminRoles.NewsroomPolicy, p => p.RequireAuthenticatedUser().RequireRole(AdminRoles.Admin, AdminRoles.Editor))
            .AddPolicy(AdminRoles.AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(AdminRoles.Admin));
        services.Configure<RazorPagesOptions>(pages =>
        {
            pages.Conventions.AuthorizeFolder("/Admin", AdminRoles.NewsroomPolicy);
            pages.Conventions.AuthorizeFolder("/Admin/Sources", AdminRoles.AdminPolicy);
        });

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(AdminRoles.SignInRateLimit, context =>
            {
                // Only attempts count: showing the form is free.
                if (!HttpMethods.IsPost(context.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("view");
                }

                var options = context.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.SignInPermitLimit,
                        Window = TimeSpan.FromSeconds(options.SignInWindowSeconds),
                        QueueLimit = 0,
                    });
            });
        });

        services.AddScoped<IStartupSeeder, AdminBootstrapSeeder>();
        services.AddScoped<AuditLog>();
        services.AddScoped<TopicEditor>();
        services.AddScoped<SourceEditor>();
        services.AddSingleton<OpmlImportJobs>();
        return builder;
    }

    public static WebApplication UseAdmin(this WebApplication app)
    {
        app.UseSignInTransportCheck();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    internal static CookieSecurePolicy SecurePolicy(AdminOptions options, IHostEnvironment environment) =>
        options.CookieSecurePolicy
        ?? (environment.IsDevelopment() || environment.IsEnvironment("Testing") ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
}
