using System.Diagnostics;

namespace Bumper.Internal;

/// <summary>
/// Checked mode's record of which checkpoints are still alive: the serial of every save not yet
/// released, with the place it was saved at, oldest first. Restoring a checkpoint releases every save
/// made after it; a reset releases them all. A checkpoint whose serial is not here is dead.
/// </summary>
/// <remarks>
/// Serials are compared for equality only. They come from a 32-bit counter that wraps (a service
/// reaches 2^31 saves within hours), so "larger" does not mean "later": an ordered search stopped
/// early at the first smaller serial and reported live checkpoints dead once the counter had wrapped.
/// </remarks>
internal sealed class CheckpointStack
{
    private Entry[] _entries = new Entry[16];
    private int _count;

    /// <summary>How many saves are alive.</summary>
    public int Count => _count;

    public void Push(int serial, nuint position, long state)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        _entries[_count++] = new Entry(serial, position, state);
    }

    /// <summary>The serial of the newest live save if it was saved at <paramref name="position"/> in <paramref name="state"/>; otherwise 0. At least one save is alive.</summary>
    public int TopAt(nuint position, long state)
    {
        Debug.Assert(_count > 0, "the caller asks only while a save is alive");
        ref readonly Entry top = ref _entries[_count - 1];
        return top.Position == position && top.State == state ? top.Serial : 0;
    }

    /// <summary>The serial of the newest live save, or 0 when none is alive.</summary>
    public int TopSerial => _count == 0 ? 0 : _entries[_count - 1].Serial;

    /// <summary>
    /// Where <paramref name="serial"/> sits among the live saves, or -1 when it is dead. Changes
    /// nothing, so a restore can be refused after this look-up with every checkpoint still alive.
    /// </summary>
    public int IndexOf(int serial)
    {
        // The checkpoint restored is nearly always on top, so the search starts there.
        for (int i = _count - 1; i >= 0; i--)
        {
            if (_entries[i].Serial == serial)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Keeps the saves up to <paramref name="index"/> (-1: none) and forgets every later one.</summary>
    public void ReleaseAbove(int index) => _count = index + 1;

    public void Clear() => _count = 0;

    private readonly record struct Entry(int Serial, nuint Position, long State);
}
