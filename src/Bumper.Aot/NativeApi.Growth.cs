// The C API's calls for growing data and growable buffers: zeroed allocation, realloc, figures and
// the limit. The invariants of the C boundary are written at the top of NativeApi.cs.
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Bumper.Aot;

public static unsafe partial class NativeApi
{
    /// <summary>
    /// <c>bumper_buffer *bumper_buffer_new_growable(size_t first_block, size_t max_block, uint32_t flags)</c>: a
    /// <c>BUMPER_GROWABLE</c> buffer (a <see cref="ChainBuffer"/>) whose first block holds <paramref name="firstBlock"/>
    /// bytes and whose later blocks double up to <paramref name="maxBlock"/> bytes (0: the default, 1 MiB; a
    /// larger first block is kept at its own size). <paramref name="flags"/>: 0 or <c>BUMPER_UNCHECKED</c>
    /// (<c>BUMPER_GROWABLE</c> is implied and may be given).
    /// </summary>
    /// <returns>
    /// An opaque handle, or NULL (0) with <c>bumper_last_error()</c> set: <c>BUMPER_E_INVALID_FLAGS</c>, or
    /// <c>BUMPER_E_INVALID_SIZE</c> for a size above PTRDIFF_MAX or a <paramref name="maxBlock"/> below 4096.
    /// </returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_buffer_new_growable")]
    public static nint BufferNewGrowable(nuint firstBlock, nuint maxBlock, uint flags) =>
        NewBuffer("bumper_buffer_new_growable", "first_block", firstBlock, flags | GrowableFlag, maxBlock);

    /// <summary>
    /// <c>void *bumper_alloc_zeroed(bumper_buffer *buf, size_t size, size_t alignment)</c>: <c>bumper_alloc</c>
    /// with the bytes set to zero. Bumper.jl: <c>alloc!</c> followed by <c>fill!(x, 0)</c>.
    /// </summary>
    /// <remarks>As for <c>bumper_alloc</c>, C compiled with bumper.h bumps inline and calls <c>bumper_alloc_zeroed_slow</c> instead.</remarks>
    /// <returns>The address, or NULL with <c>bumper_last_error()</c> set.</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_alloc_zeroed")]
    public static void* AllocZeroed(nint buffer, nuint size, nuint alignment) => Allocate("bumper_alloc_zeroed", buffer, size, alignment, zeroed: true);

    /// <summary>
    /// <c>void *bumper_alloc_zeroed_slow(bumper_buffer *buf, size_t size, size_t alignment)</c>: what bumper.h's
    /// inline <c>bumper_alloc_zeroed</c> calls when the buffer's head cannot serve the request; the same as
    /// the <c>bumper_alloc_zeroed</c> export.
    /// </summary>
    /// <returns>The address, or NULL with <c>bumper_last_error()</c> set and nothing changed.</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_alloc_zeroed_slow")]
    public static void* AllocZeroedSlow(nint buffer, nuint size, nuint alignment) => Allocate("bumper_alloc_zeroed", buffer, size, alignment, zeroed: true);

