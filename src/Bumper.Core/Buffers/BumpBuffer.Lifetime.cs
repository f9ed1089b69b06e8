// What a buffer reports and how it ends: figures, checked mode, reset, dispose. Relies on the
// invariants written at the top of BumpBuffer.cs.
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Bumper.Internal;

namespace Bumper;

public abstract unsafe partial class BumpBuffer
{
    /// <summary>
    /// Bytes handed out and not yet released: allocations, the padding that aligned them, and the
    /// unused tails of slabs left behind for a new one.
    /// </summary>
    public long BytesUsed => _usedBefore + (long)(_current - _blockStart);

    /// <summary>Bytes of memory the buffer holds now, used or free.</summary>
    public abstract long Capacity { get; }

    /// <summary>The largest <see cref="BytesUsed"/> seen since the buffer was made or last reset.</summary>
    public long PeakBytesUsed
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            nuint high = _blockHigh > _current ? _blockHigh : _current;
            return Math.Max(_peak, _usedBefore + (long)(high - _blockStart));
        }
    }

    /// <summary>How many slabs or blocks the buffer is allocating from now (1 for an <see cref="AllocBuffer"/>).</summary>
    public virtual int BlocksInUse => 1;

    /// <summary>How many blocks of memory the buffer holds: those in use, those kept for reuse, and dedicated blocks (1 for an <see cref="AllocBuffer"/>).</summary>
    public virtual int BlocksHeld => 1;

    /// <summary>Whether <see cref="Dispose"/> (or <c>Free</c>) has released the buffer's memory.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>
    /// Checked mode: restoring a dead checkpoint, allocating through an outer scope while an inner
    /// one is open, disposing scopes out of order, allocating from a thread other than the scope's
    /// and opening a scope while another thread has one open throw <see cref="InvalidOperationException"/>,
    /// and released bytes are poisoned.
    /// </summary>
    /// <remarks>
    /// <para>
    /// On by default in a Debug build of Bumper.Core; in Release, on when the <c>Bumper.CheckedMode</c>
    /// <see cref="AppContext"/> switch is set. Setting the value the buffer already has changes nothing.
    /// </para>
    /// <para>
    /// Turning it off is refused while a checked scope is open. Turned on while unchecked scopes are
    /// open, those scopes stay unchecked (unchecked scopes keep no count of themselves, to stay cheap).
    /// Checkpoints saved while unchecked restore in checked mode without a liveness check, and
    /// restoring one kills every checkpoint saved since checked mode was turned on. Turned off and on
    /// again, checkpoints saved in checked mode that were alive when it was turned off still restore,
    /// without a liveness check (restores made while it was off are not recorded); those already dead
    /// then stay dead, and a reset kills them all. Freeing the buffer closes its scopes, so on a freed
    /// buffer it can always be changed.
    /// </para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">Turning it off while a checked scope is open on this buffer.</exception>
    public bool IsChecked
    {
        get => _checks is not null;
        set
        {
            if (value == _checks is not null)
            {
                return;
            }

            if (_checks is { Depth: > 0 } checks)
            {
                ThrowHelper.ThrowCheckedModeLocked(checks.Depth);
            }

            if (value)
            {
                _checks = _pausedChecks ?? new CheckedState();
                _pausedChecks = null;
                _checks.Resume();
            }
            else
            {
                _pausedChecks = _checks;
                _checks = null;
            }

            UpdateFastState();
        }
    }

    /// <summary>How many saves checked mode holds a record of (0 when unchecked): what tests read to see that rounds of saves and scopes leave none behind.</summary>
    internal int CheckpointRecords => (_checks ?? _pausedChecks)?.Records ?? 0;

    /// <summary>Makes <paramref name="lastSerial"/> the last checkpoint serial handed out (checked mode), so tests cross the counter's wrap.</summary>
    internal void StartSerialsAfter(int lastSerial) => (_checks ?? _pausedChecks)?.StartAfter(lastSerial);

    /// <summary>
    /// Releases every allocation and returns the buffer to its freshly made state (keeping its first
    /// block), whatever scopes or checkpoints are outstanding: those are dead afterwards.
    /// Bumper.jl: <c>reset_buffer!(buf)</c>; use it to recover from a leak.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The buffer has been freed.</exception>
    public void Reset()
    {
        ThrowIfDisposed();
        // Stryker disable once Statement : every ResetBlocks ends by entering a block, which ends the cursor and resets the limit itself
        AbandonCursor();
        if (_checks is not null)
        {
            PoisonCurrentBlock(_blockStart);
            _checks.Clear();
        }

        _pausedChecks?.Clear();

        ResetBlocks();
        _peak = 0;
        _blockHigh = _current;
        // Stryker disable once Statement : every ResetBlocks ends by entering a block, which updates the fast state itself
        UpdateFastState();
    }

    /// <summary>Releases the buffer's memory; calling it again does nothing. Any later use throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        // Stryker disable once Block,Statement : every later step of Dispose does nothing more on a freed buffer
        if (_disposed)
        {
            return;
        }

        AbandonCursor();
        _disposed = true;
        FreeBlocks();
        _current = _limit = _blockStart = _blockHigh = 0;
        _usedBefore = 0;
        _checks?.Clear();
        _pausedChecks?.Clear();
        UpdateFastState();
        // Stryker disable once Statement : the finalizer then frees blocks that are already freed, which does nothing
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Shows the buffer's kind and its figures, e.g. <c>AllocBuffer(used 96 B of 131072 B, peak 96 B, 1 block)</c>
    /// or <c>SlabBuffer(used 0 B of 2048 B, peak 1124 B, 1 of 2 blocks in use, checked)</c>.
    /// </summary>
    public override string ToString() => _disposed
        ? $"{GetType().Name}(freed)"
        : $"{GetType().Name}(used {BytesUsed} B of {Capacity} B, peak {PeakBytesUsed} B, {BlockFigures()}{(IsChecked ? ", checked" : "")})";

    private string BlockFigures() => BlocksInUse == BlocksHeld
        ? $"{BlocksHeld} block{(BlocksHeld == 1 ? "" : "s")}"
        : $"{BlocksInUse} of {BlocksHeld} blocks in use";

    /// <summary>
    /// Opens a no-escape scope: everything allocated through it is released when it is disposed,
    /// also when an exception leaves the block. Bumper.jl: <c>@no_escape buf begin ... end</c>.
    /// </summary>
    /// <example>
    /// <code>
    /// var buf = new SlabBuffer();
    /// using (var scope = buf.NoEscape())
    /// {
    ///     Span&lt;double&gt; tmp = scope.Alloc&lt;double&gt;(n);
    ///     // ... use tmp; it must not outlive the block
    /// }
    /// </code>
    /// </example>
    /// <exception cref="InvalidOperationException">In checked mode, another thread has a scope open on this buffer.</exception>
    /// <exception cref="ObjectDisposedException">The buffer has been freed.</exception>
    public NoEscapeScope NoEscape() => new(this);

    /// <summary>
    /// Allocates an uninitialised row-major <paramref name="rows"/> x <paramref name="columns"/>
    /// matrix outside any scope (see <see cref="Alloc{T}(int)"/> for the caveats).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A length is negative or the size overflows.</exception>
    public MatrixSpan<T> Alloc<T>(nint rows, nint columns)
        where T : unmanaged
    {
        nuint bytes = Views.TensorByteCount<T>([rows, columns], out _);
        return Views.Matrix<T>(Bump(bytes, Views.AlignMask<T>()), rows, columns);
    }

    /// <summary>
    /// Allocates an uninitialised row-major tensor with the given <paramref name="lengths"/> outside any
    /// scope (see <see cref="Alloc{T}(int)"/> for the caveats). An empty <paramref name="lengths"/>
    /// gives a one-element tensor of rank zero's storage viewed as rank one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A length is negative or the size overflows.</exception>
    public TensorSpan<T> Alloc<T>(params scoped ReadOnlySpan<nint> lengths)
        where T : unmanaged
    {
        nuint bytes = Views.TensorByteCount<T>(lengths, out nint elements);
        return Views.Tensor<T>(Bump(bytes, Views.AlignMask<T>()), elements, lengths);
    }

    private protected void ThrowIfDisposed()
    {
        if (_disposed)
        {
            ThrowHelper.ThrowDisposed(this);
        }
    }
}
