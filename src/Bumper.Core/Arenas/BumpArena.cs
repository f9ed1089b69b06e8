// Invariants: the arena owns _buffer for its whole life; _generation changes exactly when memory
// handed out as Memory<T> stops being valid (Reset, Dispose), and every ArenaMemoryManager carries
// the generation it was made in, so a stale handle is refused before its pointer is read.
using System.Runtime.CompilerServices;
using Bumper.Internal;

namespace Bumper;

/// <summary>
/// Bump memory for one unit of asynchronous work (a request, a message, a job): what it hands out stays
/// valid across <c>await</c> until the arena is <see cref="Reset"/>, returned to its <see cref="ArenaPool"/>
/// or disposed. <see cref="AllocMemory{T}"/> gives <see cref="Memory{T}"/> for spans held across awaits,
/// <see cref="NoEscape"/> gives ordinary scopes for synchronous stretches, and <see cref="CreateWriter"/>
/// an <see cref="System.Buffers.IBufferWriter{T}"/> that <c>Utf8JsonWriter</c> or a <c>PipeReader</c> copy
/// writes straight into the arena.
/// </summary>
/// <remarks>
/// <para>
/// A <see cref="NoEscapeScope"/> cannot be held across <c>await</c> (it is a <c>ref struct</c>), and
/// <see cref="Bump.DefaultBuffer"/> belongs to a thread, not to a request that resumes on another one.
/// An arena belongs to the work: use it from one thread at a time (an <c>async</c> method's
/// continuations are), never from two at once.
/// </para>
/// <para>
/// Memory handed out as <see cref="Memory{T}"/> cannot silently outlive the arena: its
/// <see cref="Memory{T}.Span"/> after a reset throws <see cref="ObjectDisposedException"/> naming the
/// arena, in every mode. The cost is one small object per <see cref="AllocMemory{T}"/> (a
/// <see cref="System.Buffers.MemoryManager{T}"/>) and one compare per <c>.Span</c>; spans from
/// <see cref="Alloc{T}"/> and scopes cost nothing extra and are checked only as the buffer's own
/// memory is (checked mode poisons released bytes).
/// </para>
/// <para>
/// The memory is a <see cref="ResizeBuffer"/> (native in <c>BUMPER_AOT</c> builds) whose
/// <see cref="BumpBuffer.MaxCapacity"/> is <see cref="MaxCapacity"/>: a request past it gets
/// <see cref="BufferFullException"/> with the figures, never an out-of-memory process.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// using var arena = new BumpArena(maxCapacity: 1 &lt;&lt; 20);
/// Memory&lt;double&gt; values = arena.AllocMemory&lt;double&gt;(count);
/// await FillAsync(values);                  // valid across the await
/// using (var scope = arena.NoEscape())      // a synchronous stretch
/// {
///     Span&lt;double&gt; tmp = scope.Alloc&lt;double&gt;(count);
/// }
/// </code>
/// </example>
public sealed class BumpArena : IDisposable
{
    /// <summary>The first block's size of <c>new BumpArena()</c>: 64 KiB.</summary>
    public const int DefaultInitialCapacity = 64 * 1024;

    private readonly ResizeBuffer _buffer;
    private int _generation;

    /// <summary>Creates an arena whose first block holds <paramref name="initialCapacity"/> bytes and which never holds more than <paramref name="maxCapacity"/>.</summary>
    /// <param name="initialCapacity">The first block's size; the arena grows past it, up to <paramref name="maxCapacity"/>, and settles into one block of its peak.</param>
    /// <param name="maxCapacity">The most memory the arena may hold.</param>
    /// <param name="name">A name for messages (a stale handle's <see cref="ObjectDisposedException"/> names the arena).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialCapacity"/> is negative or above <paramref name="maxCapacity"/>.</exception>
    public BumpArena(long initialCapacity = DefaultInitialCapacity, long maxCapacity = long.MaxValue, string? name = null)
    {
        if (initialCapacity < 0 || initialCapacity > maxCapacity)
        {
            ThrowHelper.ThrowInvalidArenaCapacity(nameof(initialCapacity), initialCapacity, maxCapacity);
        }

        _buffer = new ResizeBuffer((nint)initialCapacity) { MaxCapacity = maxCapacity };
        Name = name ?? "BumpArena";
    }

    /// <summary>The arena's name, as given at construction (an <see cref="ArenaPool"/> numbers its arenas: <c>"pool#3"</c>).</summary>
    public string Name { get; internal set; }

    /// <summary>The buffer the arena allocates from, for scopes, cursors and figures.</summary>
    public BumpBuffer Buffer => _buffer;

    /// <summary>Changes each time the arena is reset or disposed: memory handed out before is stale after.</summary>
    public int Generation => _generation;

    /// <summary>Bytes handed out since the last reset.</summary>
    public long BytesUsed => _buffer.BytesUsed;

    /// <summary>The most bytes in use at once since the arena was made (resets do not forget it).</summary>
    public long PeakBytesUsed => Math.Max(_lifetimePeak, _buffer.PeakBytesUsed);

    /// <summary>Bytes of memory the arena holds now.</summary>
    public long Capacity => _buffer.Capacity;

