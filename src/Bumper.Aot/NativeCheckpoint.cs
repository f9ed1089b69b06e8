using System.Runtime.InteropServices;

namespace Bumper.Aot;

/// <summary>
/// <c>bumper_checkpoint</c>: a <see cref="Checkpoint"/> as C sees it, 24 bytes, returned by value
/// from <c>bumper_checkpoint_save</c> and passed by value to <c>bumper_checkpoint_restore</c>.
/// </summary>
/// <remarks>
/// <see cref="Position"/>, <see cref="State"/> and <see cref="Serial"/> are opaque to C; only
/// <see cref="Status"/> is meant to be read. The layout is independent of <see cref="Checkpoint"/>'s,
/// which may change: values are copied through its public constructor and properties.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public struct NativeCheckpoint
{
    /// <summary><c>position</c>: <see cref="Checkpoint.Position"/>.</summary>
    public ulong Position;

    /// <summary><c>state</c>: <see cref="Checkpoint.State"/>.</summary>
    public long State;

    /// <summary><c>serial</c>: <see cref="Checkpoint.Serial"/>.</summary>
    public int Serial;

    /// <summary><c>status</c>: <see cref="BumperStatus.Ok"/>, or why the save failed.</summary>
    public int Status;

    /// <summary>Copies a managed checkpoint for C.</summary>
    internal static NativeCheckpoint From(Checkpoint checkpoint) => new()
    {
        Position = checkpoint.Position,
        State = checkpoint.State,
        Serial = checkpoint.Serial,
        Status = (int)BumperStatus.Ok,
    };

    /// <summary>A checkpoint that records only why <c>bumper_checkpoint_save</c> failed.</summary>
    internal static NativeCheckpoint Failed(BumperStatus status) => new() { Status = (int)status };

    /// <summary>The managed checkpoint this one was copied from.</summary>
    internal readonly Checkpoint ToCheckpoint() => new((nuint)Position, State, Serial);
}
