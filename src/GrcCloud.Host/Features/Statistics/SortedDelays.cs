namespace GrcCloud.Host.Features.Statistics;

/// <summary>
/// Percentiles over many sorted arrays of delays (the rollup keeps each month's delays sorted) without
/// merging or sorting them again: the k-th smallest value is found by bisecting on the values' order,
/// counting at each step how many are below in every array (a binary search each). Exact, and the
/// same interpolation as PostgreSQL's percentile_cont.
/// </summary>
public static class SortedDelays
{
    public static double Percentile(IReadOnlyList<double[]> sorted, long count, double fraction)
    {
        var rank = fraction * (count - 1);
        var below = (long)Math.Floor(rank);
        var above = (long)Math.Ceiling(rank);
        var low = KthSmallest(sorted, below);
        return above == below ? low : low + (rank - below) * (KthSmallest(sorted, above) - low);
    }

    /// <summary>The value at rank <paramref name="k"/> (0-based) of all the arrays together.</summary>
    public static double KthSmallest(IReadOnlyList<double[]> sorted, long k)
    {
        var low = long.MaxValue;
        var high = long.MinValue;
        foreach (var values in sorted)
        {
            if (values.Length == 0)
                continue;
            low = Math.Min(low, Key(values[0]));
            high = Math.Max(high, Key(values[^1]));
        }
        // The smallest key whose count of values at or below it exceeds k is a value of the arrays.
        while (low < high)
        {
            var middle = (long)(((Int128)low + high) >> 1); // no overflow across the sign
            if (CountAtOrBelow(sorted, Value(middle)) > k)
                high = middle;
            else
                low = middle + 1;
        }
        return Value(low);
    }

    private static long CountAtOrBelow(IReadOnlyList<double[]> sorted, double value)
    {
        long count = 0;
        foreach (var values in sorted)
        {
            int first = 0, last = values.Length;
            while (first < last)
            {
                var middle = (first + last) >>> 1;
                if (values[middle] <= value)
                    first = middle + 1;
                else
                    last = middle;
            }
            count += first;
        }
        return count;
    }

    /// <summary>A long that orders as the double does (negative values too); its own inverse.</summary>
    private static long Key(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        return bits >= 0 ? bits : bits ^ long.MaxValue;
    }

    private static double Value(long key) => BitConverter.Int64BitsToDouble(key >= 0 ? key : key ^ long.MaxValue);
}
