using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests;

// The shared test files say [Fact] and [Theory]. Compiled here, inside namespace Aggregator.Tests, those names find
// these two before Xunit's (a namespace's own types come before its using directives), so each test skips with the
// reason when no PostgreSQL server is configured, instead of failing on a developer machine without one.

/// <summary>A fact that is skipped when no PostgreSQL server is configured.</summary>
public sealed class FactAttribute : Xunit.FactAttribute
{
    public FactAttribute()
    {
        Skip = TestDatabase.Unavailable;
    }
}

/// <summary>A theory that is skipped when no PostgreSQL server is configured.</summary>
public sealed class TheoryAttribute : Xunit.TheoryAttribute
{
    public TheoryAttribute()
    {
        Skip = TestDatabase.Unavailable;
    }
}
