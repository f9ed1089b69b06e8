using System.Runtime.CompilerServices;

namespace Bumper.Benchmarks;

/// <summary>
/// The seed's "Creating your own allocator types" example: a byte array and an offset, nothing else.
/// Written here (not borrowed from the tests) to measure what a user's own allocator costs through
/// the library's generic scope, <c>NoEscapeScope&lt;MyAllocBuffer&gt;</c>.
/// </summary>
/// <remarks>
/// Invariant: <c>0 &lt;= _offset &lt;= _memory.Length</c>; the array is pinned, so <c>_start</c> stays valid
/// for the buffer's lifetime.
/// </remarks>
internal sealed unsafe class MyAllocBuffer : IBumpAllocator
{
    private readonly byte[] _memory;
    private readonly byte* _start;
    private nuint _offset;

    public MyAllocBuffer(int byteCount)
    {
        _memory = GC.AllocateUninitializedArray<byte>(byteCount, pinned: true);
        _start = (byte*)Unsafe.AsPointer(ref _memory[0]);
    }

    public void* AllocPtr(nint byteCount, int alignment)
    {
        // Like the seed: bump, then check; alignment rounds the offset up to a power of two.
        nuint mask = (nuint)alignment - 1;
        nuint start = (_offset + mask) & ~mask;
        nuint end = start + (nuint)byteCount;
        if (end > (nuint)_memory.Length)
        {
            ThrowOutOfMemory();
        }

        _offset = end;
        return _start + start;
    }

    public Checkpoint Save() => new(_offset);

    public void Restore(Checkpoint checkpoint) => _offset = checkpoint.Position;

    public void Reset() => _offset = 0;

    private static void ThrowOutOfMemory() => throw new InvalidOperationException("alloc: Buffer out of memory.");
}
