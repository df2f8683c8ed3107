using Aggregator.Web.Data;

namespace Aggregator.Tests.Infrastructure;

public static partial class TestDatabase
{
    private const DatabaseProvider Engine = DatabaseProvider.Postgres;
}
