using System.Runtime.CompilerServices;
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// Each thread's default buffer and the scopes on it: the counterpart of Bumper.jl's task-local
/// <c>default_buffer()</c> and the bufferless forms of <c>@no_escape</c>.
/// </summary>
/// <remarks>
/// <para>
/// Every thread gets its own buffer the first time it asks for one, so code on different threads
/// never shares a default buffer. Per-thread is the right grain in .NET because a scope is a
/// <c>ref struct</c>: it cannot be held across an <c>await</c>, so it never moves to another thread.
/// </para>
/// <para>
/// The default buffer grows: it is a <c>SlabBuffer</c> with slabs of <see cref="DefaultBufferCapacity"/>
/// bytes (256 KiB unless changed), and in <c>BUMPER_AOT</c> builds a <see cref="ChainBuffer"/> whose
/// first block holds <see cref="DefaultBufferCapacity"/> bytes, returned to the system by a finalizer
/// once its thread has ended. Either keeps the memory a scope releases for the next one
/// (<see cref="BumpBuffer.RetainedBytes"/>), within <see cref="DefaultBufferMaxRetainedBytes"/>.
/// </para>
/// </remarks>
public static class Bump
{
    /// <summary>A default buffer's slab, or first block: 256 KiB, <c>SlabBuffer.DefaultSlabSize</c>.</summary>
    private const int InitialDefaultCapacity = 256 * 1024;

    [ThreadStatic]
    private static BumpBuffer? t_current;

    // Checked mode's ownership test reads it; cached because Environment.CurrentManagedThreadId is a call.
    [ThreadStatic]
    private static int t_threadId;

    private static int s_defaultCapacity = InitialDefaultCapacity;

    private static long s_defaultMaxRetained = long.MaxValue;

    /// <summary>
    /// The size used for each thread's default buffer when it is created: the slab size of its
    /// <c>SlabBuffer</c>, or in <c>BUMPER_AOT</c> builds the first block of its <see cref="ChainBuffer"/>
    /// (256 KiB in both unless changed). Threads whose buffer already exists keep theirs.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public static int DefaultBufferCapacity
    {
        get => Volatile.Read(ref s_defaultCapacity);
        set
        {
            if (value <= 0)
            {
                ThrowHelper.ThrowInvalidDefaultCapacity(nameof(value), value);
            }

            Volatile.Write(ref s_defaultCapacity, value);
        }
    }

    /// <summary>
    /// The <see cref="BumpBuffer.MaxRetainedBytes"/> of each thread's default buffer when it is created:
    /// how much memory a thread keeps between scopes, past what it uses. Unlimited by default (a
    /// thread keeps about what its largest scope needed); set it before threads make their buffers,
    /// e.g. in a service whose threads each run a large scope once. Threads whose buffer already
    /// exists keep theirs (set theirs through <see cref="DefaultBuffer"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static long DefaultBufferMaxRetainedBytes
    {
        get => Volatile.Read(ref s_defaultMaxRetained);
        set
        {
            if (value < 0)
            {
                ThrowHelper.ThrowNegativeRetention(nameof(value), value);
            }

            Volatile.Write(ref s_defaultMaxRetained, value);
        }
    }

    /// <summary>
    /// This thread's default buffer: the one installed by the innermost <see cref="UseBuffer"/>, else the
    /// thread's own, created on first use. Bumper.jl: <c>default_buffer()</c>.
    /// </summary>
    public static BumpBuffer DefaultBuffer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => t_current ?? CreateOwn();
    }

    /// <summary>
    /// Opens a no-escape scope on this thread's default buffer. Bumper.jl: <c>@no_escape begin ... end</c>.
    /// </summary>
    /// <example>
    /// <code>
    /// using var scope = Bump.NoEscape();
    /// Span&lt;int&gt; y = scope.Alloc&lt;int&gt;(x.Length);
    /// </code>
    /// </example>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NoEscapeScope NoEscape() => new(DefaultBuffer);

    /// <summary>Resets this thread's default buffer (see <see cref="BumpBuffer.Reset"/>). Bumper.jl: <c>reset_buffer!()</c>.</summary>
    public static void ResetDefaultBuffer() => DefaultBuffer.Reset();

    /// <summary>
    /// Makes <paramref name="buffer"/> this thread's default buffer until the returned value is disposed,
    /// which puts the previous default back. Nests. Bumper.jl: <c>with_buffer(f, buf)</c>.
    /// </summary>
    /// <example>
    /// <code>
    /// var arena = new AllocBuffer(1 &lt;&lt; 20);
    /// using (Bump.UseBuffer(arena))
    /// {
    ///     Library.CodeThatUsesBumpNoEscape(); // allocates from arena
    /// }
    /// </code>
    /// </example>
    /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
    public static BufferOverride UseBuffer(BumpBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        BumpBuffer previous = DefaultBuffer;
        t_current = buffer;
        return new BufferOverride(previous, buffer);
    }

    internal static void Restore(BumpBuffer previous, BumpBuffer installed)
    {
        if (!ReferenceEquals(t_current, installed))
        {
            ThrowHelper.ThrowOverridesOutOfOrder();
        }

        t_current = previous;
    }

    /// <summary>This thread's managed id, read from a thread-static rather than through the call <see cref="Environment.CurrentManagedThreadId"/> is.</summary>
    internal static int CurrentThreadId
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            int id = t_threadId;
            // Stryker disable once Conditional : reading Environment.CurrentManagedThreadId every time gives the id the cache holds; only the call is saved
            return id != 0 ? id : t_threadId = Environment.CurrentManagedThreadId;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static BumpBuffer CreateOwn()
    {
#if BUMPER_AOT
        BumpBuffer own = new ChainBuffer(DefaultBufferCapacity);
#else
        BumpBuffer own = new SlabBuffer(DefaultBufferCapacity);
#endif
        own.MaxRetainedBytes = DefaultBufferMaxRetainedBytes;
        t_current = own;
        return own;
    }
}
