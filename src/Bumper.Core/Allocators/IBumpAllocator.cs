namespace Bumper;

/// <summary>
/// What a custom allocator implements to work with Bumper's scopes and views. Bumper.jl:
/// <c>alloc_ptr!</c>, <c>checkpoint_save</c>, <c>checkpoint_restore!</c> and <c>reset_buffer!</c>.
/// </summary>
/// <remarks>
/// A sealed class implementing this gets <see cref="BumpAllocatorExtensions.NoEscape{TAllocator}"/>,
/// and through the scope <c>Alloc&lt;T&gt;</c>, the N-d views and <c>AllocPtr</c>. The scope is
/// generic over the allocator type, so calls are constrained calls on that type, not calls through
/// the interface.
/// </remarks>
/// <example>
/// The seed's <c>MyAllocBuffer</c>:
/// <code>
/// public sealed unsafe class MyAllocBuffer(int size) : IBumpAllocator
/// {
///     private readonly byte[] _buf = GC.AllocateArray&lt;byte&gt;(size, pinned: true);
///     private nuint _offset;
///
///     public void* AllocPtr(nint byteCount, int alignment)
///     {
///         nuint start = (_offset + (nuint)alignment - 1) &amp; ~(nuint)(alignment - 1);
///         if (start + (nuint)byteCount &gt; (nuint)_buf.Length) throw new BufferFullException(byteCount, (long)_offset, _buf.Length);
///         _offset = start + (nuint)byteCount;
///         return (byte*)Unsafe.AsPointer(ref _buf[0]) + start;
///     }
///     public Checkpoint Save() =&gt; new(_offset);
///     public void Restore(Checkpoint checkpoint) =&gt; _offset = checkpoint.Position;
///     public void Reset() =&gt; _offset = 0;
/// }
/// </code>
/// </example>
public interface IBumpAllocator
{
    /// <summary>Returns the address of <paramref name="byteCount"/> bytes aligned to <paramref name="alignment"/> (a power of two up to 4096).</summary>
    unsafe void* AllocPtr(nint byteCount, int alignment);

    /// <summary>Records the allocator's state, to return to with <see cref="Restore"/>.</summary>
    Checkpoint Save();

    /// <summary>Returns the allocator to the state <paramref name="checkpoint"/> recorded.</summary>
    void Restore(Checkpoint checkpoint);

    /// <summary>Releases every allocation.</summary>
    void Reset();
}
