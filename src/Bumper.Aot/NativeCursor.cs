using System.Runtime.InteropServices;

namespace Bumper.Aot;

/// <summary>
/// <c>bumper_cursor</c>: a buffer's bump pointer lent to C, which bumps <see cref="Current"/> in a
/// <c>static inline</c> function of bumper.h and calls the library only when the range is used up.
/// </summary>
/// <remarks>
/// C may read and write <see cref="Current"/> (through <c>bumper_cursor_alloc</c>, <c>_mark</c> and
/// <c>_release</c>); the other fields are the library's. The library never trusts the struct: every
/// export that takes one checks that <see cref="Buffer"/> is a live buffer with a cursor open and
/// that <see cref="Current"/> lies in the open cursor's range.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public struct NativeCursor
{
    /// <summary><c>current</c>: the next free byte.</summary>
    public nuint Current;

    /// <summary><c>limit</c>: the end of the range the cursor owns; an allocation that would pass it calls the library.</summary>
    public nuint Limit;

    /// <summary><c>start</c>: where the range began; <c>bumper_cursor_release</c> refuses marks before it.</summary>
    public nuint Start;

    /// <summary><c>buffer</c>: the buffer's handle.</summary>
    public nint Buffer;

    /// <summary>The values that make every inline allocation and release take the library's path (a closed cursor).</summary>
    internal static NativeCursor Closed(nint buffer) => new() { Current = 1, Limit = 0, Start = 1, Buffer = buffer };
}
