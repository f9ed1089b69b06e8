// Invariants of the C boundary:
//   - No exception leaves an export: each body is one try whose catch records the failure through
//     LastError and returns the documented failure value (NULL, a BUMPER_E_* code, a negative size).
//   - C never holds a managed address: buffers are BufferTable handles, checkpoints are copied by
//     value, and the only pointers returned are into a buffer's NativeMemory block (bumper_alloc) or
//     into this thread's pinned message array (bumper_last_error).
//   - Every buffer made by bumper_buffer_new is checked (IsChecked = true), so Bumper.Core refuses dead
//     checkpoints; bumper_buffer_new_ex(BUMPER_UNCHECKED) makes one that is not.
//   - A buffer is an AllocBuffer (fixed) or, with BUMPER_GROWABLE, a ChainBuffer; in the BUMPER_AOT
//     flavour both hold only NativeMemory blocks. Exports that differ by kind test the type.
//   - C bumps a buffer's pointer without telling the library, in its head (bumper.h's inline
//     bumper_alloc) or in an open C cursor (NativeCursorApi). Every export that reads or moves the
//     position holds the buffer first (NativeBuffer.Hold: the pointer taken back from the head, lent again on return), so it
//     sees every allocation; while a C cursor is open, every export that would allocate, move or free
//     that memory refuses with BUMPER_E_BUSY instead (TryResolveIdle).
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Bumper.Aot;

/// <summary>
/// The C API of libbumper, declared in include/bumper.h: fixed-capacity native bump buffers
/// (Bumper.jl's <c>AllocBuffer(MallocVector)</c>) and growable ones (<see cref="ChainBuffer"/>) with
/// allocation, checkpoints, reset and figures.
/// </summary>
/// <remarks>
/// These methods are entry points for native callers only (<see cref="UnmanagedCallersOnlyAttribute"/>);
/// C# code uses <see cref="AllocBuffer"/> directly. A buffer may be used from any thread, but from one
/// thread at a time.
/// </remarks>
public static unsafe partial class NativeApi
{
    /// <summary><c>BUMPER_UNCHECKED</c>: the flag of <c>bumper_buffer_new_ex</c> for an unchecked buffer.</summary>
    public const uint UncheckedFlag = 1;

    /// <summary><c>BUMPER_GROWABLE</c>: the flag of <c>bumper_buffer_new_ex</c> for a growable buffer (a <see cref="ChainBuffer"/>).</summary>
    public const uint GrowableFlag = 2;

    /// <summary>The bytes of <c>bumper_stats</c>'s first version: <c>size</c> and five <c>int64_t</c> figures.</summary>
    private const int StatsFirstVersionSize = 48;

    /// <summary>The size of <c>bumper_stats</c> from the version that added <c>retained</c> (0.2).</summary>
    private const int StatsRetainedVersionSize = 56;

    /// <summary>
    /// <c>bumper_buffer *bumper_buffer_new(size_t capacity)</c>: a new checked buffer of
    /// <paramref name="capacity"/> bytes of native memory. Bumper.jl: <c>AllocBuffer(MallocVector, n)</c>.
    /// </summary>
    /// <returns>An opaque handle, or NULL (0) with <c>bumper_last_error()</c> set.</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_buffer_new")]
    public static nint BufferNew(nuint capacity) => NewBuffer("bumper_buffer_new", "capacity", capacity, 0, 0);

    /// <summary>
    /// <c>bumper_buffer *bumper_buffer_new_ex(size_t capacity, uint32_t flags)</c>: as
    /// <c>bumper_buffer_new</c>, with <paramref name="flags"/>, any of <c>BUMPER_UNCHECKED</c> (1) for a buffer
    /// that does not track checkpoints or poison released bytes (faster restores; a dead checkpoint
    /// is then refused only when it lies past the current position) and <c>BUMPER_GROWABLE</c> (2) for a
    /// <see cref="ChainBuffer"/> whose first block holds <paramref name="capacity"/> bytes.
    /// </summary>
    /// <returns>An opaque handle, or NULL (0) with <c>bumper_last_error()</c> set (also for an unknown flag).</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_buffer_new_ex")]
    public static nint BufferNewWithFlags(nuint capacity, uint flags) => NewBuffer("bumper_buffer_new_ex", "capacity", capacity, flags, 0);

