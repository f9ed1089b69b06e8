// How much memory a buffer may hold and how much it keeps between rounds: the limit (MaxCapacity),
// the memory kept for reuse (RetainedBytes, MaxRetainedBytes, TrimExcess), and the helpers the
// derived slow paths judge a new block with. Relies on the invariants written at the top of
// BumpBuffer.cs; nothing here moves the pointer.
using System.Diagnostics.CodeAnalysis;
using Bumper.Internal;

namespace Bumper;

public abstract unsafe partial class BumpBuffer
{
    /// <summary>
    /// The most memory the buffer may hold (<see cref="Capacity"/>, every block counted); unlimited
    /// by default. An allocation that would need more throws <see cref="BufferFullException"/>, whose
    /// <see cref="BufferFullException.Capacity"/> is this limit, and leaves the buffer unchanged: a
    /// service's guard against a request that asks for too much. Near the limit a new block is only as
    /// large as the limit leaves. An <see cref="AllocBuffer"/> never takes more memory, so it refuses at
    /// its own capacity and never reaches this limit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below the memory the buffer holds now.</exception>
    public long MaxCapacity
    {
        get => _maxCapacity;
        set
        {
            long held = Capacity;
            if (value < held)
            {
                ThrowHelper.ThrowLimitBelowCapacity(nameof(value), value, held);
            }

            _maxCapacity = value;
        }
    }

    /// <summary>How many allocations <see cref="MaxCapacity"/> has refused since the buffer was made.</summary>
    public long MaxCapacityRefusals => _maxCapacityRefusals;

    /// <summary>
    /// Bytes held in blocks that no live allocation uses: what a restore, a scope's end or a reset
    /// released and the buffer keeps, so the next round bumps through memory it already has instead of
    /// asking the system again (0 for an <see cref="AllocBuffer"/> and a <see cref="ResizeBuffer"/>, which
    /// keep one block). Part of <see cref="Capacity"/>.
    /// </summary>
    public virtual long RetainedBytes => 0;

    /// <summary>
    /// The most memory the buffer keeps past the blocks in use (<see cref="RetainedBytes"/>) when a
    /// restore, a scope's end or a reset releases blocks; what lies past it goes back to the system,
    /// the blocks furthest from use first. Unlimited by default: a buffer then keeps about what its
    /// peak of use needed plus one block. A <see cref="ResizeBuffer"/> keeps one main block, which its
    /// regrows do not grow past this (nor past its first size, whichever is larger). Setting it applies
    /// it at once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    /// <exception cref="ObjectDisposedException">The buffer has been freed.</exception>
    public long MaxRetainedBytes
    {
        get => _maxRetained;
        set
        {
            if (value < 0)
            {
                ThrowHelper.ThrowNegativeRetention(nameof(value), value);
            }

            ThrowIfDisposed();
            _maxRetained = value;
            TrimBlocks(value);
        }
    }

    /// <summary>
    /// Returns to the system every block that holds no live allocation: the blocks past the one in
    /// use and the kept dedicated blocks (a <see cref="ResizeBuffer"/> that is empty goes back to a main
    /// block of its first size). Live allocations, checkpoints and scopes are untouched.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The buffer has been freed.</exception>
    /// <exception cref="OutOfMemoryException">A <see cref="ResizeBuffer"/>'s smaller main block could not be allocated; nothing changed.</exception>
    public void TrimExcess()
    {
        ThrowIfDisposed();
        TrimBlocks(0);
    }

    /// <summary>Returns blocks that hold no live allocation until at most <paramref name="maxRetained"/> bytes of them are kept.</summary>
    private protected virtual void TrimBlocks(long maxRetained)
    {
    }

    /// <summary>What <see cref="MaxCapacity"/> leaves for a new block when the buffer holds <paramref name="held"/> bytes.</summary>
    private protected nuint RoomUnderLimit(long held) => (nuint)Math.Max(0, _maxCapacity - held);

    /// <summary>
    /// Refuses a request that would take the buffer past <see cref="MaxCapacity"/>: counts it and throws
    /// <see cref="BufferFullException"/> with the bytes it needs at the pointer (padding included), the
    /// bytes in use, the bytes held and the limit.
    /// </summary>
    [DoesNotReturn]
    private protected void RefuseAtLimit(nuint byteCount, nuint alignMask)
    {
        _maxCapacityRefusals++;
        ThrowHelper.ThrowAtLimit(RequestedAtPointer(byteCount, alignMask), BytesUsed, Capacity, _maxCapacity);
    }

    /// <summary>
    /// Refuses a request that does not fit a fixed block: <see cref="BufferFullException"/> with the
    /// bytes it needs at the pointer (padding included), the bytes in use and <paramref name="capacity"/>.
    /// </summary>
    [DoesNotReturn]
    private protected void ThrowFull(nuint byteCount, nuint alignMask, long capacity) =>
        ThrowHelper.ThrowBufferFull(RequestedAtPointer(byteCount, alignMask), BytesUsed, capacity);

    /// <summary>The bytes a request needs at the pointer, its alignment padding included, saturated at <see cref="long.MaxValue"/>.</summary>
    private long RequestedAtPointer(nuint byteCount, nuint alignMask)
    {
        nuint pad = (0 - _current) & alignMask;
        // Stryker disable once Equality : at the boundary both branches give long.MaxValue
        return byteCount > long.MaxValue - pad ? long.MaxValue : (long)(byteCount + pad);
    }
}
