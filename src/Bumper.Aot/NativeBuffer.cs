// Invariants (on top of BumpBuffer's and HeadTable's): the buffer's bump pointer has exactly one home.
//   - Lent: while no C cursor is open and the buffer is alive, and it has a head, the library has
//     lent the free part of its current block to the head (BumpBuffer.OpenCursor), so C's inline
//     bumper_alloc bumps head.current and the BumpBuffer refuses every allocation of its own.
//   - Held: every export that reads or moves the position first takes the pointer back from the head
//     (Hold: the head withdrawn, BumpBuffer.CloseCursor at head.current), so Bumper.Core sees every
//     allocation C made, and lends it again when it returns, whether it succeeded or threw. A refused
//     call therefore changes nothing: the head is lent again at the same position and limit.
//   - A C cursor: between bumper_cursor_open and bumper_cursor_close the pointer is lent to the C
//     cursor instead (HasCursor), and the head is withdrawn, so C's inline bumper_alloc reaches the
//     library, which refuses it with BUMPER_E_BUSY.
namespace Bumper.Aot;

/// <summary>
/// A buffer as C holds it: the <see cref="BumpBuffer"/>, its handle, and its head in
/// <see cref="HeadTable"/>, through which C allocates without calling the library.
/// </summary>
internal sealed class NativeBuffer
{
    private readonly SharedHead _head;

    public NativeBuffer(BumpBuffer buffer, nint handle, SharedHead head)
    {
        Buffer = buffer;
        Handle = handle;
        _head = head;
        Lend();
    }

    /// <summary>The buffer Bumper.Core manages; use it only inside <see cref="Hold"/>.</summary>
    public BumpBuffer Buffer { get; }

    /// <summary>The handle C holds: <c>generation &lt;&lt; 32 | (slot + 1)</c>.</summary>
    public nint Handle { get; }

    /// <summary>Whether a C cursor (<c>bumper_cursor_open</c>) holds the bump pointer.</summary>
    public bool HasCursor { get; set; }

    /// <summary>
    /// Takes the bump pointer back from the head for the length of an export; disposing the result
    /// lends it again. Use as <c>using var held = buffer.Hold();</c>.
    /// </summary>
    /// <exception cref="HeadOverwrittenException">The head's position lies outside the range lent to it: memory the library owns was overwritten.</exception>
    public Held Hold()
    {
        if (_head.IsLentTo(Handle))
        {
            // CloseCursor takes the pointer back only from a position inside the range lent; any other
            // leaves the loan open, which only a write into the library's memory can cause.
            nuint current = _head.Current;
            _head.Withdraw();
            Buffer.CloseCursor(current);
            if (Buffer.HasOpenCursor)
            {
                throw new HeadOverwrittenException(current);
            }
        }

        return new Held(this);
    }

    /// <summary>
    /// Ends the loan for good: the head matches no handle. <see cref="BufferTable.TryRemove"/> calls it
    /// while the slot, and so the head, is still this buffer's.
    /// </summary>
    public void EndLoan() => _head.Withdraw();

    /// <summary>Frees the buffer's memory (bumper_buffer_free), once <see cref="BufferTable.TryRemove"/> has ended the loan.</summary>
    public void Free() => Buffer.Dispose();

    /// <summary>Lends the rest of the current block to the head, unless a C cursor holds it, the buffer is freed, or it has no head.</summary>
    private void Lend()
    {
        if (!_head.Exists || HasCursor || Buffer.IsDisposed)
        {
            return;
        }

        BumpCursor lent = Buffer.OpenCursor();
        if (SharedHead.CanLend(lent.Limit))
        {
            _head.Lend(Handle, lent.Current, lent.Limit);
        }
        else
        {
            // Memory at the very top of the address space (bumper_buffer_new_in): served by the exports alone.
            Buffer.CloseCursor(lent.Current);
        }
    }

    /// <summary>The span of an export during which the library holds the bump pointer.</summary>
    public readonly ref struct Held
    {
        private readonly NativeBuffer _owner;

        internal Held(NativeBuffer owner) => _owner = owner;

        /// <summary>Lends the pointer to the head again.</summary>
        public void Dispose() => _owner.Lend();
    }
}

/// <summary>A head's position lies outside the range the library lent it: C wrote into the library's memory.</summary>
internal sealed class HeadOverwrittenException(nuint current)
    : Exception($"the buffer's head holds position 0x{current:x}, outside the range the library lent it (its memory was overwritten)");
