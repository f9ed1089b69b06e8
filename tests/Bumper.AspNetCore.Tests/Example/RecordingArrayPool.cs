using System.Buffers;
using System.Numerics;

namespace Bumper.AspNetCore.Tests.Example;

/// <summary>
/// An <see cref="ArrayPool{T}"/> that hands out new arrays rounded up to a power of two, as
/// <see cref="ArrayPool{T}.Shared"/> does, and records every rental and return.
/// </summary>
public sealed class RecordingArrayPool : ArrayPool<double>
{
    private readonly List<double[]> _outstanding = [];

    /// <summary>The lengths of the arrays rented, in order.</summary>
    public List<int> Rented { get; } = [];

    /// <summary>The lengths of the arrays returned, in order.</summary>
    public List<int> Returned { get; } = [];

    /// <summary>How many rented arrays have not come back.</summary>
    public int Outstanding => _outstanding.Count;

    /// <inheritdoc />
    public override double[] Rent(int minimumLength)
    {
        var array = new double[BitOperations.RoundUpToPowerOf2((uint)Math.Max(minimumLength, 16))];
        Rented.Add(array.Length);
        _outstanding.Add(array);
        return array;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The array was not rented here, or was returned already.</exception>
    public override void Return(double[] array, bool clearArray = false)
    {
        if (!_outstanding.Remove(array))
        {
            throw new InvalidOperationException($"An array of {array.Length} that is not out was returned.");
        }

        Returned.Add(array.Length);
    }
}