    /// <summary>
    /// <c>void *bumper_realloc(bumper_buffer *buf, void *ptr, size_t old_size, size_t new_size, size_t alignment)</c>:
    /// resizes <paramref name="memory"/> (C's <c>ptr</c>) in place when it is the buffer's last allocation, is aligned to
    /// <paramref name="alignment"/> and its block has room; otherwise allocates <paramref name="newSize"/>
    /// bytes and copies the first min(old, new) bytes there (the old allocation stays until a restore).
    /// NULL <paramref name="memory"/> allocates.
    /// </summary>
    /// <returns>The (possibly same) address, or NULL with <c>bumper_last_error()</c> set and nothing changed.</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_realloc")]
    public static void* Realloc(nint buffer, void* memory, nuint oldSize, nuint newSize, nuint alignment)
    {
        try
        {
            if (TryResolveIdle("bumper_realloc", buffer, out NativeBuffer? native) != BumperStatus.Ok)
            {
                return null;
            }

            using NativeBuffer.Held held = native!.Hold();
            BumpBuffer buf = native.Buffer;
            if (!IsValidRequest("bumper_realloc", newSize, alignment))
            {
                return null;
            }

            if (memory == null)
            {
                return buf.AllocPtr((nint)newSize, (int)alignment);
            }

            if (oldSize > (nuint)nint.MaxValue)
            {
                LastError.Set(BumperStatus.InvalidSize, $"bumper_realloc: old_size {oldSize} is above PTRDIFF_MAX");
                return null;
            }

            // In place only at the right alignment (the caller may ask for a stricter one than ptr had).
            if (((nuint)memory & (alignment - 1)) == 0 && buf.TryResizeLast((nuint)memory, oldSize, newSize))
            {
                return memory;
            }

            void* p = buf.AllocPtr((nint)newSize, (int)alignment);
            Buffer.MemoryCopy(memory, p, newSize, Math.Min(oldSize, newSize));
            return p;
        }
        catch (Exception e)
        {
            Fail("bumper_realloc", e);
            return null;
        }
    }

    /// <summary>
    /// <c>int bumper_get_stats(const bumper_buffer *buf, bumper_stats *out)</c>: the buffer's figures,
    /// written into the fields of <paramref name="stats"/> that its <c>size</c> covers.
    /// </summary>
    /// <returns><c>BUMPER_OK</c>, <c>BUMPER_E_INVALID_ARGUMENT</c> (NULL, or <c>size</c> below the first version's 48 bytes), or the buffer's error.</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_get_stats")]
    public static int GetStats(nint buffer, NativeStats* stats)
    {
        try
        {
            if (!TryResolve("bumper_get_stats", buffer, out NativeBuffer? native))
            {
                return (int)ResolveFailure(buffer);
            }

            if (stats == null)
            {
                return (int)LastError.Set(BumperStatus.InvalidArgument, "bumper_get_stats: out is NULL");
            }

            if (stats->Size < StatsFirstVersionSize)
            {
                return (int)LastError.Set(BumperStatus.InvalidArgument, $"bumper_get_stats: out->size is {stats->Size}, below the {StatsFirstVersionSize} bytes of bumper_stats; set it to sizeof(bumper_stats)");
            }

            // Every field of this version fits in 48 bytes; fields added later are written only when size covers them.
            using NativeBuffer.Held held = native.Hold();
            BumpBuffer buf = native.Buffer;
            var growable = buf as ChainBuffer;
            stats->Used = buf.BytesUsed;
            stats->Capacity = buf.Capacity;
            stats->Peak = buf.PeakBytesUsed;
            stats->MaxCapacity = growable is not null && growable.MaxCapacity != long.MaxValue ? growable.MaxCapacity : 0;
            stats->Blocks = buf.BlocksHeld;
            if (stats->Size >= StatsRetainedVersionSize)
            {
                stats->Retained = buf.RetainedBytes;
            }

            return (int)BumperStatus.Ok;
        }
        catch (Exception e)
        {
            return (int)Fail("bumper_get_stats", e);
        }
    }

    /// <summary>
    /// <c>int bumper_buffer_set_max_capacity(bumper_buffer *buf, size_t max_capacity)</c>: the most memory a
    /// growable buffer may hold, every block counted (0: no limit). <see cref="BumpBuffer.MaxCapacity"/>.
    /// </summary>
    /// <returns><c>BUMPER_OK</c>; <c>BUMPER_E_NOT_GROWABLE</c> for a fixed buffer; <c>BUMPER_E_INVALID_SIZE</c> above PTRDIFF_MAX or below what the buffer holds now.</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_buffer_set_max_capacity")]
    public static int SetMaxCapacity(nint buffer, nuint maxCapacity)
    {
        const string Function = "bumper_buffer_set_max_capacity";
        try
        {
            if (!TryResolveGrowable(Function, buffer, out ChainBuffer? growable, out BumperStatus failure))
            {
                return (int)failure;
            }

            if (maxCapacity > (nuint)nint.MaxValue)
            {
                return (int)LastError.Set(BumperStatus.InvalidSize, $"{Function}: max_capacity {maxCapacity} is above PTRDIFF_MAX");
            }

            long limit = maxCapacity == 0 ? long.MaxValue : (long)maxCapacity;
            if (limit < growable!.Capacity)
            {
                return (int)LastError.Set(BumperStatus.InvalidSize, $"{Function}: max_capacity {maxCapacity} is below the {growable.Capacity} bytes the buffer holds now");
            }

            growable.MaxCapacity = limit;
            return (int)BumperStatus.Ok;
        }
        catch (Exception e)
        {
            return (int)Fail(Function, e);
        }
    }

