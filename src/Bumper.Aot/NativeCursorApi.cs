// Invariants (on top of NativeApi's and NativeBuffer's):
//   - A cursor C holds is open on its buffer exactly while NativeBuffer.HasCursor, between
//     bumper_cursor_open and bumper_cursor_close; the buffer's pointer is then lent to the cursor
//     (BumpBuffer.OpenCursor) instead of the head. C's inline code bumps Current inside
//     [Start, Limit) and the library learns the position only from a slow-path call or the close.
//   - Every export validates the struct (NULL, handle, an open cursor, Current in its range) before
//     using it, and leaves it unchanged on failure, except bumper_cursor_close, which on success sets
//     it to NativeCursor.Closed so that inline calls on it fail through the library, and a refill that
//     fails after the buffer changed blocks, which points it at the buffer's new range.
using System.Runtime.InteropServices;

namespace Bumper.Aot;

/// <summary>
/// The cursor part of the C API: <c>bumper_cursor_open</c>, <c>bumper_cursor_close</c> and the slow
/// paths behind bumper.h's <c>static inline</c> <c>bumper_cursor_alloc</c> and
/// <c>bumper_cursor_release</c>. The counterpart of C#'s <see cref="BumpCursor"/>.
/// </summary>
/// <remarks>
/// A C allocation through a cursor costs a few instructions in the caller, with no call into .NET;
/// so does bumper.h's inline bumper_alloc, which bumps the buffer's head (<see cref="NativeBuffer"/>)
/// and adds the handle's check (docs/benchmarks.md compares the two).
/// </remarks>
public static unsafe class NativeCursorApi
{
    /// <summary>
    /// <c>int bumper_cursor_open(bumper_buffer *buf, bumper_cursor *cursor)</c>: lends the rest of the
    /// buffer to <paramref name="cursor"/>. Until <c>bumper_cursor_close</c>, the buffer's other
    /// allocating, checkpoint, reset and free calls fail with <c>BUMPER_E_BUSY</c>.
    /// </summary>
    /// <returns><c>BUMPER_OK</c>; <c>BUMPER_E_NULL_BUFFER</c>, <c>BUMPER_E_INVALID_BUFFER</c>, <c>BUMPER_E_INVALID_CURSOR</c> (NULL) or <c>BUMPER_E_BUSY</c> (a cursor is open already).</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_cursor_open")]
    public static int Open(nint buffer, NativeCursor* cursor)
    {
        try
        {
            if (cursor == null)
            {
                return (int)LastError.Set(BumperStatus.InvalidCursor, "bumper_cursor_open: cursor is NULL");
            }

            BumperStatus status = NativeApi.TryResolveIdle("bumper_cursor_open", buffer, out NativeBuffer? buf);
            if (status != BumperStatus.Ok)
            {
                return (int)status;
            }

            using NativeBuffer.Held held = buf!.Hold();
            BumpCursor opened = buf.Buffer.OpenCursor();
            buf.HasCursor = true;
            *cursor = new NativeCursor { Current = opened.Current, Limit = opened.Limit, Start = opened.Current, Buffer = buffer };
            return (int)BumperStatus.Ok;
        }
        catch (Exception e)
        {
            return (int)NativeApi.Fail("bumper_cursor_open", e);
        }
    }

    /// <summary>
    /// <c>int bumper_cursor_close(bumper_cursor *cursor)</c>: gives the bump pointer back to the buffer,
    /// keeping what the cursor allocated, and marks the struct closed.
    /// </summary>
    /// <returns><c>BUMPER_OK</c>, or <c>BUMPER_E_INVALID_CURSOR</c> / <c>BUMPER_E_INVALID_BUFFER</c> (the struct is left as it was).</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_cursor_close")]
    public static int Close(NativeCursor* cursor)
    {
        try
        {
            BumperStatus status = TryResolveOpen("bumper_cursor_close", cursor, out NativeBuffer? buf);
            if (status != BumperStatus.Ok)
            {
                return (int)status;
            }

            using NativeBuffer.Held held = buf!.Hold();
            buf.Buffer.CloseCursor(cursor->Current);
            buf.HasCursor = false;
            *cursor = NativeCursor.Closed(cursor->Buffer);
            return (int)BumperStatus.Ok;
        }
        catch (Exception e)
        {
            return (int)NativeApi.Fail("bumper_cursor_close", e);
        }
    }

