using System.Diagnostics.CodeAnalysis;

namespace Bumper.Aot;

/// <summary>
/// The opaque handles C holds for buffers (<c>bumper_buffer *</c>): a slot index and a generation,
/// never an address, so a freed, forged or garbage handle is recognised and refused instead of
/// being dereferenced.
/// </summary>
/// <remarks>
/// <para>
/// A handle is <c>generation &lt;&lt; 32 | (index + 1)</c>: never zero (NULL), and never equal to a
/// handle of an earlier occupant of the same slot, because freeing a slot advances its generation.
/// That is how a double free is detected. It needs 64-bit pointers, which every published RID has.
/// </para>
/// <para>
/// A slot's index is also its head's in <see cref="HeadTable"/>: <c>bumper.h</c>'s inline
/// <c>bumper_alloc</c> finds the head from the handle alone and compares the whole handle with it.
/// </para>
/// <para>
/// Adding and removing take a lock; looking up does not. A look-up reads one element of the
/// current slot array (a reference, so it is never torn). If it races with a free of the same handle,
/// which is already a use-after-free in the C program, it may still see the buffer, which then
/// refuses the call as disposed; it can never see another buffer, since an entry carries its whole
/// handle.
/// </para>
/// </remarks>
internal static class BufferTable
{
    private static readonly Lock s_lock = new();
    private static NativeBuffer?[] s_entries = new NativeBuffer?[16];
    private static uint[] s_generations = new uint[16];
    private static readonly Stack<int> s_freeSlots = new();
    private static int s_slotsUsed;

    /// <summary>Stores <paramref name="buffer"/>, lends it its head, and returns its new handle.</summary>
    public static nint Add(BumpBuffer buffer)
    {
        lock (s_lock)
        {
            if (!s_freeSlots.TryPop(out int index))
            {
                index = s_slotsUsed++;
                if (index == s_entries.Length)
                {
                    Array.Resize(ref s_generations, index * 2);
                    NativeBuffer?[] grown = new NativeBuffer?[index * 2];
                    s_entries.CopyTo(grown, 0);
                    Volatile.Write(ref s_entries, grown);
                }
            }

            uint generation = ++s_generations[index];
            if (generation == 0)
            {
                // After 2^32 reuses of one slot: skip 0 so a handle is never a bare index.
                generation = s_generations[index] = 1;
            }

            nint handle = (nint)(((ulong)generation << 32) | (uint)(index + 1));
            Volatile.Write(ref s_entries[index], new NativeBuffer(buffer, handle, HeadTable.Reserve(index)));
            return handle;
        }
    }

    /// <summary>Finds the live buffer of <paramref name="handle"/>.</summary>
    public static bool TryGet(nint handle, [NotNullWhen(true)] out NativeBuffer? buffer)
    {
        NativeBuffer?[] entries = Volatile.Read(ref s_entries);
        int index = Decode(handle).Index;
        NativeBuffer? entry = (uint)index < (uint)entries.Length ? Volatile.Read(ref entries[index]) : null;
        buffer = entry is not null && entry.Handle == handle ? entry : null;
        return buffer is not null;
    }

    /// <summary>Takes the live buffer of <paramref name="handle"/> out of the table and ends its head's loan; its handle is dead afterwards.</summary>
    public static bool TryRemove(nint handle, [NotNullWhen(true)] out NativeBuffer? buffer)
    {
        lock (s_lock)
        {
            if (!TryGet(handle, out buffer))
            {
                return false;
            }

            // The loan ends before the slot can be handed out again: a withdrawal after it would take
            // the head from the next buffer in this slot, made by another thread meanwhile.
            buffer.EndLoan();
            int index = Decode(handle).Index;
            s_entries[index] = null;
            s_freeSlots.Push(index);
            return true;
        }
    }

    /// <summary>Whether <paramref name="handle"/> once named a buffer that has been freed since (a double free).</summary>
    public static bool WasFreed(nint handle)
    {
        lock (s_lock)
        {
            (int index, uint generation) = Decode(handle);
            return (uint)index < (uint)s_slotsUsed && generation != 0 && generation <= s_generations[index];
        }
    }

    private static (int Index, uint Generation) Decode(nint handle)
    {
        ulong bits = (ulong)handle;
        return ((int)((uint)bits - 1), (uint)(bits >> 32));
    }
}
