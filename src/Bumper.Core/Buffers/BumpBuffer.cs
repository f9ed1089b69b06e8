// The bump pointer: its fields, its invariants, and every path that moves it, fast and slow side by
// side. Invariants (relied on here, in the other BumpBuffer.*.cs files and by the derived buffers):
//   - While the buffer is alive: _blockStart <= _current <= _limit, and [_blockStart, _limit) lies
//     inside the current block. Every byte of [_blockStart, _current) belongs to a live allocation or
//     to the padding in front of one; every byte of [_current, _limit) is free.
//   - _limit may stop short of the block's end (StopFastAllocation), to send the next allocation to
//     the slow path; the fast path never bumps past _limit.
//   - _state names the block layout (which block is current, how many extra blocks exist). A
//     checkpoint whose State equals _fastState lies in the current block, so restoring it only moves
//     _current back. _fastState is Unmatchable while the buffer is checked, disposed, lent to a
//     cursor or wants every save and restore to take the slow path.
//   - _blockHigh >= every value _current had since the block was entered, except allocations made
//     since the last restore (PeakBytesUsed takes the larger of the two).
//   - Once disposed: _current == _limit == _blockStart == 0, so every non-empty allocation misses
//     the fast path and reaches the disposed check.
//   - Every check of a slow path comes before its first change, so a refused call changes nothing.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// The common base of Bumper's built-in buffers (<see cref="AllocBuffer"/>, <see cref="ResizeBuffer"/>
/// and, outside <c>BUMPER_AOT</c> builds, <c>SlabBuffer</c>): a bump pointer that hands out
/// memory by moving forward, and moves back to a <see cref="Checkpoint"/> when a scope ends.
/// </summary>
/// <remarks>
/// <para>
/// Allocation, <see cref="Save"/> and <see cref="Restore"/> are a few inlinable instructions with no
/// virtual call, lock or GC allocation; the rare work (a new slab, an overflow block, errors) happens
/// in out-of-line methods of the derived buffer.
/// </para>
/// <para>
/// A buffer is not thread-safe: use it from one thread at a time (<see cref="Bump.DefaultBuffer"/>
/// gives each thread its own). In checked mode, opening a scope on a buffer while another thread has
/// one open on it throws <see cref="InvalidOperationException"/>.
/// </para>
/// <para>
/// Do not let memory from a buffer outlive the scope (or the checkpoint) it was allocated under:
/// after the scope ends the same bytes are handed out again. In checked mode (see
/// <see cref="IsChecked"/>) released bytes are overwritten with the poison byte <c>0xDB</c>, so a
/// span that escaped reads garbage loudly instead of silently.
/// </para>
/// </remarks>
public abstract unsafe partial class BumpBuffer : IBumpAllocator, IDisposable
{
    /// <summary>The alignment of <see cref="AllocPtr"/> when none is given: 16 bytes, as malloc's.</summary>
    public const int DefaultAlignment = Limits.DefaultAlignment;

    /// <summary>The largest alignment <see cref="AllocPtr"/> accepts: 4096 bytes.</summary>
    public const int MaxAlignment = Limits.MaxAlignment;

    /// <summary>A <see cref="_fastState"/> no checkpoint's state equals, which closes the fast save and restore.</summary>
    private const long Unmatchable = long.MinValue;

    /// <summary>The next free byte.</summary>
    private nuint _current;

    /// <summary>The end of the room the fast path may bump into.</summary>
    private nuint _limit;

    /// <summary>The start of the current block.</summary>
    private nuint _blockStart;

    /// <summary>The highest <see cref="_current"/> in this block up to the last restore.</summary>
    private nuint _blockHigh;

    /// <summary>The block layout, as the derived buffer encodes it in checkpoints.</summary>
    private long _state;

    /// <summary><see cref="_state"/> when checkpoints may save and restore on the fast path, otherwise <see cref="Unmatchable"/>.</summary>
    private long _fastState;

    /// <summary>Bytes in use in the blocks before the current one.</summary>
    private long _usedBefore;

    /// <summary>The peak recorded when the buffer last left a block.</summary>
    private long _peak;

    /// <summary>Checked mode's bookkeeping; null when the buffer is unchecked.</summary>
    private CheckedState? _checks;

    /// <summary>The bookkeeping kept aside while checked mode is turned off, to go on from when it is on again.</summary>
    private CheckedState? _pausedChecks;

    /// <summary>Whether <see cref="Dispose"/> has released the memory.</summary>
    private bool _disposed;

    /// <summary>Whether every save and restore takes the slow path (a derived buffer's choice).</summary>
    private bool _slowCheckpoints;

    /// <summary>Whether a cursor holds the pointer (see BumpBuffer.Cursor.cs).</summary>
    private bool _cursorOpen;

    /// <summary>The lowest position the open cursor may have: where it took over in the current block.</summary>
    private nuint _cursorStart;

    /// <summary>The end of the open cursor's room (the buffer's own limit while it is lent).</summary>
    private nuint _cursorLimit;

