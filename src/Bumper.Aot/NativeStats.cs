using System.Runtime.InteropServices;

namespace Bumper.Aot;

/// <summary>
/// <c>bumper_stats</c>: a buffer's figures as <c>bumper_get_stats</c> writes them. The caller sets
/// <see cref="Size"/> to <c>sizeof(bumper_stats)</c>, so later versions can append fields without
/// writing past an older caller's struct.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct NativeStats
{
    /// <summary><c>size</c>: the struct's size as the caller compiled it; never written by the library.</summary>
    public nuint Size;

    /// <summary><c>used</c>: <see cref="BumpBuffer.BytesUsed"/>.</summary>
    public long Used;

    /// <summary><c>capacity</c>: <see cref="BumpBuffer.Capacity"/>, every block counted.</summary>
    public long Capacity;

    /// <summary><c>peak</c>: <see cref="BumpBuffer.PeakBytesUsed"/>.</summary>
    public long Peak;

    /// <summary><c>max_capacity</c>: a growable buffer's <see cref="BumpBuffer.MaxCapacity"/>, 0 when none is set.</summary>
    public long MaxCapacity;

    /// <summary><c>blocks</c>: <see cref="BumpBuffer.BlocksHeld"/>, the kept blocks included.</summary>
    public long Blocks;

    /// <summary><c>retained</c>: <see cref="BumpBuffer.RetainedBytes"/>; written only when the caller's <c>size</c> covers it.</summary>
    public long Retained;
}