    /// <summary>Makes a buffer for the <c>bumper_buffer_new*</c> exports; <paramref name="maxBlock"/> (0: the default) applies to a growable one.</summary>
    private static nint NewBuffer(string function, string capacityName, nuint capacity, uint flags, nuint maxBlock)
    {
        try
        {
            const uint known = UncheckedFlag | GrowableFlag;
            if ((flags & ~known) != 0)
            {
                LastError.Set(BumperStatus.InvalidFlags, $"{function}: unknown flags 0x{flags & ~known:x} (known: BUMPER_UNCHECKED = 0x{UncheckedFlag:x}, BUMPER_GROWABLE = 0x{GrowableFlag:x})");
                return 0;
            }

            if (capacity > (nuint)nint.MaxValue)
            {
                LastError.Set(BumperStatus.InvalidSize, $"{function}: {capacityName} {capacity} is above PTRDIFF_MAX");
                return 0;
            }

            if (maxBlock != 0 && (maxBlock < ChainBuffer.MinBlockSize || maxBlock > (nuint)nint.MaxValue))
            {
                LastError.Set(BumperStatus.InvalidSize, $"{function}: max_block {maxBlock} is outside {ChainBuffer.MinBlockSize}..PTRDIFF_MAX (0 takes the default, {ChainBuffer.DefaultMaxBlockSize} bytes)");
                return 0;
            }

            BumpBuffer buffer = (flags & GrowableFlag) == 0
                ? AllocBuffer.Native((nint)capacity)
                : new ChainBuffer((nint)capacity, maxBlock == 0 ? ChainBuffer.DefaultMaxBlockSize : (nint)maxBlock);
            buffer.IsChecked = (flags & UncheckedFlag) == 0;
            return BufferTable.Add(buffer);
        }
        catch (Exception e)
        {
            Fail(function, e);
            return 0;
        }
    }

    /// <summary>
    /// <c>bumper_buffer *bumper_buffer_new_in(void *memory, size_t size)</c>: a checked fixed buffer over
    /// <paramref name="size"/> bytes of the caller's memory, which the library never frees.
    /// Bumper.jl: <c>AllocBuffer(storage)</c> over a vector the caller made.
    /// </summary>
    /// <returns>An opaque handle, or NULL (0) with <c>bumper_last_error()</c> set.</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_buffer_new_in")]
    public static nint BufferNewIn(void* memory, nuint size)
    {
        try
        {
            if (memory == null)
            {
                LastError.Set(BumperStatus.InvalidArgument, "bumper_buffer_new_in: memory is NULL");
                return 0;
            }

            if (size > (nuint)nint.MaxValue || (nuint)memory > nuint.MaxValue - size)
            {
                LastError.Set(BumperStatus.InvalidSize, $"bumper_buffer_new_in: size {size} is above PTRDIFF_MAX or runs past the end of the address space");
                return 0;
            }

            return BufferTable.Add(new CallerMemoryBuffer((nuint)memory, size) { IsChecked = true });
        }
        catch (Exception e)
        {
            Fail("bumper_buffer_new_in", e);
            return 0;
        }
    }

    /// <summary>
    /// <c>int bumper_buffer_free(bumper_buffer *buf)</c>: returns the buffer's memory; the handle is
    /// dead afterwards. Bumper.jl: <c>free(buf)</c>.
    /// </summary>
    /// <returns><c>BUMPER_OK</c>, or <c>BUMPER_E_NULL_BUFFER</c> / <c>BUMPER_E_INVALID_BUFFER</c> (e.g. a double free).</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_buffer_free")]
    public static int BufferFree(nint buffer)
    {
        try
        {
            if (buffer == 0)
            {
                return (int)LastError.Set(BumperStatus.NullBuffer, "bumper_buffer_free: buffer is NULL");
            }

            if (BufferTable.TryGet(buffer, out NativeBuffer? open) && open.HasCursor)
            {
                return (int)Busy("bumper_buffer_free", buffer);
            }

            if (!BufferTable.TryRemove(buffer, out NativeBuffer? buf))
            {
                return (int)InvalidBuffer("bumper_buffer_free", buffer);
            }

            buf.Free();
            return (int)BumperStatus.Ok;
        }
        catch (Exception e)
        {
            return (int)Fail("bumper_buffer_free", e);
        }
    }

