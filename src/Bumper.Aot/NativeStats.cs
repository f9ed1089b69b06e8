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

    /// <summary><c>limit</c>: a growable buffer's <see cref="BumpBuffer.MaxCapacity"/>, 0 when none is set.</summary>
    public long Limit;

    /// <summary><c>blocks</c>: the blocks of memory held: 1 for a fixed buffer; a growable buffer's chain blocks (the spare included) and dedicated blocks.</summary>
    public long Blocks;
}
