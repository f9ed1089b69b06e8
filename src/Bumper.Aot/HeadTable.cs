// The heads C bumps in bumper.h's inline bumper_alloc, and the memory that holds them. Invariants:
//   - The table (bumper_head_table in bumper.h: count, then the address of the heads) and the heads
//     are allocated once, zeroed, and never freed, moved or resized: each C translation unit copies
//     count and the heads' address once, and reads its copy on every call. count never changes, so
//     C's bounds check (slot < count) is all that keeps it inside always-mapped memory. The heads come
//     from calloc, so only the pages of slots in use are ever touched.
//   - Head i belongs to the buffer in BufferTable slot i; slots at or past count have no head. A
//     head's handle is its buffer's handle exactly while the head holds the buffer's bump pointer
//     (lent), and 0 otherwise; a handle is never 0, so a head that is not lent matches no handle, and
//     a freed buffer's head never matches again (a new occupant of the slot has another generation).
//     While lent, current <= limit, both inside the buffer's current block, and limit <= PTRDIFF_MAX -
//     BUMPER_MAX_ALIGNMENT, so C's rounding and end (bumper.h) cannot wrap. The library writes handle
//     and limit; C writes only current, and only forward, within limit.
//   - Only one thread uses a buffer at a time (bumper.h's contract), so a head is written by one
//     thread at a time; heads are a cache line each, so threads bumping different buffers never
//     share a line.
using System.Runtime.InteropServices;

namespace Bumper.Aot;

/// <summary>
/// The table of heads that <c>bumper.h</c>'s <c>static inline bumper_alloc</c> bumps without calling
/// the library: <c>bumper_head_table</c> and <c>bumper_head</c> in C.
/// </summary>
/// <remarks>
/// A handle's slot index is its head's index, so C finds a head with one bounds check and one
/// multiply-add, and compares the whole handle (slot and generation) with the head before it bumps: a
/// freed, forged or garbage handle is never dereferenced, and reaches the library, which refuses it.
/// Buffers in slots past <see cref="Capacity"/>, or made when the heads' memory could not be had, have
/// no head and are served by the exported functions alone.
/// </remarks>
internal static unsafe class HeadTable
{
    /// <summary>How many buffers can have a head at once: the table's <c>count</c>.</summary>
    public const int Capacity = 65536;

    /// <summary>The bytes of one <c>bumper_head</c>: a cache line.</summary>
    private const int HeadSize = 64;

    private static readonly Lock s_lock = new();

    /// <summary>The table, or null until first needed (or while its memory cannot be had).</summary>
    private static Table* s_table;

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

    /// <summary>The head of slot <paramref name="index"/>, or none when the slot is past <see cref="Capacity"/> or the table could not be allocated.</summary>
    public static SharedHead Reserve(int index)
    {
        if ((uint)index >= Capacity)
        {
            return default;
        }

        lock (s_lock)
        {
            Table* table = TableOrNull();
            return table == null ? default : new SharedHead(table->Heads + index);
        }
    }

    private static Table* TableOrNull()
    {
        if (s_table != null)
        {
            return s_table;
        }

        try
        {
            // calloc: zeroed pages that are touched only when a slot is used. One head more than asked,
            // to align the first to a cache line.
            byte* heads = (byte*)NativeMemory.AllocZeroed((nuint)(Capacity + 1) * HeadSize);
            Table* table = (Table*)NativeMemory.AllocZeroed((nuint)sizeof(Table));
            table->Count = Capacity;
            table->Heads = (Head*)(((nuint)heads + HeadSize - 1) & ~(nuint)(HeadSize - 1));
            s_table = table;
        }
        catch (OutOfMemoryException)
        {
            // Without heads every call takes the library's path; the next buffer tries again.
        }

        return s_table;
    }

    /// <summary><c>bumper_head_table</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Table
    {
        /// <summary><c>count</c>: heads at <see cref="Heads"/>.</summary>
        public ulong Count;

        /// <summary><c>heads</c>: the first of <see cref="Count"/> heads.</summary>
        public Head* Heads;
    }

    /// <summary><c>bumper_head</c>: one buffer's bump pointer while C holds it.</summary>
    [StructLayout(LayoutKind.Sequential, Size = HeadSize)]
    internal struct Head
    {
        /// <summary><c>handle</c>: the buffer's handle while lent, 0 otherwise.</summary>
        public ulong Handle;

        /// <summary><c>limit</c>: the end of the room lent.</summary>
        public nuint Limit;

        /// <summary><c>current</c>: the next free byte; C moves it forward.</summary>
        public nuint Current;
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