    /// <summary>The most memory the buffer may hold (<see cref="MaxCapacity"/>).</summary>
    private long _maxCapacity = long.MaxValue;

    /// <summary>How many allocations <see cref="MaxCapacity"/> has refused.</summary>
    private long _maxCapacityRefusals;

    /// <summary>The most memory kept past the blocks in use (<see cref="MaxRetainedBytes"/>).</summary>
    private long _maxRetained = long.MaxValue;

    private protected BumpBuffer()
    {
        _checks = CheckedMode.DefaultForNewBuffers ? new CheckedState() : null;
    }

    /// <summary>
    /// Allocates <paramref name="byteCount"/> bytes aligned to <paramref name="alignment"/> and returns
    /// their address, outside any scope's bookkeeping. Bumper.jl: <c>Bumper.alloc_ptr!(buf, n)</c>.
    /// </summary>
    /// <param name="byteCount">How many bytes; zero gives a valid, unique-enough address.</param>
    /// <param name="alignment">A power of two from 1 to <see cref="MaxAlignment"/>.</param>
    /// <returns>The address of the first byte; valid until the buffer is restored past it, reset or freed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteCount"/> is negative, or <paramref name="alignment"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="alignment"/> is not a power of two or exceeds <see cref="MaxAlignment"/>.</exception>
    /// <exception cref="BufferFullException">An <see cref="AllocBuffer"/> has no room; it is left unchanged.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void* AllocPtr(nint byteCount, int alignment = DefaultAlignment)
    {
        if (byteCount < 0)
        {
            ThrowHelper.ThrowNegativeByteCount(byteCount);
        }

        return Bump((nuint)byteCount, Views.AlignMaskOf(alignment));
    }

    /// <summary>
    /// Allocates an uninitialised span of <paramref name="length"/> elements outside any scope.
    /// Bumper.jl: <c>Bumper.alloc!(buf, T, n)</c>. Prefer <see cref="NoEscapeScope.Alloc{T}(int)"/>:
    /// nothing here releases the memory except <see cref="Restore"/>, <see cref="Reset"/> or an
    /// enclosing scope, and nothing stops the span from outliving it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="BufferFullException">An <see cref="AllocBuffer"/> has no room; it is left unchanged.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> Alloc<T>(int length)
        where T : unmanaged
    {
        void* p = Bump(Views.SpanByteCount<T>(length), Views.AlignMask<T>());
        return new Span<T>(p, length);
    }

    /// <summary>The bump: the whole fast path of every allocation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void* Bump(nuint byteCount, nuint alignMask)
    {
        // Round up, then compare the end: a user-space address plus a mask below 4096 cannot wrap, nor
        // can the rounded address plus byteCount < 2^63; a start rounded past _limit gives an end past
        // it too. Three dependent instructions from one _current to the next, as in BumpCursor.
        nuint start = (_current + alignMask) & ~alignMask;
        nuint end = start + byteCount;
        if (end > _limit)
        {
            return AllocOutOfLine(byteCount, alignMask);
        }

        _current = end;
        Debug.Assert(_blockStart <= start && end <= _limit, "the bump stays inside [_blockStart, _limit)");
        Debug.Assert((start & alignMask) == 0, "the bump's result is aligned");
        return (void*)start;
    }

    /// <summary>The bump's slow path: a refusal, or the derived buffer's new slab or block.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void* AllocOutOfLine(nuint byteCount, nuint alignMask)
    {
        ThrowIfDisposed();
        if (HasOpenCursor)
        {
            ThrowHelper.ThrowAllocWhileCursorOpen();
        }

        void* p = AllocSlow(byteCount, alignMask);
        Debug.Assert(((nuint)p & alignMask) == 0, "the slow path's result is aligned");
        return p;
    }