    /// <summary>
    /// <c>int bumper_buffer_set_max_retained(bumper_buffer *buf, size_t max_retained)</c>: the most memory a
    /// growable buffer keeps past the blocks in use (<see cref="BumpBuffer.MaxRetainedBytes"/>); applies at once.
    /// </summary>
    /// <returns><c>BUMPER_OK</c>; <c>BUMPER_E_NOT_GROWABLE</c>, <c>BUMPER_E_INVALID_SIZE</c> (above PTRDIFF_MAX), <c>BUMPER_E_BUSY</c>, or the buffer's error.</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_buffer_set_max_retained")]
    public static int SetMaxRetained(nint buffer, nuint maxRetained)
    {
        const string Function = "bumper_buffer_set_max_retained";
        try
        {
            BumperStatus status = TryResolveIdle(Function, buffer, out NativeBuffer? buf);
            if (status != BumperStatus.Ok)
            {
                return (int)status;
            }

            if (buf!.Buffer is not ChainBuffer growable)
            {
                return (int)LastError.Set(BumperStatus.NotGrowable, $"{Function}: buffer 0x{buffer:x} is fixed; it keeps nothing past its one block");
            }

            if (maxRetained > (nuint)nint.MaxValue)
            {
                return (int)LastError.Set(BumperStatus.InvalidSize, $"{Function}: max_retained {maxRetained} is above PTRDIFF_MAX");
            }

            using NativeBuffer.Held held = buf.Hold();
            growable.MaxRetainedBytes = maxRetained == (nuint)nint.MaxValue ? long.MaxValue : (long)maxRetained;
            return (int)BumperStatus.Ok;
        }
        catch (Exception e)
        {
            return (int)Fail(Function, e);
        }
    }

    /// <summary><c>int bumper_trim(bumper_buffer *buf)</c>: returns every block with nothing live in it (<see cref="BumpBuffer.TrimExcess"/>).</summary>
    /// <returns><c>BUMPER_OK</c>, <c>BUMPER_E_BUSY</c>, or the buffer's error.</returns>
    [UnmanagedCallersOnly(EntryPoint = "bumper_trim")]
    public static int Trim(nint buffer)
    {
        try
        {
            BumperStatus status = TryResolveIdle("bumper_trim", buffer, out NativeBuffer? buf);
            if (status != BumperStatus.Ok)
            {
                return (int)status;
            }

            using NativeBuffer.Held held = buf!.Hold();
            buf.Buffer.TrimExcess();
            return (int)BumperStatus.Ok;
        }
        catch (Exception e)
        {
            return (int)Fail("bumper_trim", e);
        }
    }

    /// <summary>The growable buffer of <paramref name="buffer"/>, or false with the failure set: a bad handle, or a fixed buffer.</summary>
    private static bool TryResolveGrowable(string function, nint buffer, out ChainBuffer? growable, out BumperStatus failure)
    {
        growable = null;
        if (!TryResolve(function, buffer, out NativeBuffer? buf))
        {
            failure = ResolveFailure(buffer);
            return false;
        }

        if (buf.Buffer is not ChainBuffer chain)
        {
            failure = LastError.Set(BumperStatus.NotGrowable, $"{function}: buffer 0x{buffer:x} is fixed; a limit applies only to a BUMPER_GROWABLE buffer");
            return false;
        }

        growable = chain;
        failure = BumperStatus.Ok;
        return true;
    }
}
