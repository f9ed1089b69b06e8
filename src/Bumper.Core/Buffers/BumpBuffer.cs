// Invariants of the bump pointer (relied on by every method below and by the derived buffers):
//   - While the buffer is alive: _blockStart <= _current <= _limit, and [_blockStart, _limit) lies
//     inside the current block. Every byte of [_blockStart, _current) belongs to a live allocation or
//     to the padding in front of one; every byte of [_current, _limit) is free.
//   - _limit may stop short of the block's end (ResizeBuffer does that to send the next allocation
//     to the slow path); the fast path never bumps past _limit.
//   - _state names the block layout (which block is current, how many extra blocks exist). A
//     checkpoint whose State equals _fastState lies in the current block, so restoring it only moves
//     _current back. _fastState is Unmatchable while the buffer is checked, disposed or wants every
//     save and restore to take the slow path.
//   - Once disposed: _current == _limit == _blockStart == 0, so every non-empty allocation misses
//     the fast path and reaches the disposed check.
//   - While a BumpCursor is open (_cursorOpen): the cursor owns [_current, _cursorLimit) and bumps
//     its own copy of the pointer; _limit == _current, so any allocation through the buffer misses
//     the fast path and is refused, and _fastState is Unmatchable, so every save and restore takes
//     the slow path, which refuses a save and ends (abandons) the cursor on a restore, reset or
//     dispose. The cursor writes its pointer back when it refills or is disposed.
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;
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
public abstract unsafe class BumpBuffer : IBumpAllocator, IDisposable
{
    /// <summary>The alignment of <see cref="AllocPtr"/> when none is given: 16 bytes, as malloc's.</summary>
    public const int DefaultAlignment = Limits.DefaultAlignment;

    /// <summary>The largest alignment <see cref="AllocPtr"/> accepts: 4096 bytes.</summary>
    public const int MaxAlignment = Limits.MaxAlignment;

    private const long Unmatchable = long.MinValue;

    private protected nuint _current;
    private protected nuint _limit;
    private protected nuint _blockStart;
    private protected long _state;
    private protected long _usedBefore;
    private protected long _peak;
    private long _fastState;
    private nuint _blockHigh;
    private bool _checked;
    private bool _disposed;
    private bool _slowCheckpoints;
    private int _depth;
    private int _owner;
    private int _innermost;
    private Stack<int>? _enclosing;
    private int _lastSerial;
    private CheckpointStack? _live;
    private bool _cursorOpen;
    private nuint _cursorStart;
    private nuint _cursorLimit;

    private protected BumpBuffer()
    {
        _checked = CheckedMode.DefaultForNewBuffers;
        if (_checked)
        {
            _live = new CheckpointStack();
            _enclosing = new Stack<int>();
        }
    }

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
    public virtual int SlabCount => 1;

    /// <summary>Whether <see cref="Dispose"/> (or <c>Free</c>) has released the buffer's memory.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>
    /// Checked mode: restoring a dead checkpoint, allocating through an outer scope while an inner
    /// one is open, disposing scopes out of order, allocating from a thread other than the scope's
    /// and opening a scope while another thread has one open throw <see cref="InvalidOperationException"/>,
    /// and released bytes are poisoned.
    /// </summary>
    /// <remarks>
    /// On by default in a Debug build of Bumper.Core; in Release, on when the <c>Bumper.CheckedMode</c>
    /// <see cref="AppContext"/> switch is set. It cannot be turned off while a checked scope is open;
    /// turned on while unchecked scopes are open, those scopes stay unchecked (Release scopes keep no
    /// count of themselves, to stay cheap). Changing it forgets which checkpoints are alive, so
    /// checkpoints taken before still restore but are no longer checked for being dead.
    /// </remarks>
    /// <exception cref="InvalidOperationException">A checked scope is open on this buffer.</exception>
    public bool IsChecked
    {
        get => _checked;
        set
        {
            if (_depth != 0)
            {
                ThrowHelper.ThrowMisuse($"Checked mode cannot change while {_depth} checked scope(s) are open on this buffer.");
            }

            _checked = value;
            _innermost = 0;
            _live = value ? new CheckpointStack() : null;
            _enclosing = value ? new Stack<int>() : null;
            UpdateFastState();
        }
    }

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