    /// <summary>
    /// <c>void *bumper_alloc(bumper_buffer *buf, size_t size, size_t alignment)</c>: <paramref name="size"/>
    /// bytes aligned to <paramref name="alignment"/> (a power of two, 1 to 4096). Bumper.jl: <c>alloc_ptr!(buf, n)</c>.
    /// </summary>
    /// <remarks>
    /// C compiled with bumper.h never calls this symbol: its <c>static inline bumper_alloc</c> bumps the
    /// buffer's head and calls <c>bumper_alloc_slow</c> when it cannot. The export stays for callers
    /// that cannot inline C (other languages' FFI) and for programs built against an older header.
    /// </remarks>
    /// <returns>The address, valid until a restore to an earlier checkpoint, a reset or a free; or NULL with <c>bumper_last_error()</c> set.</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_alloc")]
    public static void* Alloc(nint buffer, nuint size, nuint alignment) => Allocate("bumper_alloc", buffer, size, alignment, zeroed: false);

    /// <summary>
    /// <c>void *bumper_alloc_slow(bumper_buffer *buf, size_t size, size_t alignment)</c>: what bumper.h's
    /// inline <c>bumper_alloc</c> calls when the buffer's head cannot serve the request (full, an invalid
    /// request, or a handle that does not match a lent head); the same as the <c>bumper_alloc</c> export.
    /// </summary>
    /// <returns>The address, or NULL with <c>bumper_last_error()</c> set and nothing changed.</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_alloc_slow")]
    public static void* AllocSlow(nint buffer, nuint size, nuint alignment) => Allocate("bumper_alloc", buffer, size, alignment, zeroed: false);

    /// <summary>
    /// <c>const bumper_head_table *bumper_heads(void)</c>: the table of heads bumper.h's inline
    /// <c>bumper_alloc</c> bumps (<see cref="HeadTable"/>); allocated on first use, never freed or moved.
    /// </summary>
    /// <returns>The table's address, or NULL if its memory could not be had (every call then goes through the library).</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_heads")]
    public static nint Heads()
    {
        try
        {
            return HeadTable.Address;
        }
        catch (Exception)
        {
            // Nothing to report: NULL keeps C on the library's path, which works without heads.
            return 0;
        }
    }

    /// <summary>The body of the allocating exports: one held buffer, one checked request, one allocation (zeroed if asked).</summary>
    private static void* Allocate(string function, nint buffer, nuint size, nuint alignment, bool zeroed)
    {
        try
        {
            if (TryResolveIdle(function, buffer, out NativeBuffer? buf) != BumperStatus.Ok)
            {
                return null;
            }

            using NativeBuffer.Held held = buf!.Hold();
            if (!IsValidRequest(function, size, alignment))
            {
                return null;
            }

            void* p = buf.Buffer.AllocPtr((nint)size, (int)alignment);
            if (zeroed)
            {
                NativeMemory.Clear(p, size);
            }

            return p;
        }
        catch (Exception e)
        {
            Fail(function, e);
            return null;
        }
    }

    /// <summary>
    /// <c>bumper_checkpoint bumper_checkpoint_save(bumper_buffer *buf)</c>: the buffer's current
    /// position. Bumper.jl: <c>checkpoint_save(buf)</c>.
    /// </summary>
    /// <returns>A checkpoint whose <c>status</c> is <c>BUMPER_OK</c>, or the error code (with <c>bumper_last_error()</c> set).</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_checkpoint_save")]
    public static NativeCheckpoint CheckpointSave(nint buffer)
    {
        try
        {
            BumperStatus status = TryResolveIdle("bumper_checkpoint_save", buffer, out NativeBuffer? buf);
            if (status != BumperStatus.Ok)
            {
                return NativeCheckpoint.Failed(status);
            }

            using NativeBuffer.Held held = buf!.Hold();
            return NativeCheckpoint.From(buf.Buffer.Save(), buffer);
        }
        catch (Exception e)
        {
            return NativeCheckpoint.Failed(Fail("bumper_checkpoint_save", e));
        }
    }

