using Aggregator.Web.Clustering.Engine;

namespace Aggregator.Tests.Clustering.Engine;

public class TermTableTests
{
    [Fact]
    public void AgreesWithADictionaryThroughRandomAddsRemovalsAndCompaction()
    {
        var random = new Random(7);
        var table = new TermTable();
        var expected = new Dictionary<int, (float Mass, int Count)>();

        for (var step = 0; step < 50_000; step++)
        {
            // Few distinct keys, so removals hit long probe runs and the table keeps growing and shrinking.
            var key = random.Next(1, 600) * (random.Next(2) == 0 ? 1 : -7919);
            switch (random.Next(10))
            {
                case < 6:
                    ref var entry = ref table.Upsert(key);
                    entry.Mass += 1;
                    entry.Count += 2;
                    var (mass, count) = expected.GetValueOrDefault(key);
                    expected[key] = (mass + 1, count + 2);
                    break;
                case < 9:
                    var slot = table.Find(key);
                    Assert.Equal(expected.ContainsKey(key), slot >= 0);
                    if (slot >= 0)
                    {
                        table.RemoveAt(slot);
                        expected.Remove(key);
                    }

                    break;
                default:
                    if (random.Next(50) == 0)
                    {
                        table.Compact();
                    }

                    break;
            }
        }

        Assert.Equal(expected.Count, table.Count);
        foreach (var (key, (mass, count)) in expected)
        {
            var slot = table.Find(key);
            Assert.True(slot >= 0, $"term {key} was lost");
            Assert.Equal(mass, table.Slots[slot].Mass);
            Assert.Equal(count, table.Slots[slot].Count);
        }

        Assert.Equal(expected.Count, table.Slots.Count(e => e.Key != 0));
    }

    [Fact]
    public void EntriesThatHoldNothingGoWhenAskedAndOnCompaction()
    {
        var table = new TermTable();
        table.Upsert(11).Mass = 1;
        table.Upsert(12).Title = 1;
        table.Upsert(13);

        table.RemoveIfEmpty(table.Find(11));
        Assert.True(table.Find(11) >= 0);
        table.Slots[table.Find(11)].Mass = 0;
        table.RemoveIfEmpty(table.Find(11));
        Assert.Equal(-1, table.Find(11));

        table.Compact();
        Assert.Equal(1, table.Count);
        Assert.True(table.Find(12) >= 0);
        Assert.Equal(-1, table.Find(13));
    }

    [Fact]
    public void ClearingThroughTheSlotsOfItsTermsLeavesAnEmptyTable()
    {
        var table = new TermTable();
        table.EnsureCapacity(300);
        var slots = new List<int>();
        for (var key = 1; key <= 300; key++)
        {
            table.Upsert(key * 31, out var slot).Count = 1;
            slots.Add(slot);
        }

        table.Clear(slots.ToArray());
        Assert.Equal(0, table.Count);
        Assert.All(table.Slots, e => Assert.Equal(0, e.Key));
    }
}
