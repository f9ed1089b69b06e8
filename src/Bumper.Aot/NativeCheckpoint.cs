using System.Runtime.InteropServices;

namespace Bumper.Aot;

/// <summary>
/// <c>bumper_checkpoint</c>: a <see cref="Checkpoint"/> as C sees it, 32 bytes, returned by value
/// from <c>bumper_checkpoint_save</c> and passed by value to <c>bumper_checkpoint_restore</c>.
/// </summary>
/// <remarks>
/// <see cref="Position"/>, <see cref="State"/>, <see cref="Serial"/> and <see cref="Owner"/> are opaque
/// to C; only <see cref="Status"/> is meant to be read. <see cref="Owner"/> is the handle of the buffer the
/// checkpoint was saved from, so another buffer's checkpoint is refused by identity: its position alone
/// may name memory this buffer holds now (a freed block's address, handed out again). The layout is independent of <see cref="Checkpoint"/>'s,
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

    /// <summary><c>owner</c>: the handle of the buffer that saved it (0 for a failed save).</summary>
    public long Owner;

    /// <summary>Copies a managed checkpoint for C.</summary>
    internal static NativeCheckpoint From(Checkpoint checkpoint, nint owner) => new()
    {
        Position = checkpoint.Position,
        State = checkpoint.State,
        Serial = checkpoint.Serial,
        Status = (int)BumperStatus.Ok,
        Owner = owner,
    };

    /// <summary>A checkpoint that records only why <c>bumper_checkpoint_save</c> failed.</summary>
    internal static NativeCheckpoint Failed(BumperStatus status) => new() { Status = (int)status };

    /// <summary>The managed checkpoint this one was copied from.</summary>
    internal readonly Checkpoint ToCheckpoint() => new((nuint)Position, State, Serial);
}