    /// <summary>
    /// Records the buffer's position, to go back to with <see cref="Restore"/>.
    /// Bumper.jl: <c>checkpoint_save(buf)</c>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The buffer has been freed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Checkpoint Save()
    {
        if (_fastState == Unmatchable)
        {
            return SaveSlow();
        }

        return new Checkpoint(_current, _state, 0);
    }

    /// <summary>
    /// Releases everything allocated since <paramref name="checkpoint"/> was saved.
    /// Bumper.jl: <c>checkpoint_restore!(cp)</c>. Restoring the same checkpoint again is allowed;
    /// restoring one saved after a checkpoint that was restored since is not (it is dead).
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The checkpoint does not describe a position this buffer has now (it belongs to another buffer,
    /// or the buffer was restored past it or reset), or, in checked mode, it is dead.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The buffer has been freed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Restore(Checkpoint checkpoint)
    {
        if (checkpoint.State == _fastState && checkpoint.Position - _blockStart <= _current - _blockStart)
        {
            if (_current > _blockHigh)
            {
                _blockHigh = _current;
            }

            _current = checkpoint.Position;
            return;
        }

        RestoreSlow(checkpoint);
    }

    /// <summary>
    /// Releases every allocation and returns the buffer to its freshly made state (keeping its first
    /// block), whatever scopes or checkpoints are outstanding: those are dead afterwards.
    /// Bumper.jl: <c>reset_buffer!(buf)</c>; use it to recover from a leak.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The buffer has been freed.</exception>
    public void Reset()
    {
        ThrowIfDisposed();
        AbandonCursor();
        if (_checked)
        {
            PoisonCurrentBlock(_blockStart);
            _live!.Clear();
            _enclosing!.Clear();
        }

        _depth = 0;
        _innermost = 0;
        ResetBlocks();
        _peak = 0;
        _blockHigh = _current;
        UpdateFastState();
    }

    /// <summary>Releases the buffer's memory; calling it again does nothing. Any later use throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        AbandonCursor();
        _disposed = true;
        FreeBlocks();
        _current = _limit = _blockStart = _blockHigh = 0;
        _usedBefore = 0;
        _depth = 0;
        UpdateFastState();
        GC.SuppressFinalize(this);
    }

    /// <summary>Shows the buffer's kind and its figures, e.g. <c>AllocBuffer(used 96 B of 131072 B, peak 96 B, 1 slab)</c>.</summary>
    public override string ToString() => _disposed
        ? $"{GetType().Name}(freed)"
        : $"{GetType().Name}(used {BytesUsed} B of {Capacity} B, peak {PeakBytesUsed} B, {SlabCount} slab{(SlabCount == 1 ? "" : "s")}{(_checked ? ", checked" : "")})";

    /// <summary>The bump: the whole fast path of every allocation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void* Bump(nuint byteCount, nuint alignMask)
    {
        // pad < 4096 and byteCount < 2^63, so need cannot wrap.
        nuint pad = (0 - _current) & alignMask;
        nuint need = pad + byteCount;
        if (need > _limit - _current)
        {
            return AllocOutOfLine(byteCount, alignMask);
        }

        nuint p = _current + pad;
        _current += need;
        return (void*)p;
    }

    /// <summary>
    /// Bumps in the block a slow path has just entered and sized for the request. It never goes to the
    /// slow path again, so a block too small (a sizing bug) is an exception, not unbounded recursion.
    /// </summary>
    private protected void* BumpNewBlock(nuint byteCount, nuint alignMask)
    {
        if (!TryBumpInBlock(byteCount, alignMask, out void* p))
        {
            ThrowHelper.ThrowNewBlockTooSmall(byteCount, alignMask + 1, _limit - _current);
        }

        return p;
    }

    /// <summary>The bump without a slow path: false, and nothing changed, when the request does not fit.</summary>
    private protected bool TryBumpInBlock(nuint byteCount, nuint alignMask, out void* result)
    {
        nuint pad = (0 - _current) & alignMask;
        nuint need = pad + byteCount;
        if (need > _limit - _current)
        {
            result = null;
            return false;
        }

        result = (void*)(_current + pad);
        _current += need;
        return true;
    }