    /// <summary>
    /// <c>void *bumper_cursor_alloc_slow(bumper_cursor *cursor, size_t size, size_t alignment)</c>: what
    /// the inline <c>bumper_cursor_alloc</c> calls when the request is invalid or does not fit.
    /// </summary>
    /// <returns>The address (with the cursor moved past it), or NULL with <c>bumper_last_error()</c> set and the cursor unchanged.</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_cursor_alloc_slow")]
    public static void* AllocSlow(NativeCursor* cursor, nuint size, nuint alignment)
    {
        try
        {
            if (TryResolveOpen("bumper_cursor_alloc", cursor, out NativeBuffer? native) != BumperStatus.Ok
                || !NativeApi.IsValidRequest("bumper_cursor_alloc", size, alignment))
            {
                return null;
            }

            BumpBuffer buf = native!.Buffer;
            try
            {
                return BumpBuffer.CursorRefill(buf, cursor->Current, size, alignment - 1);
            }
            finally
            {
                // The refill lends the buffer's block again whether it allocated or threw, and the block may
                // be a new one, so the struct always follows the buffer: C never bumps in a block let go.
                if (buf.HasOpenCursor)
                {
                    cursor->Current = buf.CurrentPosition;
                    cursor->Limit = buf.CursorLimit;
                    cursor->Start = buf.CursorStart;
                }
            }
        }
        catch (Exception e)
        {
            NativeApi.Fail("bumper_cursor_alloc", e);
            return null;
        }
    }

    /// <summary>
    /// <c>int bumper_cursor_release_slow(bumper_cursor *cursor, uintptr_t mark)</c>: what the inline
    /// <c>bumper_cursor_release</c> calls for a mark outside the cursor's allocations.
    /// </summary>
    /// <returns>Always an error: <c>BUMPER_E_STALE_CHECKPOINT</c> for a mark the cursor never had or has released past, or the cursor's own error.</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_cursor_release_slow")]
    public static int ReleaseSlow(NativeCursor* cursor, nuint mark)
    {
        try
        {
            BumperStatus status = TryResolveOpen("bumper_cursor_release", cursor, out _);
            return status != BumperStatus.Ok
                ? (int)status
                : (int)LastError.Set(
                    BumperStatus.StaleCheckpoint,
                    $"bumper_cursor_release: mark 0x{mark:x} is not between the cursor's start 0x{cursor->Start:x} and its position 0x{cursor->Current:x}");
        }
        catch (Exception e)
        {
            return (int)NativeApi.Fail("bumper_cursor_release", e);
        }
    }

    private static BumperStatus TryResolveOpen(string function, NativeCursor* cursor, out NativeBuffer? buf)
    {
        buf = null;
        if (cursor == null)
        {
            return LastError.Set(BumperStatus.InvalidCursor, $"{function}: cursor is NULL");
        }

        if (!NativeApi.TryResolve(function, cursor->Buffer, out buf))
        {
            return NativeApi.ResolveFailure(cursor->Buffer);
        }

        if (!buf.HasCursor)
        {
            return LastError.Set(BumperStatus.InvalidCursor, $"{function}: no cursor is open on buffer 0x{cursor->Buffer:x} (closed already, or never opened)");
        }

        if (!buf.Buffer.IsOpenCursor(cursor->Current) || cursor->Start > cursor->Current)
        {
            return LastError.Set(BumperStatus.InvalidCursor, $"{function}: the cursor's position 0x{cursor->Current:x} is outside the range lent to it (the struct was modified or copied from another cursor)");
        }

        return BumperStatus.Ok;
    }
}