    /// <summary>
    /// <c>int bumper_checkpoint_restore(bumper_buffer *buf, bumper_checkpoint checkpoint)</c>: releases
    /// everything allocated since <paramref name="checkpoint"/> was saved. Bumper.jl: <c>checkpoint_restore!(cp)</c>.
    /// </summary>
    /// <returns><c>BUMPER_OK</c>, or an error code; <c>BUMPER_E_STALE_CHECKPOINT</c> for a dead, foreign or failed checkpoint.</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_checkpoint_restore")]
    public static int CheckpointRestore(nint buffer, NativeCheckpoint checkpoint)
    {
        try
        {
            BumperStatus status = TryResolveIdle("bumper_checkpoint_restore", buffer, out NativeBuffer? buf);
            if (status != BumperStatus.Ok)
            {
                return (int)status;
            }

            using NativeBuffer.Held held = buf!.Hold();

            if (checkpoint.Status != (int)BumperStatus.Ok)
            {
                return (int)LastError.Set(BumperStatus.StaleCheckpoint, $"bumper_checkpoint_restore: the checkpoint comes from a failed bumper_checkpoint_save (status {checkpoint.Status})");
            }

            if (checkpoint.Owner != buffer)
            {
                return (int)LastError.Set(BumperStatus.StaleCheckpoint, $"bumper_checkpoint_restore: the checkpoint belongs to another buffer (0x{checkpoint.Owner:x}), not to 0x{buffer:x}");
            }

            buf.Buffer.Restore(checkpoint.ToCheckpoint());
            return (int)BumperStatus.Ok;
        }
        catch (InvalidOperationException e) when (e is not ObjectDisposedException)
        {
            return (int)LastError.Set(BumperStatus.StaleCheckpoint, $"bumper_checkpoint_restore: {e.Message}");
        }
        catch (Exception e)
        {
            return (int)Fail("bumper_checkpoint_restore", e);
        }
    }

    /// <summary>
    /// <c>int bumper_reset(bumper_buffer *buf)</c>: releases every allocation; all checkpoints are
    /// dead afterwards. Bumper.jl: <c>reset_buffer!(buf)</c>.
    /// </summary>
    /// <returns><c>BUMPER_OK</c>, or <c>BUMPER_E_NULL_BUFFER</c> / <c>BUMPER_E_INVALID_BUFFER</c>.</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_reset")]
    public static int Reset(nint buffer)
    {
        try
        {
            BumperStatus status = TryResolveIdle("bumper_reset", buffer, out NativeBuffer? buf);
            if (status != BumperStatus.Ok)
            {
                return (int)status;
            }

            using NativeBuffer.Held held = buf!.Hold();
            buf.Buffer.Reset();
            return (int)BumperStatus.Ok;
        }
        catch (Exception e)
        {
            return (int)Fail("bumper_reset", e);
        }
    }

    /// <summary><c>int64_t bumper_used(const bumper_buffer *buf)</c>: bytes in use, alignment padding included.</summary>
    /// <returns>The byte count, or a negative <c>BUMPER_E_*</c> code.</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_used")]
    public static long Used(nint buffer)
    {
        try
        {
            if (!TryResolve("bumper_used", buffer, out NativeBuffer? buf))
            {
                return (long)ResolveFailure(buffer);
            }

            using NativeBuffer.Held held = buf.Hold();
            return buf.Buffer.BytesUsed;
        }
        catch (Exception e)
        {
            return (long)Fail("bumper_used", e);
        }
    }