    /// <summary>
    /// Records the buffer's position, to go back to with <see cref="Restore"/>.
    /// Bumper.jl: <c>checkpoint_save(buf)</c>. Two saves with nothing allocated or released between
    /// them are the same checkpoint (equal, in checked mode too), so restoring one never kills the
    /// other, and checked mode keeps one record for both.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The buffer has been freed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Checkpoint Save()
    {
        if (_fastState == Unmatchable)
        {
            return SaveSlow(forScope: false);
        }

        return new Checkpoint(_current, _state, 0);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Checkpoint SaveSlow(bool forScope)
    {
        ThrowIfDisposed();
        if (HasOpenCursor)
        {
            ThrowHelper.ThrowSaveWhileCursorOpen();
        }

        (nuint position, long state) = SlowSavePoint(_current, _state);
        return new Checkpoint(position, state, _checks?.Save(position, state, forScope) ?? 0);
    }

    /// <summary>
    /// Releases everything allocated since <paramref name="checkpoint"/> was saved.
    /// Bumper.jl: <c>checkpoint_restore!(cp)</c>. Restoring the same checkpoint again is allowed;
    /// restoring one saved after a checkpoint that was restored since is not (it is dead). A refused
    /// restore changes nothing: the position, the figures and every live checkpoint stay as they were.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The checkpoint does not describe a position this buffer has now (it belongs to another buffer,
    /// or the buffer was restored past it or reset), or, in checked mode, it is dead.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The buffer has been freed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Restore(Checkpoint checkpoint) => MoveTo(checkpoint.Position, checkpoint.State, checkpoint.Serial, closesScope: false);

    /// <summary>
    /// The restore, for <see cref="Restore"/> and a scope's end (<paramref name="closesScope"/>, a
    /// constant once inlined): a checkpoint of the current layout at or below the pointer only moves
    /// the pointer back. Checked, disposed and lent buffers never match <see cref="_fastState"/>, so
    /// they take the slow path. The fast path is written out here rather than in a helper returning
    /// whether it applied: the JIT kept such a helper's result in memory inside a scope's finally.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MoveTo(nuint position, long state, int serial, bool closesScope)
    {
        if (state == _fastState && position - _blockStart <= _current - _blockStart)
        {
            MoveBack(position);
            return;
        }

        if (closesScope)
        {
            CloseScopeSlow(position, state, serial);
        }
        else
        {
            RestoreSlow(new Checkpoint(position, state, serial));
        }
    }

    /// <summary>Moves the pointer back to <paramref name="position"/> in the current block, keeping the peak.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MoveBack(nuint position)
    {
        Debug.Assert(_blockStart <= position && position <= _current, "a restore moves the pointer back inside its block");
        if (_current > _blockHigh)
        {
            _blockHigh = _current;
        }

        _current = position;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RestoreSlow(in Checkpoint checkpoint)
    {
        ThrowIfDisposed();
        bool inBlock = checkpoint.State == _state;
        if (inBlock)
        {
            if (checkpoint.Position - _blockStart > _current - _blockStart)
            {
                ThrowHelper.ThrowForeignCheckpoint();
            }
        }
        else
        {
            CheckRestorable(checkpoint);
        }

        int kept = _checks?.KeptBy(checkpoint.Serial) ?? 0;

        // Every check has passed: from here on the restore happens.
        _checks?.Release(kept);

        if (!inBlock)
        {
            RestoreBlocks(checkpoint);
            return;
        }

        AbandonCursor();
        PoisonCurrentBlock(checkpoint.Position);
        MoveBack(checkpoint.Position);
        OnRestoredInBlock();
    }

    /// <summary>
    /// Whether a scope may open by reading <see cref="CurrentPosition"/> and <see cref="CurrentState"/>
    /// (with serial 0), as <see cref="Save"/>'s fast path does; otherwise <see cref="OpenScopeSlow"/>.
    /// A scope reads the fields itself rather than take a <see cref="Checkpoint"/>: a struct returned
    /// through either of two paths is built in memory and copied, where two loads are all an
    /// unchecked scope needs.
    /// </summary>
    internal bool OpensScopesFast
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _fastState != Unmatchable;
    }

    /// <summary>The bump pointer: where a scope opening on the fast path starts, and where a cursor continues after <see cref="CursorRefill"/>.</summary>
    internal nuint CurrentPosition => _current;

    /// <summary>The start of the block being bumped (what <see cref="BytesUsed"/> counts the current block from).</summary>
    internal nuint CurrentBlockStart => _blockStart;

    /// <summary>The block layout a scope opening on the fast path records.</summary>
    internal long CurrentState => _state;

    /// <summary>
    /// A scope's opening when <see cref="OpensScopesFast"/> is false: a slow save, which in checked mode
    /// also claims the buffer for this thread and makes the scope the innermost one. A checked scope's
    /// serial is never 0, which is how a scope tells that it is checked.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal Checkpoint OpenScopeSlow()
    {
        _checks?.CheckOwner(GetType().Name);
        Checkpoint checkpoint = SaveSlow(forScope: true);
        _checks?.OpenScope(checkpoint.Serial);
        return checkpoint;
    }

    /// <summary>Checked mode's test that the scope with <paramref name="serial"/> may allocate now.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void CheckScopeUse(int serial)
    {
        ThrowIfDisposed();
        _checks?.CheckScopeUse(serial);
    }

    /// <summary>A scope's end: the restore fast path, or checked mode's bookkeeping and the slow restore.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void CloseScope(nuint position, long state, int serial) => MoveTo(position, state, serial, closesScope: true);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CloseScopeSlow(nuint position, long state, int serial)
    {
        // A scope that outlives its buffer has nothing left to release.
        if (_disposed)
        {
            return;
        }

        // A scope opened unchecked (before checked mode was turned on) is not in the bookkeeping.
        CheckedState? checks = serial != 0 ? _checks : null;
        checks?.CheckCloseOrder(serial);

        // RestoreSlow refuses before it changes anything, so a refused close leaves the scope innermost.
        RestoreSlow(new Checkpoint(position, state, serial));
        checks?.CloseScope();
    }

    private void UpdateFastState() =>
        _fastState = _checks is not null || _disposed || _slowCheckpoints || _cursorOpen ? Unmatchable : _state;
}
