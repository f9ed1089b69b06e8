// The heads C bumps in bumper.h's inline bumper_alloc, and the memory that holds them. Invariants:
//   - The table (bumper_head_table in bumper.h: a count, then ChunkCapacity chunk pointers) is one
//     NativeMemory block, allocated once and never freed or moved: C caches its address.
//   - Chunk k, for k < count / HeadsPerChunk, is a zeroed, cache-line-aligned block of HeadsPerChunk
//     heads, allocated once and never freed or moved; every other chunk pointer is NULL. count only
//     grows, and is written with a release (Volatile.Write) after the chunk pointer, so C, which loads
//     count with an acquire and reads a chunk only below it, never reads a NULL or unfinished chunk.
//     Growth therefore never disturbs a thread bumping another buffer's head.
//   - Head i belongs to the buffer in BufferTable slot i. Its handle is that buffer's handle exactly
//     while the head holds the buffer's bump pointer (lent), and 0 otherwise; a handle is never 0, so
//     a head that is not lent matches no handle. While lent, current <= limit, both inside the
//     buffer's current block, and limit <= PTRDIFF_MAX - BUMPER_MAX_ALIGNMENT, so C's rounding and
//     end (bumper.h) cannot wrap. The library writes handle and limit; C writes only current, and only
//     forward, within limit.
//   - Only one thread uses a buffer at a time (bumper.h's contract), so a head is written by one
//     thread at a time; heads are a cache line apart, so threads bumping different buffers never
//     share a line.
using System.Runtime.InteropServices;

namespace Bumper.Aot;

/// <summary>
/// The table of heads that <c>bumper.h</c>'s <c>static inline bumper_alloc</c> bumps without calling
/// the library: <c>bumper_head_table</c> and <c>bumper_head</c> in C.
/// </summary>
/// <remarks>
/// A handle's slot index is its head's index, so C finds a head with a bounds check against the
/// published count and two loads, and checks the handle (slot and generation) against the head before
/// it bumps: a freed, forged or garbage handle is never dereferenced, and reaches the library, which
/// refuses it. Buffers past the table's capacity, or whose chunk could not be allocated, have no head
/// and are served by the exported functions alone.
/// </remarks>
internal static unsafe class HeadTable
{
    /// <summary><c>BUMPER_HEADS_PER_CHUNK</c>: heads per chunk.</summary>
    public const int HeadsPerChunk = 64;

    /// <summary><c>BUMPER_HEAD_CHUNKS</c>: the table's chunk pointers, so at most this many chunks.</summary>
    public const int ChunkCapacity = 4096;

    /// <summary>The bytes of one <c>bumper_head</c>: a cache line.</summary>
    private const int HeadSize = 64;

    private static readonly Lock s_lock = new();

    /// <summary>The table: <c>count</c>, then the chunk pointers; null until first needed or if it could not be allocated.</summary>
    private static ulong* s_table;

    /// <summary>
    /// The table's address for <c>bumper_heads()</c>, allocated on first use; 0 if the memory could not
    /// be had (C then takes the library's path for every call, and asks again on its next one).
    /// </summary>
    public static nint Address
    {
        get
        {
            lock (s_lock)
            {
                return (nint)TableOrNull();
            }
        }
    }

    /// <summary>
    /// The head of slot <paramref name="index"/>, allocating the chunks up to it; none when the index is
    /// past the table's capacity or the memory could not be had. Called once per new buffer, under
    /// BufferTable's lock, so slots arrive one at a time.
    /// </summary>
    public static SharedHead Reserve(int index)
    {
        if (index >= ChunkCapacity * HeadsPerChunk)
        {
            return default;
        }

        lock (s_lock)
        {
            ulong* table = TableOrNull();
            if (table == null)
            {
                return default;
            }

            ulong count = table[0];
            while ((ulong)index >= count)
            {
                void* chunk = AllocateZeroedOrNull(HeadsPerChunk * HeadSize, alignment: HeadSize);
                if (chunk == null)
                {
                    return default;
                }

                table[1 + (count / HeadsPerChunk)] = (ulong)chunk;
                count += HeadsPerChunk;
                Volatile.Write(ref table[0], count);
            }

            byte* head = (byte*)table[1 + ((uint)index / HeadsPerChunk)] + ((uint)index % HeadsPerChunk * HeadSize);
            return new SharedHead((Head*)head);
        }
    }

    private static ulong* TableOrNull()
    {
        if (s_table == null)
        {
            s_table = (ulong*)AllocateZeroedOrNull((1 + ChunkCapacity) * sizeof(ulong), alignment: HeadSize);
        }

        return s_table;
    }

    private static void* AllocateZeroedOrNull(int bytes, int alignment)
    {
        try
        {
            void* memory = NativeMemory.AlignedAlloc((nuint)bytes, (nuint)alignment);
            NativeMemory.Clear(memory, (nuint)bytes);
            return memory;
        }
        catch (OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary><c>bumper_head</c>: one buffer's bump pointer while C holds it.</summary>
    [StructLayout(LayoutKind.Sequential, Size = HeadSize)]
    internal struct Head
    {
        /// <summary><c>handle</c>: the buffer's handle while lent, 0 otherwise.</summary>
        public ulong Handle;

        /// <summary><c>current</c>: the next free byte; C moves it forward.</summary>
        public nuint Current;

        /// <summary><c>limit</c>: the end of the room lent.</summary>
        public nuint Limit;
    }
}

/// <summary>
/// One buffer's head in <see cref="HeadTable"/>, or none (<c>default</c>): the only way the rest of the
/// library reads or writes head memory.
/// </summary>
internal readonly unsafe struct SharedHead
{
    /// <summary>The highest limit a head may be lent: C rounds up by at most <c>BUMPER_MAX_ALIGNMENT - 1</c> and adds at most PTRDIFF_MAX.</summary>
    private static readonly nuint HighestLimit = (nuint)nint.MaxValue - BumpBuffer.MaxAlignment;

    private readonly HeadTable.Head* _head;

    internal SharedHead(HeadTable.Head* head) => _head = head;

    /// <summary>Whether the buffer has a head (false past the table's capacity).</summary>
    public bool Exists => _head != null;

    /// <summary>Whether C holds the bump pointer of <paramref name="handle"/>'s buffer now.</summary>
    public bool IsLentTo(nint handle) => _head != null && _head->Handle == (ulong)handle;

    /// <summary>The position C has bumped to (meaningful while lent).</summary>
    public nuint Current => _head->Current;

    /// <summary>Whether a range ending at <paramref name="limit"/> may be lent (C's arithmetic cannot wrap below it).</summary>
    public static bool CanLend(nuint limit) => limit <= HighestLimit;

    /// <summary>Hands C [<paramref name="current"/>, <paramref name="limit"/>) for <paramref name="handle"/>; the handle goes last, so the head is whole before it matches.</summary>
    public void Lend(nint handle, nuint current, nuint limit)
    {
        _head->Current = current;
        _head->Limit = limit;
        Volatile.Write(ref _head->Handle, (ulong)handle);
    }

    /// <summary>Ends the loan: the head matches no handle, so C's next call reaches the library.</summary>
    public void Withdraw()
    {
        if (_head != null)
        {
            Volatile.Write(ref _head->Handle, 0);
        }
    }
}
