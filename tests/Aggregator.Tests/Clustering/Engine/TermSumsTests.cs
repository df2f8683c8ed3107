using Aggregator.Web.Clustering.Engine;

namespace Aggregator.Tests.Clustering.Engine;

public class TermSumsTests
{
    [Fact]
    public void AgreesWithADictionaryAndListsKeysInTheOrderTheyCame()
    {
        var random = new Random(11);
        var sums = new TermSums();
        for (var round = 0; round < 20; round++)
        {
            sums.Clear();
            var expected = new Dictionary<int, float>();
            var order = new List<int>();
            var adds = random.Next(1, 3000);
            for (var step = 0; step < adds; step++)
            {
                // Zero, negative and colliding keys included.
                var key = random.Next(-400, 400) * 65536;
                var weight = (float)random.NextDouble();
                sums.Add(key, weight);
                if (!expected.TryAdd(key, weight))
                {
                    expected[key] += weight;
                }
                else
                {
                    order.Add(key);
                }
            }

            Assert.Equal(order, sums.Keys.ToArray());
            Assert.Equal(order.Select(k => expected[k]), sums.Values.ToArray());
            Assert.All(order, k => Assert.Equal(expected[k], sums.Get(k)));
            Assert.Equal(0f, sums.Get(401 * 65536));
        }
    }
}
