// Invariants: s_message is a pinned (POH) array, so the address bumper_last_error() hands to C stays
// valid while the thread lives, and it always holds a NUL-terminated UTF-8 string (the last byte is
// never written). The array belongs to one thread ([ThreadStatic]); the GC reclaims it after the thread
// ends, so nothing leaks per thread.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Unicode;

namespace Bumper.Aot;

/// <summary>The thread-local message of the last failed call, returned by <c>bumper_last_error()</c>.</summary>
internal static unsafe class LastError
{
    /// <summary>Bytes kept per message, with the terminating NUL; longer messages are cut.</summary>
    internal const int Capacity = 512;

    [ThreadStatic]
    private static byte[]? s_message;

    /// <summary>Records <paramref name="message"/> as this thread's last error and returns <paramref name="status"/>.</summary>
    public static BumperStatus Set(BumperStatus status, string message)
    {
        byte[] buffer = Buffer();
        Span<byte> text = buffer.AsSpan(0, Capacity - 1);
        Utf8.FromUtf16(message, text, out _, out int written, replaceInvalidSequences: true, isFinalBlock: true);
        buffer[written] = 0;
        return status;
    }

    /// <summary>The address of this thread's message: <c>""</c> until a call fails.</summary>
    public static byte* Pointer() => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Buffer()));

    private static byte[] Buffer() => s_message ??= GC.AllocateArray<byte>(Capacity, pinned: true);
}
