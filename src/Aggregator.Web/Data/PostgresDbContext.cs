using Microsoft.EntityFrameworkCore;

namespace Aggregator.Web.Data;

/// <summary>
/// <see cref="AppDbContext"/> on PostgreSQL. A type of its own only so that EF keeps PostgreSQL's migrations and model
/// snapshot (Data/PostgresMigrations) apart from SQLite's; the app always asks for <see cref="AppDbContext"/>.
/// </summary>
public sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : AppDbContext(options);
