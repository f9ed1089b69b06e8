namespace Bumper.Internal;

/// <summary>
/// Checked mode's record of which checkpoints are still alive: the serials of every save not yet
/// released, oldest first. Restoring a checkpoint releases every save made after it; a reset
/// releases them all. A checkpoint whose serial is not here is dead.
/// </summary>
internal sealed class CheckpointStack
{
    private int[] _serials = new int[16];
    private int _count;

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
        // Serials are pushed in increasing order, and the one restored is nearly always on top.
        for (int i = _count - 1; i >= 0; i--)
        {
            if (_serials[i] == serial)
            {
                return i;
            }

            // Stryker disable once Equality : equality returned just above, so < and <= decide alike
            if (_serials[i] < serial)
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>Keeps the save at <paramref name="index"/> (from <see cref="IndexOf"/>) and forgets every later one.</summary>
    public void ReleaseAbove(int index) => _count = index + 1;

    public void Clear() => _count = 0;
}