    /// <summary><c>int64_t bumper_capacity(const bumper_buffer *buf)</c>: the capacity given to <c>bumper_buffer_new</c>.</summary>
    /// <returns>The byte count, or a negative <c>BUMPER_E_*</c> code.</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_capacity")]
    public static long Capacity(nint buffer)
    {
        try
        {
            return TryResolve("bumper_capacity", buffer, out NativeBuffer? buf) ? buf.Buffer.Capacity : (long)ResolveFailure(buffer);
        }
        catch (Exception e)
        {
            return (long)Fail("bumper_capacity", e);
        }
    }

    /// <summary>
    /// <c>const char *bumper_last_error(void)</c>: the message of this thread's last failed call
    /// (<c>""</c> if none failed yet); successful calls leave it unchanged.
    /// </summary>
    /// <returns>A NUL-terminated UTF-8 string, valid until the next failing call on this thread; NULL only if memory for it could not be had.</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_last_error")]
    public static byte* GetLastError()
    {
        try
        {
            return LastError.Pointer();
        }
        catch (Exception)
        {
            // Only the first call on a thread allocates (512 bytes); if even that fails there is no
            // message to hand out, and NULL says so.
            return null;
        }
    }

    /// <summary>Whether an allocation's size and alignment are acceptable; if not, records why.</summary>
    internal static bool IsValidRequest(string function, nuint size, nuint alignment)
    {
        if (alignment == 0 || alignment > BumpBuffer.MaxAlignment || !BitOperations.IsPow2(alignment))
        {
            LastError.Set(BumperStatus.InvalidAlignment, $"{function}: alignment {alignment} is not a power of two from 1 to {BumpBuffer.MaxAlignment}");
            return false;
        }

        if (size > (nuint)nint.MaxValue)
        {
            LastError.Set(BumperStatus.InvalidSize, $"{function}: size {size} is above PTRDIFF_MAX");
            return false;
        }

        return true;
    }

    /// <summary>
    /// <see cref="TryResolve"/> for an export that allocates, moves or frees the buffer's memory:
    /// refused with <see cref="BumperStatus.Busy"/> while a cursor is open on the buffer.
    /// </summary>
    internal static BumperStatus TryResolveIdle(string function, nint buffer, out NativeBuffer? buf)
    {
        if (!TryResolve(function, buffer, out buf))
        {
            return ResolveFailure(buffer);
        }

        return buf.HasCursor ? Busy(function, buffer) : BumperStatus.Ok;
    }

    internal static bool TryResolve(string function, nint buffer, [NotNullWhen(true)] out NativeBuffer? buf)
    {
        if (BufferTable.TryGet(buffer, out buf))
        {
            return true;
        }

        if (buffer == 0)
        {
            LastError.Set(BumperStatus.NullBuffer, $"{function}: buffer is NULL");
        }
        else
        {
            InvalidBuffer(function, buffer);
        }

        return false;
    }

    // The code TryResolve has just reported; kept apart so the happy path stays a single look-up.
    internal static BumperStatus ResolveFailure(nint buffer) => buffer == 0 ? BumperStatus.NullBuffer : BumperStatus.InvalidBuffer;

    private static BumperStatus Busy(string function, nint buffer) => LastError.Set(
        BumperStatus.Busy,
        $"{function}: a cursor is open on buffer 0x{buffer:x}; close it with bumper_cursor_close first");

    private static BumperStatus InvalidBuffer(string function, nint buffer) => LastError.Set(
        BumperStatus.InvalidBuffer,
        BufferTable.WasFreed(buffer)
            ? $"{function}: buffer 0x{buffer:x} was already freed"
            : $"{function}: 0x{buffer:x} is not a buffer from bumper_buffer_new");

    internal static BumperStatus Fail(string function, Exception e) => LastError.Set(
        e switch
        {
            BufferFullException => BumperStatus.Full,
            OutOfMemoryException => BumperStatus.OutOfMemory,
            ArgumentOutOfRangeException => BumperStatus.InvalidSize,
            ArgumentException => BumperStatus.InvalidAlignment,
            ObjectDisposedException => BumperStatus.InvalidBuffer,
            _ => BumperStatus.Internal,
        },
        $"{function}: {e.Message}");
}
