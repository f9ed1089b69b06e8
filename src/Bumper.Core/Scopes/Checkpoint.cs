using System.Runtime.InteropServices;

namespace Bumper;

/// <summary>
/// A saved position of a buffer, to return to with <see cref="BumpBuffer.Restore"/>.
/// Bumper.jl: the value <c>checkpoint_save(buf)</c> returns.
/// </summary>
/// <remarks>
/// A plain 24-byte value: saving one allocates nothing. Its fields mean what the buffer that made it
/// says; a custom <see cref="IBumpAllocator"/> may use them freely (for example only
/// <see cref="Position"/> as an offset).
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Checkpoint : IEquatable<Checkpoint>
{
    /// <summary>Creates a checkpoint; built-in buffers make their own with <see cref="BumpBuffer.Save"/>.</summary>
    /// <param name="position">The bump position (an address for built-in buffers, any number for custom allocators).</param>
    /// <param name="state">Which block the position lies in, in the allocator's own numbering.</param>
    /// <param name="serial">Checked mode's identity of the save, or 0.</param>
    public Checkpoint(nuint position, long state = 0, int serial = 0)
    {
        Position = position;
        State = state;
        Serial = serial;
    }

    /// <summary>The bump position when the checkpoint was saved.</summary>
    public nuint Position { get; }

    /// <summary>The block layout when the checkpoint was saved.</summary>
    public long State { get; }

    /// <summary>A serial number given in checked mode, so a dead checkpoint can be told from a live one; 0 otherwise.</summary>
    public int Serial { get; }

    /// <inheritdoc />
    public bool Equals(Checkpoint other) => Position == other.Position && State == other.State && Serial == other.Serial;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Checkpoint other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Position, State, Serial);

    /// <summary>Whether two checkpoints are the same.</summary>
    public static bool operator ==(Checkpoint left, Checkpoint right) => left.Equals(right);

    /// <summary>Whether two checkpoints differ.</summary>
    public static bool operator !=(Checkpoint left, Checkpoint right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => $"Checkpoint(position 0x{Position:x}, state {State}, serial {Serial})";
}
