using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Bumper.Internal;

/// <summary>
/// Every exception the library throws is built here: callers pass the raw figures, and the message is
/// formatted only once the exception is certain, so no caller's path builds a string.
/// </summary>
/// <remarks>
/// The methods are <see cref="DoesNotReturnAttribute"/> and <see cref="StackTraceHiddenAttribute"/>,
/// but deliberately not <c>MethodImplOptions.NoInlining</c>: the JIT never inlines a method that only
/// throws, and when it may look at the callee it marks the call as not returning, so nothing a caller
/// keeps in registers (a cursor's pointer in a loop) has to be spilled around the call.
/// </remarks>
[StackTraceHidden]
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowNegativeLength(string paramName, long length) =>
        throw new ArgumentOutOfRangeException(paramName, length,
            $"A length must not be negative; {length} was asked for.");

    [DoesNotReturn]
    public static void ThrowNegativeTensorLength(int dimension, long length) =>
        ThrowNegativeLength(string.Create(CultureInfo.InvariantCulture, $"lengths[{dimension}]"), length);

    [DoesNotReturn]
    public static void ThrowPinOutOfRange(int elementIndex, int length) =>
        throw new ArgumentOutOfRangeException(nameof(elementIndex), elementIndex,
            $"An element index to pin must be from 0 to the memory's length, {length}; {elementIndex} was asked for.");

    [DoesNotReturn]
    public static void ThrowNegativeByteCount(long byteCount) =>
        throw new ArgumentOutOfRangeException(nameof(byteCount), byteCount,
            $"A byte count must not be negative; {byteCount} was asked for.");

    [DoesNotReturn]
    public static void ThrowNegativeCapacity(string paramName, long capacity) =>
        throw new ArgumentOutOfRangeException(paramName, capacity,
            $"A capacity must not be negative; {capacity} was asked for.");

    [DoesNotReturn]
    public static void ThrowLimitBelowCapacity(string paramName, long limit, long capacity) =>
        throw new ArgumentOutOfRangeException(paramName, limit,
            $"A limit must be at least the {capacity} bytes the buffer holds now; {limit} was asked for.");

    [DoesNotReturn]
    public static void ThrowInvalidArenaCapacity(string paramName, long capacity, long maxCapacity) =>
        throw new ArgumentOutOfRangeException(paramName, capacity,
            $"An arena's first block must be from 0 to its limit of {maxCapacity} bytes; {capacity} was asked for.");

    [DoesNotReturn]
    public static void ThrowStaleArenaMemory(string arena, int generation, int current) =>
        throw new ObjectDisposedException(arena,
            $"Memory from arena '{arena}' was used after the arena was reset, returned or disposed (it was handed out in generation {generation}; the arena is in generation {current} now).");

    [DoesNotReturn]
    public static void ThrowAdvancePastEnd(int count, int free) =>
        throw new ArgumentOutOfRangeException(nameof(count), count,
            $"Advance({count}) is more than the {free} free bytes the writer handed out; nothing was advanced.");

    [DoesNotReturn]
    public static void ThrowWriterTooLarge(long needed, int max) =>
        throw new InvalidOperationException(
            $"An ArenaBufferWriter holds at most {max} bytes; {needed} were needed. Nothing was written.");

    [DoesNotReturn]
    public static void ThrowArenaNotRented(string arena, string pool) =>
        throw new InvalidOperationException(
            $"Arena '{arena}' is not rented from pool '{pool}' (it was returned already, or belongs to another pool); nothing was returned.");

    [DoesNotReturn]
    public static void ThrowInvalidPoolOptions(string paramName, int maxPooled, long initialBytes, long maxCapacity, long maxRetained, TimeSpan idleTimeout) =>
        throw new ArgumentOutOfRangeException(paramName,
            $"An arena pool needs MaxPooled >= 0, 0 <= InitialArenaCapacity <= MaxArenaCapacity, MaxRetainedArenaBytes >= 0 and IdleTimeout >= 0; got MaxPooled {maxPooled}, InitialArenaCapacity {initialBytes}, MaxArenaCapacity {maxCapacity}, MaxRetainedArenaBytes {maxRetained}, IdleTimeout {idleTimeout}.");

    [DoesNotReturn]
    public static void ThrowListIndex(int index, int count) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, $"The list has {count} elements; index {index} was asked for.");

    [DoesNotReturn]
    public static void ThrowDefaultList() => throw new InvalidOperationException(
        "This BumpList is default(BumpList); get one from NoEscapeScope.List().");

    [DoesNotReturn]
    public static void ThrowListTooLong(long needed, int max) => throw new InvalidOperationException(
        $"A BumpList holds at most {max} elements; {needed} were needed. Nothing was added.");

    [DoesNotReturn]
    public static void ThrowFormatTooLong(long needed, int max) => throw new InvalidOperationException(
        $"A formatted text holds at most {max} elements; {needed} were needed.");

    [DoesNotReturn]
    public static void ThrowInvalidSlabSize(string paramName, int slabSize, int max) =>
        throw new ArgumentOutOfRangeException(paramName, slabSize,
            $"A slab size must be from 1 to {max} bytes; {slabSize} was asked for.");

    [DoesNotReturn]
    public static void ThrowInvalidMaxBlockSize(string paramName, long maxBlockSize, int min) =>
        throw new ArgumentOutOfRangeException(paramName, maxBlockSize,
            $"A chain buffer's largest block must hold at least {min} bytes; {maxBlockSize} was asked for.");

    [DoesNotReturn]
    public static void ThrowInvalidDefaultCapacity(string paramName, int capacity) =>
        throw new ArgumentOutOfRangeException(paramName, capacity,
            $"The default buffer's size must be positive; {capacity} was asked for.");

    [DoesNotReturn]
    public static void ThrowGcBlockTooLarge(string paramName, nuint length, long max) =>
        throw new ArgumentOutOfRangeException(paramName, (long)Math.Min((ulong)length, long.MaxValue),
            $"A GC-backed block holds at most {max} bytes; use a native buffer for more.");

    // What the runtime throws when the system has no memory left, for MemoryBlock.RefuseAllocation.
    [DoesNotReturn]
