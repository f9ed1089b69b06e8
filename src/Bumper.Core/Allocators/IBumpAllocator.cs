namespace Bumper;

/// <summary>
/// What a custom allocator implements to work with Bumper's scopes and views. Bumper.jl:
/// <c>alloc_ptr!</c>, <c>checkpoint_save</c>, <c>checkpoint_restore!</c> and <c>reset_buffer!</c>.
/// </summary>
/// <remarks>
/// A sealed class implementing this gets <see cref="BumpAllocatorExtensions.NoEscape{TAllocator}"/>,
/// and through the scope <c>Alloc&lt;T&gt;</c>, the N-d views and <c>AllocPtr</c>. The scope is
/// generic over the allocator type: under the JIT, which compiles it for the sealed type, the calls
/// are devirtualized; NativeAOT shares one compilation across class types, so there each call goes
/// through the interface.
/// </remarks>
/// <example>
/// A complete, tested allocator over one pinned byte array is <c>examples/CustomAllocator/MyAllocBuffer.cs</c>
/// in the repository (the README shows it). Its <see cref="AllocPtr"/> rounds the address, not the
/// offset, up to the alignment, and works on an empty buffer. Used through a scope:
/// <code>
/// var buf = new MyAllocBuffer(100);
/// using (var scope = buf.NoEscape())
/// {
///     Span&lt;int&gt; y = scope.Alloc&lt;int&gt;(3);   // calls buf.AllocPtr(12, 4)
/// }                                              // calls buf.Restore(the checkpoint buf.Save() gave)
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
