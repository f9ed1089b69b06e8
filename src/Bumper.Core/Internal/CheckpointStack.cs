namespace Bumper.Internal;

/// <summary>
/// Checked mode's record of which checkpoints are still alive: the serials of every save not yet
/// released, oldest first. Restoring a checkpoint releases every save made after it; a reset
/// releases them all. A checkpoint whose serial is not here is dead.
/// </summary>
/// <remarks>
/// Serials are compared for equality only. They come from a 32-bit counter that wraps (a service
/// reaches 2^31 saves within hours), so "larger" does not mean "later": an ordered search stopped
/// early at the first smaller serial and reported live checkpoints dead once the counter had wrapped.
/// </remarks>
internal sealed class CheckpointStack
{
    private int[] _serials = new int[16];
    private int _count;

    /// <summary>How many saves are alive.</summary>
    public int Count => _count;

    public void Push(int serial)
    {
        if (_count == _serials.Length)
        {
            Array.Resize(ref _serials, _serials.Length * 2);
        }

        _serials[_count++] = serial;
    }

    /// <summary>
    /// Where <paramref name="serial"/> sits among the live saves, or -1 when it is dead. Changes
    /// nothing, so a restore can be refused after this look-up with every checkpoint still alive.
    /// </summary>
    public int IndexOf(int serial)
    {
        // The checkpoint restored is nearly always on top, so the search starts there.
        for (int i = _count - 1; i >= 0; i--)
        {
            if (_serials[i] == serial)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Keeps the saves up to <paramref name="index"/> (-1: none) and forgets every later one.</summary>
    public void ReleaseAbove(int index) => _count = index + 1;

    public void Clear() => _count = 0;
}