#pragma warning disable CA2201 // the exception stands for the runtime's own out-of-memory failure
    public static void ThrowOutOfMemory(nuint length) => throw new OutOfMemoryException(
        $"A block of {length} bytes could not be allocated.");
#pragma warning restore CA2201

    // Stryker disable once String : its one caller (DedicatedBlockSize) never throws: a byte count below 2^63 plus at most 4095 of padding cannot wrap
    [DoesNotReturn]
    public static void ThrowSizeOverflow(nuint byteCount, nuint alignment) =>
        ThrowSizeOverflow($"{byteCount} bytes aligned to {alignment}");

    /// <summary>A tensor whose element count overflows: the message lists its lengths.</summary>
    [DoesNotReturn]
    public static void ThrowTensorSizeOverflow(ReadOnlySpan<nint> lengths, string elementType, int elementSize)
    {
        var parts = new string[lengths.Length];
        for (int i = 0; i < lengths.Length; i++)
        {
            parts[i] = lengths[i].ToString(CultureInfo.InvariantCulture);
        }

        ThrowSizeOverflow($"{string.Join(" x ", parts)} elements of {elementType}, {elementSize} bytes each");
    }

    // A body that is one throw: NativeAOT's compiler did not take a call to this helper for one that
    // never returns while a branch chose between two throws, so callers kept their hot values alive
    // across it (in stack slots once registers ran out). A call it knows never returns leaves them in
    // registers; the branch now lives in InvalidAlignment, which returns the exception.
    [DoesNotReturn]
    public static void ThrowInvalidAlignment(int alignment) => throw InvalidAlignment(alignment);

    [DoesNotReturn]
    public static void ThrowBufferFull(long requested, long used, long capacity) =>
        throw new BufferFullException(requested, used, capacity);

    [DoesNotReturn]
    public static void ThrowAtLimit(long requested, long used, long held, long limit) =>
        throw BufferFullException.AtLimit(requested, used, held, limit);

    [DoesNotReturn]
    public static void ThrowNegativeRetention(string paramName, long value) =>
        throw new ArgumentOutOfRangeException(paramName, value, $"The memory a buffer keeps cannot be negative; {value} was asked for.");

    // Stryker disable once String : no request reaches it: a slow path sizes each new block for the request it bumps there
    [DoesNotReturn]
    public static void ThrowNewBlockTooSmall(nuint byteCount, nuint alignment, nuint room) =>
        throw new InvalidOperationException(
            $"Internal error: a new block has {room} bytes free, too few for {byteCount} bytes aligned to {alignment}; nothing was allocated.");

    [DoesNotReturn]
    public static void ThrowDisposed(object buffer) =>
        throw new ObjectDisposedException(buffer.GetType().Name,
            $"This {buffer.GetType().Name} has been freed; it cannot allocate, save, restore or reset any more.");

    [DoesNotReturn]
    public static void ThrowForeignCheckpoint() => throw new InvalidOperationException(
        "The checkpoint cannot be restored: it does not describe a position this buffer has now (it belongs to another buffer, or the buffer was restored past it or reset).");

    [DoesNotReturn]
    public static void ThrowDeadCheckpoint() => throw new InvalidOperationException(
        "The checkpoint cannot be restored: it is dead: the buffer was restored to an earlier checkpoint, or reset, after it was saved.");

    [DoesNotReturn]
    public static void ThrowCheckedModeLocked(int depth) => throw new InvalidOperationException(
        $"Checked mode cannot change while {depth} checked scope(s) are open on this buffer.");

    [DoesNotReturn]
    public static void ThrowScopeOnOtherThread(string bufferType, int owner, int thread) => throw new InvalidOperationException(
        $"This {bufferType} has a scope open on thread {owner}; thread {thread} cannot open one on it too. Use a buffer per thread (Bump.DefaultBuffer is one).");

    [DoesNotReturn]
    public static void ThrowScopeUsedFromOtherThread(int owner, int thread) => throw new InvalidOperationException(
        $"A scope opened on thread {owner} was used to allocate from thread {thread}; scopes belong to the thread that opened them.");

    [DoesNotReturn]
    public static void ThrowOuterScopeUsed() => throw new InvalidOperationException(
        "An outer scope allocated while an inner scope is still open; allocate through the innermost scope, or close the inner one first.");

    [DoesNotReturn]
    public static void ThrowScopeEnded() => throw new InvalidOperationException(
        "This scope has ended: it was closed, or its buffer was reset, after it opened; allocate through a scope that is open.");

    [DoesNotReturn]
    public static void ThrowScopesOutOfOrder() => throw new InvalidOperationException(
        "Scopes were disposed out of order: an outer scope ended while an inner one is still open (or a scope was disposed twice, or after the buffer was reset).");

    [DoesNotReturn]
    public static void ThrowOverridesOutOfOrder() => throw new InvalidOperationException(
        "UseBuffer overrides were disposed out of order: an outer override ended while an inner one is still in force.");

    [DoesNotReturn]
    public static void ThrowCursorAlreadyOpen() => throw new InvalidOperationException(
        "A BumpCursor is already open on this buffer; dispose it before opening another.");

    [DoesNotReturn]
    public static void ThrowCursorEnded() => throw new InvalidOperationException(
        "This BumpCursor has ended: its scope was disposed, or its buffer was restored or reset, after it was opened.");

    [DoesNotReturn]
    public static void ThrowDefaultCursor() => throw new InvalidOperationException(
        "This BumpCursor is default(BumpCursor); get one from NoEscapeScope.Cursor().");

    [DoesNotReturn]
    public static void ThrowAllocWhileCursorOpen() => throw new InvalidOperationException(
        "A BumpCursor is open on this buffer: allocate through the cursor, or dispose it first.");

    [DoesNotReturn]
    public static void ThrowSaveWhileCursorOpen() => throw new InvalidOperationException(
        "A BumpCursor is open on this buffer: dispose it before saving a checkpoint or opening a scope.");

    [DoesNotReturn]
    public static void ThrowIndexOutOfRange(long row, long column, long rows, long columns) =>
        throw new ArgumentOutOfRangeException(
            (ulong)row >= (ulong)rows ? nameof(row) : nameof(column),
            $"Index [{row}, {column}] is outside the {rows} x {columns} matrix.");

    [DoesNotReturn]
    public static void ThrowRowOutOfRange(string paramName, long row, long rows) =>
        throw new ArgumentOutOfRangeException(paramName, row, $"The matrix has {rows} rows; row {row} was asked for.");

    [DoesNotReturn]
    public static void ThrowRowTooLong(string paramName, long row, long columns) =>
        throw new ArgumentOutOfRangeException(paramName, row, $"A row of {columns} elements is longer than a span can be; use AsTensorSpan().");

    [DoesNotReturn]
    public static void ThrowMatrixTooLarge(long rows, long columns) => throw new InvalidOperationException(
        $"A {rows} x {columns} matrix has more elements than a span can hold; use AsTensorSpan().");

    [DoesNotReturn]
    private static void ThrowSizeOverflow(string what) =>
        throw new ArgumentOutOfRangeException(null,
            $"The requested allocation ({what}) overflows the address space; nothing was allocated.");

    private static ArgumentException InvalidAlignment(int alignment) => alignment <= 0
        ? new ArgumentOutOfRangeException(nameof(alignment), alignment,
            $"An alignment must be a positive power of two up to {Limits.MaxAlignment}; {alignment} was asked for.")
        : new ArgumentException(
            $"An alignment must be a power of two up to {Limits.MaxAlignment}; {alignment} was asked for.",
            nameof(alignment));
}
