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

    /// <summary>Keeps <paramref name="serial"/> and forgets every later save; false when it is dead.</summary>
    public bool ReleaseAbove(int serial)
    {
        // Serials are pushed in increasing order, and the one restored is nearly always on top.
        for (int i = _count - 1; i >= 0; i--)
        {
            if (_serials[i] == serial)
            {
                _count = i + 1;
                return true;
            }

            if (_serials[i] < serial)
            {
                return false;
            }
        }

        return false;
    }

    public void Clear() => _count = 0;
}
