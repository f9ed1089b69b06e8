// Invariants: [_pointer, _pointer + _length elements) was allocated from _arena in _generation and
// is valid exactly while _arena.Generation == _generation; every access checks that first.
using System.Buffers;

namespace Bumper.Internal;

/// <summary>
/// The <see cref="MemoryManager{T}"/> behind a <see cref="Memory{T}"/> handed out by a
/// <see cref="BumpArena"/>: arena memory does not move (pinned or native blocks), so pinning is free,
/// and a handle used after its arena was reset is refused instead of reading reused bytes.
/// </summary>
internal sealed unsafe class ArenaMemoryManager<T> : MemoryManager<T>
    where T : unmanaged
{
    private readonly BumpArena _arena;
    private readonly int _generation;
    private readonly void* _pointer;
    private readonly int _length;

    public ArenaMemoryManager(BumpArena arena, int generation, void* pointer, int length)
    {
        _arena = arena;
        _generation = generation;
        _pointer = pointer;
        _length = length;
    }

    public override Span<T> GetSpan()
    {
        // The check is one compare on the hot path; building the exception is out of line.
        if (_arena.Generation != _generation)
        {
            _arena.ThrowIfStale(_generation);
        }

        return new Span<T>(_pointer, _length);
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        _arena.ThrowIfStale(_generation);
        if ((uint)elementIndex > (uint)_length)
        {
            ThrowHelper.ThrowPinOutOfRange(elementIndex, _length);
        }

        return new MemoryHandle((T*)_pointer + elementIndex);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
