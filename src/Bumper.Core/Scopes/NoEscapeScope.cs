using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// A no-escape block on a <see cref="BumpBuffer"/>: memory allocated through it lives until the scope
/// is disposed, then the buffer goes back to where it was when the scope opened. Bumper.jl:
/// <c>@no_escape buf begin ... end</c>, with <see cref="Alloc{T}(int)"/> as <c>@alloc</c>.
/// </summary>
/// <remarks>
/// <para>
/// Being a <c>ref struct</c>, a scope cannot be boxed, stored in a class, captured by a lambda or held
/// across an <c>await</c>, so it can only be used on the thread that opened it. The spans it returns
/// are tied to the scope variable (<see cref="UnscopedRefAttribute"/>): the compiler rejects returning
/// them from the method that opened the scope or storing them anywhere that outlives it.
/// </para>
/// <para>
/// Open it with <c>using</c>, so an exception thrown inside the block still restores the buffer.
/// Scopes nest to any depth; allocate through the innermost one.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// static long SumPlusOne(ReadOnlySpan&lt;int&gt; x)
/// {
///     using var scope = Bump.NoEscape();
///     Span&lt;int&gt; y = scope.Alloc&lt;int&gt;(x.Length);
///     for (int i = 0; i &lt; x.Length; i++) y[i] = x[i] + 1;
///     long sum = 0;
///     foreach (int v in y) sum += v;
///     return sum;              // the sum may escape; y may not
/// }
/// </code>
/// </example>
public readonly ref partial struct NoEscapeScope
{
    // Four flat fields, so the JIT can keep a scope in registers across the code inside it (a nested
    // Checkpoint or more fields kept it on the stack, reloaded at Dispose). _serial is the
    // checkpoint's: non-zero exactly when the scope is checked (checked mode cannot change while a
    // checked scope is open), so allocation tests a field of the scope, not the buffer.
    private readonly BumpBuffer _buffer;
    private readonly nuint _position;
    private readonly long _state;
    private readonly int _serial;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal NoEscapeScope(BumpBuffer buffer)
    {
        _buffer = buffer;
        if (buffer.OpensScopesFast)
        {
            _position = buffer.CurrentPosition;
            _state = buffer.CurrentState;
            _serial = 0;
        }
        else
        {
            Checkpoint checkpoint = buffer.OpenScopeSlow();
            _position = checkpoint.Position;
            _state = checkpoint.State;
            _serial = checkpoint.Serial;
        }
    }

    /// <summary>The buffer this scope allocates from.</summary>
    public BumpBuffer Buffer => _buffer;

    /// <summary>The checkpoint the buffer returns to when the scope ends.</summary>
    public Checkpoint Checkpoint => new(_position, _state, _serial);

    /// <summary>
    /// Allocates an uninitialised span of <paramref name="length"/> elements that lives until the scope
    /// ends. Bumper.jl: <c>@alloc(T, n)</c>. Aligned to at least <typeparamref name="T"/>'s natural alignment.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="BufferFullException">An <see cref="AllocBuffer"/> has no room; it is left unchanged.</exception>
    [UnscopedRef]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> Alloc<T>(int length)
        where T : unmanaged
    {
        return Use().Alloc<T>(length);
    }

    /// <summary>
    /// Allocates an uninitialised row-major <paramref name="rows"/> x <paramref name="columns"/> matrix
    /// that lives until the scope ends; index it as <c>m[i, j]</c>. Bumper.jl: <c>@alloc(T, n, m)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A length is negative or the size overflows.</exception>
    [UnscopedRef]
    public MatrixSpan<T> Alloc<T>(nint rows, nint columns)
        where T : unmanaged
    {
        return Use().Alloc<T>(rows, columns);
    }

    /// <summary>
    /// Allocates an uninitialised row-major tensor of any rank that lives until the scope ends.
    /// Bumper.jl: <c>@alloc(T, n...)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A length is negative or the size overflows.</exception>
    [UnscopedRef]
    public TensorSpan<T> Alloc<T>(params scoped ReadOnlySpan<nint> lengths)
        where T : unmanaged
    {
        return Use().Alloc<T>(lengths);
    }

    /// <summary>
    /// Allocates <paramref name="byteCount"/> raw bytes aligned to <paramref name="alignment"/> that live
    /// until the scope ends. Bumper.jl: <c>@alloc_ptr(n)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteCount"/> is negative, or <paramref name="alignment"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="alignment"/> is not a power of two or exceeds 4096.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void* AllocPtr(nint byteCount, int alignment = BumpBuffer.DefaultAlignment)
    {
        return Use().AllocPtr(byteCount, alignment);
    }

    /// <summary>
    /// Opens a <see cref="BumpCursor"/> on this scope: a copy of the bump pointer in local variables,
    /// for loops that allocate many small blocks: it keeps the pointer in registers, where
    /// <see cref="AllocPtr"/> on the scope must load and store the buffer's pointer each time. Its
    /// allocations live until this scope ends, and the scope's end ends the cursor: keep it in a plain
    /// local (not <c>using</c>, so that a helper can take it by <c>ref</c>) and dispose it only to
    /// allocate through the scope again.
    /// </summary>
    /// <example>
    /// <code>
    /// using var scope = Bump.NoEscape();
    /// var cursor = scope.Cursor();
    /// for (int i = 0; i &lt; n; i++)
    /// {
    ///     byte* p = (byte*)cursor.AllocPtr(sizes[i], 8);
    /// }
    /// </code>
    /// </example>
    /// <exception cref="InvalidOperationException">A cursor is already open on the buffer, or, in checked mode, an inner scope is open.</exception>
    /// <exception cref="ObjectDisposedException">The buffer has been freed.</exception>
    [UnscopedRef]
    public BumpCursor Cursor()
    {
        return Use().OpenCursor();
    }

    /// <summary>The buffer, once checked mode (for a checked scope) has allowed this scope to allocate now.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private BumpBuffer Use()
    {
        if (_serial != 0)
        {
            _buffer.CheckScopeUse(_serial);
        }

        return _buffer;
    }

    /// <summary>Ends the scope: the buffer returns to the checkpoint taken when it opened.</summary>
    /// <exception cref="InvalidOperationException">In checked mode, an inner scope is still open.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Dispose() => _buffer?.CloseScope(_position, _state, _serial);
}