    /// <summary>
    /// Whether a scope may open by reading <see cref="CurrentPosition"/> and <see cref="CurrentState"/>
    /// (with serial 0), as <see cref="Save"/>'s fast path does; otherwise <see cref="OpenScopeSlow"/>.
    /// A scope reads the fields itself rather than take a <see cref="Checkpoint"/>: a struct returned
    /// through either of two paths was built in memory and copied (NativeAOT), where two loads are all
    /// an unchecked scope needs.
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

    /// <summary>A scope's opening when <see cref="OpensScopesFast"/> is false: checked mode's bookkeeping, or a slow save.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal Checkpoint OpenScopeSlow() => _checked ? OpenCheckedScope() : SaveSlow();

    /// <summary>
    /// Checked mode's scope opening: the owning thread, the depth, and the innermost scope's serial
    /// (the enclosing one's is pushed, to come back to when this one closes). A checked scope's serial
    /// is never 0, which is how a scope tells that it is checked.
    /// </summary>
    private Checkpoint OpenCheckedScope()
    {
        // Thread ownership is checked mode's only: reading the thread's id is a thread-static
        // look-up, which measured as the largest cost of opening a scope on an explicit buffer.
        ClaimForThisThread();
        Checkpoint checkpoint = SaveSlow();
        _depth = _depth <= 0 ? 1 : _depth + 1;
        _enclosing!.Push(_innermost);
        _innermost = checkpoint.Serial;
        return checkpoint;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ClaimForThisThread()
    {
        int thread = Bumper.Bump.CurrentThreadId;
        if (_depth > 0 && _owner != thread)
        {
            ThrowHelper.ThrowMisuse(
                $"This {GetType().Name} has a scope open on thread {_owner}; thread {thread} cannot open one on it too. Use a buffer per thread (Bump.DefaultBuffer is one).");
        }

        _owner = thread;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void CloseScope(nuint position, long state, int serial)
    {
        // The same test as Restore's fast path; checked and disposed buffers never match it, so only
        // checked scopes, which are the ones counted in _depth, reach the decrement in the slow path.
        if (state == _fastState && position - _blockStart <= _current - _blockStart)
        {
            if (_current > _blockHigh)
            {
                _blockHigh = _current;
            }

            _current = position;
            return;
        }

        CloseScopeSlow(position, state, serial);
    }

    /// <summary>Checked mode's test that a scope may allocate now.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void CheckScopeUse(int serial)
    {
        ThrowIfDisposed();
        int thread = Bumper.Bump.CurrentThreadId;
        if (_depth > 0 && thread != _owner)
        {
            ThrowHelper.ThrowMisuse($"A scope opened on thread {_owner} was used to allocate from thread {thread}; scopes belong to the thread that opened them.");
        }

        if (_checked && serial != _innermost)
        {
            ThrowHelper.ThrowMisuse("An outer scope allocated while an inner scope is still open; allocate through the innermost scope, or close the inner one first.");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CloseScopeSlow(nuint position, long state, int serial)
    {
        // A scope that outlives its buffer has nothing left to release.
        if (_disposed)
        {
            return;
        }

        bool checkedScope = _checked && serial != 0;
        if (checkedScope && serial != _innermost)
        {
            ThrowHelper.ThrowMisuse("Scopes were disposed out of order: an outer scope ended while an inner one is still open (or a scope was disposed twice, or after the buffer was reset).");
        }

        // CloseScope has just found the fast path closed: straight to the slow one, which refuses
        // before it changes anything, so the scope stays the innermost one if it throws.
        RestoreSlow(new Checkpoint(position, state, serial));
        if (checkedScope)
        {
            _innermost = _enclosing!.TryPop(out int enclosing) ? enclosing : 0;
        }

        if (_depth > 0)
        {
            _depth--;
        }
    }

    /// <summary>Hands the free part of the current block to a new cursor (see <see cref="BumpCursor"/>).</summary>
    internal BumpCursor OpenCursor()
    {
        ThrowIfDisposed();
        if (_cursorOpen)
        {
            ThrowHelper.ThrowMisuse("A BumpCursor is already open on this buffer; dispose it before opening another.");
        }

        _cursorOpen = true;
        _cursorStart = _current;
        _cursorLimit = _limit;
        _limit = _current;
        UpdateFastState();
        return new BumpCursor(this, _current, _cursorLimit);
    }

    /// <summary>Whether a cursor is open on the buffer.</summary>
    internal bool HasOpenCursor => _cursorOpen;

    /// <summary>Whether <paramref name="current"/> can be the position of the open cursor.</summary>
    internal bool IsOpenCursor(nuint current) => _cursorOpen && current - _cursorStart <= _cursorLimit - _cursorStart;

    /// <summary>The lowest position the open cursor may have (where it took over in the current block).</summary>
    internal nuint CursorStart => _cursorStart;

    /// <summary>The cursor's limit after <see cref="CursorRefill"/>.</summary>
    internal nuint CursorLimit => _cursorLimit;

    /// <summary>
    /// A cursor's slow path: takes the cursor's pointer back, allocates through the buffer's own slow
    /// path (a new slab or block, or <see cref="BufferFullException"/>), and hands the block back.
    /// The cursor then reads <see cref="CurrentPosition"/> and <see cref="CursorLimit"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void* CursorRefill(BumpBuffer buffer, nuint current, nuint byteCount, nuint alignMask)
    {
        buffer.ThrowIfNotOpenCursor(current);
        nuint blockBefore = buffer._blockStart;
        buffer.TakeBackCursor(current);
        try
        {
            return buffer.AllocSlow(byteCount, alignMask);
        }
        finally
        {
            // In a new block the cursor's range starts at the block; in the same one it is unchanged.
            buffer._cursorOpen = true;
            if (buffer._blockStart != blockBefore)
            {
                buffer._cursorStart = buffer._blockStart;
            }

            buffer._cursorLimit = buffer._limit;
            buffer._limit = buffer._current;
            buffer.UpdateFastState();
        }
    }

    /// <summary>Ends a cursor and keeps what it allocated; does nothing if it has ended already.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void CloseCursor(nuint current)
    {
        if (IsOpenCursor(current))
        {
            TakeBackCursor(current);
        }
    }

    // A cursor that ended cannot be told apart from the open one by identity (it carries only its
    // pointers, to stay in registers); a position outside the open cursor's range is refused.
    private void ThrowIfNotOpenCursor(nuint current)
    {
        ThrowIfDisposed();
        if (!IsOpenCursor(current))
        {
            ThrowHelper.ThrowMisuse("This BumpCursor has ended: its scope was disposed, or its buffer was restored or reset, after it was opened.");
        }
    }

    private void TakeBackCursor(nuint current)
    {
        _current = current;
        _limit = _cursorLimit;
        _cursorOpen = false;
        UpdateFastState();
    }

    /// <summary>Ends an open cursor without its allocations (a restore, reset or dispose releases them anyway).</summary>
    private void AbandonCursor()
    {
        if (_cursorOpen)
        {
            _limit = _cursorLimit;
            _cursorOpen = false;
            UpdateFastState();
        }
    }

    /// <summary>Makes room and allocates when the current block is full. Never called with a fitting request.</summary>
    private protected abstract void* AllocSlow(nuint byteCount, nuint alignMask);

    /// <summary>
    /// Throws (<see cref="ThrowForeignCheckpoint"/>) unless <paramref name="checkpoint"/>, whose state is
    /// not the current block's, describes a position this buffer has now. Changes nothing.
    /// </summary>
    private protected abstract void CheckRestorable(in Checkpoint checkpoint);

    /// <summary>Restores a checkpoint outside the current block that <see cref="CheckRestorable"/> accepted.</summary>
    private protected abstract void RestoreBlocks(in Checkpoint checkpoint);

    /// <summary>Releases everything but the first block and points the buffer at its start.</summary>
    private protected abstract void ResetBlocks();

    /// <summary>Returns every block's memory.</summary>
    private protected abstract void FreeBlocks();

    /// <summary>Points the bump pointer into a block; derived buffers call it whenever the block changes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void SetBlock(nuint start, nuint current, nuint limit, long state, long usedBefore)
    {
        Debug.Assert(start <= current && current <= limit, "the bump pointer must lie in its block");
        Debug.Assert(state != Unmatchable, "state must be matchable");

        // Only a restore changes blocks under an open cursor (a refill takes the cursor back first):
        // the restore releases the cursor's block, so the cursor ends.
        _cursorOpen = false;
        FoldPeak();
        _blockStart = start;
        _current = current;
        _limit = limit;
        _blockHigh = current;
        _state = state;
        _usedBefore = usedBefore;
        UpdateFastState();
    }

    /// <summary>Makes every <see cref="Save"/> and <see cref="Restore"/> take the slow path while on.</summary>
    private protected bool SlowCheckpoints
    {
        get => _slowCheckpoints;
        set
        {
            _slowCheckpoints = value;
            UpdateFastState();
        }
    }

    /// <summary>Records the current position in <see cref="PeakBytesUsed"/> before the block changes.</summary>
    private protected void FoldPeak() => _peak = PeakBytesUsed;

    /// <summary>Poisons the current block from <paramref name="from"/> to the bump pointer (checked mode).</summary>
    private protected void PoisonCurrentBlock(nuint from)
    {
        if (_checked)
        {
            MemoryBlock.Poison(from, _current);
        }
    }

    /// <summary>Throws the exception for a checkpoint that describes no position this buffer has.</summary>
    [DoesNotReturn]
    private protected static void ThrowForeignCheckpoint() => ThrowHelper.ThrowInvalidCheckpoint(
        "it does not describe a position this buffer has now (it belongs to another buffer, or the buffer was restored past it or reset)");

    private protected void ThrowIfDisposed()
    {
        if (_disposed)
        {
            ThrowHelper.ThrowDisposed(this);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void* AllocOutOfLine(nuint byteCount, nuint alignMask)
    {
        ThrowIfDisposed();
        if (_cursorOpen)
        {
            ThrowHelper.ThrowMisuse("A BumpCursor is open on this buffer: allocate through the cursor, or dispose it first.");
        }

        return AllocSlow(byteCount, alignMask);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Checkpoint SaveSlow()
    {
        ThrowIfDisposed();
        if (_cursorOpen)
        {
            ThrowHelper.ThrowMisuse("A BumpCursor is open on this buffer: dispose it before saving a checkpoint or opening a scope.");
        }

        if (!_checked)
        {
            return new Checkpoint(_current, _state, 0);
        }

        // Serial 0 means "unchecked" (a scope tests it); after 2^32 saves the counter skips it.
        int serial = ++_lastSerial;
        if (serial == 0)
        {
            serial = _lastSerial = 1;
        }

        _live!.Push(serial);
        return new Checkpoint(_current, _state, serial);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RestoreSlow(in Checkpoint checkpoint)
    {
        // Every check comes before the first change, so a refused restore leaves the position, the
        // figures and the liveness of every checkpoint as they were.
        ThrowIfDisposed();
        bool inBlock = checkpoint.State == _state;
        if (inBlock)
        {
            if (checkpoint.Position - _blockStart > _current - _blockStart)
            {
                ThrowForeignCheckpoint();
            }
        }
        else
        {
            CheckRestorable(checkpoint);
        }

        int live = -1;
        if (_checked && checkpoint.Serial != 0)
        {
            live = _live!.IndexOf(checkpoint.Serial);
            if (live < 0)
            {
                ThrowHelper.ThrowInvalidCheckpoint(
                    "it is dead: the buffer was restored to an earlier checkpoint, or reset, after it was saved");
            }
        }

        if (live >= 0)
        {
            _live!.ReleaseAbove(live);
        }

        if (!inBlock)
        {
            RestoreBlocks(checkpoint);
            return;
        }

        AbandonCursor();
        PoisonCurrentBlock(checkpoint.Position);
        if (_current > _blockHigh)
        {
            _blockHigh = _current;
        }

        _current = checkpoint.Position;
        OnRestoredInBlock();
    }

    /// <summary>Called after a slow-path restore that stayed in the current block.</summary>
    private protected virtual void OnRestoredInBlock()
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void UpdateFastState() =>
        _fastState = _checked || _disposed || _slowCheckpoints || _cursorOpen ? Unmatchable : _state;
}
