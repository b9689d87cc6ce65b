using GrcCloud.Host.Features.Statistics;

namespace GrcCloud.Tests.Statistics;

/// <summary>Percentiles over several sorted arrays equal those of the merged, sorted values (percentile_cont's interpolation).</summary>
public sealed class SortedDelaysTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(12, 40)]
    [InlineData(60, 3)]
    public void Percentiles_of_sorted_parts_equal_those_of_the_whole(int parts, int perPart)
    {
        var random = new Random(parts * 1000 + perPart);
        // Delays from minutes to a month, with repeats (whole quarter hours) and a negative one (a data error still ordered).
        var arrays = Enumerable.Range(0, parts)
            .Select(p => Enumerable.Range(0, random.Next(0, perPart + 1))
                .Select(_ => random.Next(4) == 0 ? Math.Round(random.NextDouble() * 30 * 96) / 96 : random.NextDouble() * 30)
                .Append(p == 0 ? -0.5 : 1.25).Order().ToArray())
            .ToList();
        var whole = arrays.SelectMany(a => a).Order().ToArray();

        foreach (var fraction in new[] { 0.0, 0.1, 0.5, 0.9, 1.0 })
            Assert.Equal(Interpolated(whole, fraction), SortedDelays.Percentile(arrays, whole.Length, fraction), 12);
        for (var k = 0; k < whole.Length; k++)
            Assert.Equal(whole[k], SortedDelays.KthSmallest(arrays, k));
    }

    [Fact]
    public void The_worked_example_of_the_dashboard_test_gives_its_hand_values()
    {
        // DashboardFiguresTests: 8 delays in three months; median 2.0, 90th percentile 11.5.
        double[][] months = [[0.03125, 1.5], [1.958333333333, 3], [1.25, 2.041666666667, 10, 15]];
        foreach (var month in months)
            Array.Sort(month);
        Assert.Equal(2.0, SortedDelays.Percentile(months, 8, 0.5), 9);
        Assert.Equal(11.5, SortedDelays.Percentile(months, 8, 0.9), 9);
    }

    private static double Interpolated(double[] sorted, double fraction)
    {
        var rank = fraction * (sorted.Length - 1);
        var below = (int)Math.Floor(rank);
        var above = (int)Math.Ceiling(rank);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }
}