    /// <summary>The most memory the arena may hold.</summary>
    public long MaxCapacity => _buffer.MaxCapacity;

    /// <summary>How many requests <see cref="MaxCapacity"/> has refused since the arena was made.</summary>
    public long MaxCapacityRefusals => _buffer.MaxCapacityRefusals;

    /// <summary>
    /// The most memory the arena keeps past its use when it is reset (see <see cref="BumpBuffer.MaxRetainedBytes"/>):
    /// its block goes back to this size, or to its first size if larger. Unlimited by default.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public long MaxRetainedBytes
    {
        get => _buffer.MaxRetainedBytes;
        set => _buffer.MaxRetainedBytes = value;
    }

    /// <summary>Whether the arena has been disposed.</summary>
    public bool IsDisposed => _buffer.IsDisposed;

    /// <summary>Checked mode for the arena's buffer (see <see cref="BumpBuffer.IsChecked"/>).</summary>
    public bool IsChecked
    {
        get => _buffer.IsChecked;
        set => _buffer.IsChecked = value;
    }

    /// <summary>The pool the arena belongs to, and whether it is rented out now.</summary>
    internal ArenaPool? Pool { get; set; }

    internal bool IsRented { get; set; }

    /// <summary>When the arena was last returned to its pool: a timestamp of the pool's <see cref="ArenaPoolOptions.TimeProvider"/>.</summary>
    internal long ReturnedAt { get; set; }

    /// <summary>The arena's <see cref="MaxCapacityRefusals"/> when it was rented.</summary>
    internal long RefusalsAtRent { get; set; }

    private long _lifetimePeak;

    /// <summary>Opens a no-escape scope on the arena's buffer, for a synchronous stretch (see <see cref="BumpBuffer.NoEscape"/>).</summary>
    /// <exception cref="ObjectDisposedException">The arena has been disposed.</exception>
    public NoEscapeScope NoEscape() => _buffer.NoEscape();

    /// <summary>
    /// Allocates <paramref name="length"/> uninitialised elements that stay valid across <c>await</c>
    /// until the arena is reset, returned or disposed; after that, <c>.Span</c> throws.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="BufferFullException">The arena would hold more than <see cref="MaxCapacity"/>; it is unchanged.</exception>
    /// <exception cref="ObjectDisposedException">The arena has been disposed.</exception>
    public unsafe Memory<T> AllocMemory<T>(int length)
        where T : unmanaged
    {
        Span<T> span = _buffer.Alloc<T>(length);
        return new ArenaMemoryManager<T>(this, _generation, Unsafe.AsPointer(ref span.GetPinnableReference()), length).Memory;
    }

    /// <summary>A copy of <paramref name="source"/> that stays valid across <c>await</c> until the arena is reset, returned or disposed.</summary>
    /// <exception cref="BufferFullException">The arena would hold more than <see cref="MaxCapacity"/>; it is unchanged.</exception>
    /// <exception cref="ObjectDisposedException">The arena has been disposed.</exception>
    public Memory<T> AllocCopy<T>(ReadOnlySpan<T> source)
        where T : unmanaged
    {
        Memory<T> copy = AllocMemory<T>(source.Length);
        source.CopyTo(copy.Span);
        return copy;
    }

    /// <summary>
    /// Allocates <paramref name="length"/> uninitialised elements as a span, valid until the arena is
    /// reset: for synchronous code that does not hold it across an <c>await</c> (prefer a scope).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="BufferFullException">The arena would hold more than <see cref="MaxCapacity"/>; it is unchanged.</exception>
    public Span<T> Alloc<T>(int length)
        where T : unmanaged => _buffer.Alloc<T>(length);

    /// <summary>A writer of bytes into the arena (see <see cref="ArenaBufferWriter"/>), valid until the arena is reset.</summary>
    /// <param name="initialCapacity">The first block's size; the writer grows in place while it is the arena's last allocation, or moves to a block twice the size.</param>
    public ArenaBufferWriter CreateWriter(int initialCapacity = 256) => new(this, initialCapacity);

    /// <summary>Releases everything the arena handed out: memory from before is stale (its <c>.Span</c> throws), scopes and checkpoints are dead.</summary>
    /// <exception cref="ObjectDisposedException">The arena has been disposed.</exception>
    public void Reset()
    {
        _lifetimePeak = PeakBytesUsed;
        _generation++;
        _buffer.Reset();
    }

    /// <summary>Returns the arena's memory; everything it handed out is stale. Calling it again does nothing.</summary>
    public void Dispose()
    {
        if (!_buffer.IsDisposed)
        {
            _lifetimePeak = PeakBytesUsed;
            _generation++;
            _buffer.Dispose();
        }
    }

    /// <summary>Shows the arena's name and figures.</summary>
    public override string ToString() => IsDisposed
        ? $"BumpArena '{Name}' (disposed)"
        : $"BumpArena '{Name}' (generation {_generation}, used {BytesUsed} B of {Capacity} B, limit {MaxCapacity} B)";

    /// <summary>Throws unless memory made in <paramref name="generation"/> is still valid.</summary>
    internal void ThrowIfStale(int generation)
    {
        if (generation != _generation)
        {
            ThrowHelper.ThrowStaleArenaMemory(Name, generation, _generation);
        }
    }
}
