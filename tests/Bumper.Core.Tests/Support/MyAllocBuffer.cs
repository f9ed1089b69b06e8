using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Bumper;

namespace Bumper.Core.Tests.Support;

/// <summary>
/// The seed's custom allocator ("Creating your own allocator types"), ported: a byte array and an
/// offset, with the seed's out-of-memory check made to leave the offset unchanged.
/// </summary>
public sealed unsafe class MyAllocBuffer : IBumpAllocator
{
    private readonly byte[] _buf;
    private nuint _offset;

    public MyAllocBuffer(int size) => _buf = GC.AllocateArray<byte>(size, pinned: true);

    public nuint Offset => _offset;

    public byte* Base => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buf));

    public void* AllocPtr(nint byteCount, int alignment)
    {
        nuint start = (((nuint)Base + _offset + (nuint)alignment - 1) & ~(nuint)(alignment - 1)) - (nuint)Base;
        if (start + (nuint)byteCount > (nuint)_buf.Length)
        {
            throw new BufferFullException(byteCount, (long)_offset, _buf.Length);
        }

        _offset = start + (nuint)byteCount;
        return Base + start;
    }

    public Checkpoint Save() => new(_offset);

    public void Restore(Checkpoint checkpoint) => _offset = checkpoint.Position;

    public void Reset() => _offset = 0;
}
