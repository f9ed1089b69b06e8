using Bumper;

namespace Bumper.Core.Tests.Model;

/// <summary>The buffer kinds the model knows the layout rules of.</summary>
internal enum BufferKind
{
    Alloc,
    Native,
    Slab,
    Resize,
    Chain,
}

/// <summary>
/// A reference model of one buffer's layout, written from the README's promises: which block every
/// allocation lands in, its exact address, and every figure the buffer reports
/// (<see cref="BumpBuffer.BytesUsed"/>, <see cref="BumpBuffer.PeakBytesUsed"/>, <see cref="BumpBuffer.BlocksInUse"/>,
/// <see cref="BumpBuffer.Capacity"/> and the kind's block counts). Positions are kept as offsets into
/// blocks. The one thing it cannot know is where a freshly allocated block lies in memory: it reads
/// that from the buffer after the call that made the block (<see cref="Learn"/>), and from then on
/// predicts every address in it, so a kept spare slab must come back at the address it had.
/// </summary>
internal sealed class LayoutModel
{
    private const int BlockAlignment = 64;

    private readonly BumpBuffer _buf;
    private readonly List<ModelBlock> _chain = [];
    private readonly List<long> _custom = [];
    private readonly List<long> _kept = [];
    private int _index;
    private long _off;
    private long _limitOff;
    private long _customBytes;
    private long _peak;
    private bool _pending;
    private int _generation;
    private bool _cursorOpen;
    private long _cursorOff;
    private long _cursorLimit;

    public LayoutModel(BufferKind kind, BumpBuffer buf, long blockSize, long maxBlockSize = 0, long maxCapacity = long.MaxValue, long gcBlockLimit = long.MaxValue)
    {
        Kind = kind;
        _buf = buf;
        BlockSize = blockSize;
        MaxBlockSize = maxBlockSize;
        MaxCapacity = maxCapacity;
        GcBlockLimit = gcBlockLimit;
        _chain.Add(new ModelBlock(buf.CurrentBlockStart, blockSize));
        _limitOff = blockSize;
    }

    /// <summary>A copy of the model's state, to go back to when a call fails and must have changed nothing.</summary>
    public LayoutModel Clone()
    {
        var copy = new LayoutModel(Kind, _buf, BlockSize, MaxBlockSize, MaxCapacity, GcBlockLimit);
        copy._chain.Clear();
        copy._chain.AddRange(_chain.Select(b => new ModelBlock(b.Start, b.Length) { LeftAt = b.LeftAt }));
        copy._custom.AddRange(_custom);
        copy._kept.AddRange(_kept);
        copy.MaxRetained = MaxRetained;
        copy._index = _index;
        copy._off = _off;
        copy._limitOff = _limitOff;
        copy._customBytes = _customBytes;
        copy._peak = _peak;
        copy._pending = _pending;
        copy._generation = _generation;
        copy._cursorOpen = _cursorOpen;
        copy._cursorOff = _cursorOff;
        copy._cursorLimit = _cursorLimit;
        copy.MaxCapacityRefusals = MaxCapacityRefusals;
        return copy;
    }

    public BufferKind Kind { get; }

    /// <summary>The capacity of an AllocBuffer, the slab size of a SlabBuffer, the first main block of a ResizeBuffer, the first block of a ChainBuffer.</summary>
    public long BlockSize { get; }

    /// <summary>A ChainBuffer's <see cref="ChainBuffer.MaxBlockSize"/>.</summary>
    public long MaxBlockSize { get; }

    /// <summary>A ChainBuffer's <see cref="ChainBuffer.MaxCapacity"/>.</summary>
    public long MaxCapacity { get; }

    /// <summary>The largest GC block the buffer may make (a ResizeBuffer's regrow stops there).</summary>
    public long GcBlockLimit { get; }

    /// <summary>The buffer's <see cref="BumpBuffer.MaxRetainedBytes"/>.</summary>
    public long MaxRetained { get; private set; } = long.MaxValue;

    /// <summary>A ChainBuffer's <see cref="ChainBuffer.MaxCapacityRefusals"/>.</summary>
    public long MaxCapacityRefusals { get; private set; }

    /// <summary>A ChainBuffer's current block length.</summary>
    public long CurrentBlockSize => _chain[_index].Length;

    /// <summary>The bump pointer the model expects (the current block's start is always known between calls).</summary>
    public nuint Current => _chain[_index].Start + (nuint)_off;

    public long Used => UsedBefore + _off;

    public long Peak => _peak;

    public int BlocksInUse => _index + 1;

    public long Capacity => Kind switch
    {
        BufferKind.Resize => _chain.Sum(b => b.Length),
        BufferKind.Slab or BufferKind.Chain => _chain.Sum(b => b.Length) + _customBytes + KeptBytes,
        _ => BlockSize,
    };

    /// <summary>Bytes held with nothing live: a chain's blocks after the current one and its kept dedicated blocks.</summary>
    public long Retained => IsChained ? _chain.Skip(_index + 1).Sum(b => b.Length) + KeptBytes : 0;

    /// <summary>Every block held: an AllocBuffer's one, a ResizeBuffer's main and overflow blocks, a chain's blocks and its live and kept dedicated blocks.</summary>
    public int BlocksHeld => IsChained ? _chain.Count + _custom.Count + _kept.Count : Kind == BufferKind.Resize ? _chain.Count : 1;

    private long KeptBytes => _kept.Sum();

    private bool IsChained => Kind is BufferKind.Slab or BufferKind.Chain;

    public int CustomCount => _custom.Count;

    public int OverflowCount => _chain.Count - 1;

    public long MainCapacity => _chain[0].Length;

    private long UsedBefore => Kind switch
    {
        BufferKind.Resize => _chain.Take(_index).Sum(b => b.LeftAt),
        BufferKind.Slab or BufferKind.Chain => _chain.Take(_index).Sum(b => b.Length) + _customBytes,
        _ => 0,
    };

    /// <summary>What the model knows about a checkpoint taken now.</summary>
    public ModelPoint Point() => Kind == BufferKind.Resize && Used == 0
        ? new(0, 0, 0, _generation, 0) // an empty ResizeBuffer's checkpoint always names its main block's start
        : new(_index, _off, _custom.Count, _generation, Used);

    /// <summary>The position a checkpoint saved now records, or 0 when the model has not seen that block's address yet.</summary>
    public nuint SavedPosition => Kind == BufferKind.Resize && Used == 0 ? _chain[0].Start : Current;

    /// <summary>Whether <paramref name="point"/> names a position the buffer has now (in checked mode it may still be dead).</summary>
    public bool Describes(ModelPoint point)
    {
        if (Kind == BufferKind.Resize && point.Generation != _generation)
        {
            // A regrow happens only while empty: an earlier generation's empty checkpoint means "empty".
            return point.Index == 0 && point.Used == 0;
        }

        if (point.Index > _index || point.CustomCount > _custom.Count)
        {
            return false;
        }

        return point.Index < _index || point.Offset <= _off;
    }

    /// <summary>
    /// Predicts an allocation through the buffer, or through the open cursor: null when the buffer must
    /// refuse it (a full AllocBuffer), otherwise what to check once the real call has been made; pass
    /// its address to <see cref="Resolve"/>.
    /// </summary>
    public Pending? Predict(long size, int alignment)
    {
        nuint mask = (nuint)alignment - 1;
        long off = _cursorOpen ? _cursorOff : _off;
        long limit = _cursorOpen ? _cursorLimit : _limitOff;
        ModelBlock block = _chain[_index];
        long pad = (long)((0 - (block.Start + (nuint)off)) & mask);
        if (pad + size <= limit - off)
        {
            nuint expected = block.Start + (nuint)(off + pad);
            return new Pending(PendingKind.Exact, size, mask, expected, 0);
        }

        if (Kind is BufferKind.Alloc or BufferKind.Native)
        {
            if (_cursorOpen)
            {
                // A refused refill still gives the cursor's pointer back to the buffer.
                _off = _cursorOff;
                NotePeak();
            }

            return null;
        }

        // The slow path: a cursor's pointer is the buffer's again first.
        _off = off;
        NotePeak();
        return IsChained ? ChainSlow(size, mask) : ResizeSlow(size, mask);
    }

    /// <summary>Checks the real call's <paramref name="got"/> against <paramref name="pending"/> and moves the model on.</summary>
    public void Resolve(Pending pending, nuint got)
    {
        switch (pending.Kind)
        {
            case PendingKind.Exact:
                ModelException.Expect(got == pending.Expected, $"the allocation lands at exactly 0x{pending.Expected:x}, got 0x{got:x}");
                if (pending.KeptBlock != 0)
                {
                    ModelException.Expect(_buf.CurrentBlockStart == pending.KeptBlock, $"the kept block at 0x{pending.KeptBlock:x} is reused, got one at 0x{_buf.CurrentBlockStart:x}");
                }

                SetOffset((long)(got - _chain[_index].Start) + pending.Size, slow: pending.KeptBlock != 0);
                break;
            case PendingKind.Custom:
            case PendingKind.ReusedCustom:
                ModelException.Expect((got & pending.Mask) == 0, $"a custom slab's block 0x{got:x} is aligned to {pending.Mask + 1}");
                SetOffset(_off, slow: true);
                break;
            case PendingKind.NewBlock:
                LearnNewBlock(got, pending);
                break;
            case PendingKind.MainOrOverflow:
                // A new main block: whether a request with a large alignment fits depends on where the
                // block lies, so the buffer's answer is read back and checked for consistency.
                if (_buf.BlocksInUse == 1)
                {
                    LearnNewBlock(got, pending);
                    ModelException.Expect(_off <= _chain[0].Length, "a request placed in the regrown main block fits it");
                }
                else
                {
                    _chain[0].LeftAt = 0;
                    AddOverflow(pending.Size, pending.Mask);
                    LearnNewBlock(got, pending);
                }

                break;
        }

        NotePeak();
    }

    /// <summary>Opens a model cursor at the buffer's pointer.</summary>
    public void OpenCursor()
    {
        _cursorOpen = true;
        _cursorOff = _off;
        _cursorLimit = _limitOff;
    }

    /// <summary>A cursor ends and gives its pointer back.</summary>
    public void CloseCursor()
    {
        _cursorOpen = false;
        _off = _cursorOff;
        NotePeak();
    }

    /// <summary>A cursor ends without giving its pointer back (a restore or a scope's end released it).</summary>
    public void AbandonCursor() => _cursorOpen = false;

    public void Restore(ModelPoint point)
    {
        if (Kind == BufferKind.Resize && point.Generation != _generation)
        {
            point = new ModelPoint(0, 0, 0, _generation, 0);
        }

        if (IsChained)
        {
            // The released dedicated blocks are kept, newest released last; every chain block stays.
            ReleaseCustomTo(point.CustomCount);
        }
        else if (Kind == BufferKind.Resize)
        {
            while (_chain.Count > point.Index + 1)
            {
                _chain.RemoveAt(_chain.Count - 1);
            }
        }

        _index = point.Index;
        _off = point.Offset;
        _limitOff = _chain[_index].Length;
        StopIfEmpty();
        if (IsChained)
        {
            Trim(MaxRetained);
        }
    }

    /// <summary>A reset; <paramref name="regrowRefused"/>: the system refused a ResizeBuffer's regrow, so it keeps its main block.</summary>
    public void Reset(bool regrowRefused = false)
    {
        if (IsChained)
        {
            ReleaseCustomTo(0);
            _index = 0;
            _off = 0;
            _limitOff = _chain[0].Length;
            Trim(MaxRetained);
            _peak = 0;
            return;
        }

        _chain.RemoveRange(1, _chain.Count - 1);
        _index = 0;
        _off = 0;
        _limitOff = _chain[0].Length;
        if (Kind == BufferKind.Resize && (_pending || _chain[0].Length > KeepCap(MaxRetained)))
        {
            // The regrow to the peak, or down to what the buffer may keep; a refused one keeps the block.
            long size = _pending ? RegrowSize() : KeepCap(MaxRetained);
            if (_chain[0].Length > KeepCap(MaxRetained))
            {
                size = Math.Min(size, KeepCap(MaxRetained));
            }

            MoveMain(regrowRefused ? _chain[0].Length : size);
        }

        _peak = 0;
    }

    /// <summary>The buffer's <see cref="BumpBuffer.MaxRetainedBytes"/> is set: what is kept past it goes.</summary>
    public void SetMaxRetained(long value)
    {
        MaxRetained = value;
        TrimBlocks(value);
    }

    /// <summary><see cref="BumpBuffer.TrimExcess"/>.</summary>
    public void TrimExcess() => TrimBlocks(0);

    private void TrimBlocks(long maxRetained)
    {
        if (IsChained)
        {
            Trim(maxRetained);
        }
        else if (Kind == BufferKind.Resize && Used == 0 && !_cursorOpen && (_chain[0].Length > KeepCap(maxRetained) || _index > 0))
        {
            _chain.RemoveRange(1, _chain.Count - 1);
            MoveMain(Math.Min(KeepCap(maxRetained), _chain[0].Length));
        }
    }

    /// <summary>Whether <see cref="TrimExcess"/> would make a new main block (which the system may refuse).</summary>
    public bool TrimMakesBlock => Kind == BufferKind.Resize && Used == 0 && !_cursorOpen && _chain[0].Length > KeepCap(0);

    /// <summary>A ResizeBuffer's empty buffer moves into a main block of <paramref name="size"/> bytes (the same block when the size is its own).</summary>
    private void MoveMain(long size)
    {
        _chain.RemoveRange(1, _chain.Count - 1);
        if (size != _chain[0].Length)
        {
            _chain[0] = new ModelBlock(0, size);
            _generation++;
        }

        _pending = false;
        _index = 0;
        _off = 0;
        _limitOff = _chain[0].Length;
    }

    /// <summary>The largest main block a ResizeBuffer keeps under <paramref name="maxRetained"/>: that, or its first size if larger.</summary>
    private long KeepCap(long maxRetained) => Math.Max(maxRetained, BlockSize);

    /// <summary>Live dedicated blocks past the first <paramref name="count"/> are released, newest first, and kept.</summary>
    private void ReleaseCustomTo(int count)
    {
        while (_custom.Count > count)
        {
            long length = _custom[^1];
            _custom.RemoveAt(_custom.Count - 1);
            _customBytes -= length;
            _kept.Add(length);
        }
    }

    /// <summary>Frees kept blocks past <paramref name="maxRetained"/>: kept dedicated ones, the largest first (the latest released of equals), then chain blocks from the end.</summary>
    private void Trim(long maxRetained)
    {
        long excess = Retained - maxRetained;
        while (excess > 0 && _kept.Count > 0)
        {
            int largest = _kept.Count - 1;
            for (int i = _kept.Count - 2; i >= 0; i--)
            {
                if (_kept[i] > _kept[largest])
                {
                    largest = i;
                }
            }

            excess -= _kept[largest];
            _kept.RemoveAt(largest);
        }

        while (excess > 0 && _chain.Count > _index + 1)
        {
            excess -= _chain[^1].Length;
            _chain.RemoveAt(_chain.Count - 1);
        }
    }

    /// <summary>After every call: the current block's start, if the model entered a block whose address it had not seen.</summary>
    public void Learn()
    {
        ModelBlock block = _chain[_index];
        if (block.Start == 0)
        {
            block.Start = _buf.CurrentBlockStart;
        }
    }

    /// <summary>
    /// A SlabBuffer's or ChainBuffer's slow path: the first kept block the request fits; else, at
    /// the chain's end, a new block (a slab, or double the last block, capped, within what the limit
    /// leaves) if it fits that; else a dedicated block: the smallest kept one that holds it (the latest
    /// released of equals), or a new one, after which every kept one goes; null when the limit refuses.
    /// </summary>
    private Pending? ChainSlow(long size, nuint mask)
    {
        long needed = size + (mask >= BlockAlignment ? (long)mask : 0);
        int next = _index + 1;
        if (next < _chain.Count)
        {
            // The first kept block the request fits moves to follow the current one.
            int fitting = _chain.FindIndex(next, b => needed <= b.Length);
            if (fitting >= 0)
            {
                ModelBlock moved = _chain[fitting];
                _chain.RemoveAt(fitting);
                _chain.Insert(next, moved);
                return Enter(next, size, mask);
            }
        }
        else
        {
            long room = MaxCapacity - Capacity;
            long length;
            if (Kind == BufferKind.Slab)
            {
                length = Math.Min(BlockSize, room);
            }
            else
            {
                long last = _chain[^1].Length;
                long cap = Math.Max(MaxBlockSize, last);
                length = Math.Min(Math.Max(Math.Min(last * 2, cap), ChainBuffer.MinBlockSize), room);
            }

            if (needed <= length)
            {
                _chain.Add(new ModelBlock(0, length));
                return Enter(next, size, mask);
            }
        }

        int fit = -1;
        for (int i = _kept.Count - 1; i >= 0; i--)
        {
            if (_kept[i] >= needed && (fit < 0 || _kept[i] < _kept[fit]))
            {
                fit = i;
            }
        }

        if (fit < 0 && needed > MaxCapacity - (Capacity - KeptBytes))
        {
            MaxCapacityRefusals++;
            return null;
        }

        long block = needed;
        if (fit >= 0)
        {
            block = _kept[fit];
            _kept.RemoveAt(fit);
        }

        bool reused = fit >= 0;
        if (!reused)
        {
            _kept.Clear();
        }

        _custom.Add(block);
        _customBytes += block;
        return new Pending(reused ? PendingKind.ReusedCustom : PendingKind.Custom, size, mask, 0, 0);
    }

    private Pending ResizeSlow(long size, nuint mask)
    {
        if (_pending && Used == 0)
        {
            if (Regrow())
            {
                long length = _chain[0].Length;
                if (size <= length)
                {
                    return mask < BlockAlignment ? new Pending(PendingKind.NewBlock, size, mask, 0, 0) : new Pending(PendingKind.MainOrOverflow, size, mask, 0, 0);
                }
            }
            else if ((long)((0 - _chain[0].Start) & mask) + size <= _limitOff)
            {
                return Enter(0, size, mask);
            }
        }

        _chain[_index].LeftAt = _off;
        AddOverflow(size, mask);
        return new Pending(PendingKind.NewBlock, size, mask, 0, 0);
    }

    private void AddOverflow(long size, nuint mask)
    {
        long extra = mask >= BlockAlignment ? (long)mask : 0;
        long length = Math.Max(size + extra, Math.Max(_chain[0].Length, BlockAlignment));
        _chain.Add(new ModelBlock(0, length));
        _index = _chain.Count - 1;
        _limitOff = length;
        _pending = true;
    }

    /// <summary>Moves to block <paramref name="index"/>: a kept block's address is known, a new one's is learned after the call.</summary>
    private Pending Enter(int index, long size, nuint mask)
    {
        _index = index;
        ModelBlock block = _chain[index];
        _limitOff = block.Length;
        if (block.Start == 0)
        {
            return new Pending(PendingKind.NewBlock, size, mask, 0, 0);
        }

        nuint expected = block.Start + ((0 - block.Start) & mask);
        return new Pending(PendingKind.Exact, size, mask, expected, block.Start);
    }

    /// <summary>The first allocation in a block the buffer has just made: learn its start, check the address.</summary>
    private void LearnNewBlock(nuint got, Pending pending)
    {
        ModelBlock block = _chain[_index];
        nuint start = _buf.CurrentBlockStart;
        ModelException.Expect(start % BlockAlignment == 0, $"a new block starts {BlockAlignment}-aligned, got 0x{start:x}");
        block.Start = start;
        nuint expected = start + ((0 - start) & pending.Mask);
        ModelException.Expect(got == expected, $"the first allocation in a new block lands at 0x{expected:x}, got 0x{got:x}");
        SetOffset((long)(expected - start) + pending.Size, slow: true);
    }

    /// <summary>The pointer after an allocation: the cursor's, or the buffer's; a slow path moves both.</summary>
    private void SetOffset(long offset, bool slow)
    {
        if (!_cursorOpen)
        {
            _off = offset;
            return;
        }

        _cursorOff = offset;
        if (slow)
        {
            _off = offset;
            _cursorLimit = _limitOff;
        }
    }

    /// <summary>Regrows the main block to the peak; true when that makes a new main block.</summary>
    private bool Regrow()
    {
        // Empty: any overflow block (the pointer may sit at the start of one) holds nothing and goes.
        _chain.RemoveRange(1, _chain.Count - 1);
        long size = RegrowSize();
        bool grown = size > _chain[0].Length;
        if (grown)
        {
            _chain[0] = new ModelBlock(0, size);
            _generation++;
        }

        _pending = false;
        _index = 0;
        _off = 0;
        _limitOff = _chain[0].Length;
        return grown;
    }

    /// <summary>A ResizeBuffer's regrow: the peak rounded up to 64, within the GC-block limit and what the buffer may keep, never smaller than now.</summary>
    private long RegrowSize() =>
        Math.Max(Math.Min(Math.Min((_peak + BlockAlignment - 1) & ~(long)(BlockAlignment - 1), GcBlockLimit), KeepCap(MaxRetained)), _chain[0].Length);

    private void StopIfEmpty()
    {
        if (_pending && Used == 0)
        {
            _limitOff = _off;
        }
    }

    private void NotePeak() => _peak = Math.Max(_peak, Used);

    private sealed class ModelBlock(nuint start, long length)
    {
        public nuint Start { get; set; } = start;

        public long Length { get; } = length;

        public long LeftAt { get; set; }
    }
}

/// <summary>What the model knows about one checkpoint: its block, offset, custom slabs, generation and bytes in use.</summary>
internal readonly record struct ModelPoint(int Index, long Offset, int CustomCount, int Generation, long Used);

/// <summary>What to check once the real allocation is made (see <see cref="LayoutModel.Resolve"/>).</summary>
internal sealed record Pending(PendingKind Kind, long Size, nuint Mask, nuint Expected, nuint KeptBlock);

/// <summary>
/// An exact address (in a kept block, <see cref="Pending.KeptBlock"/> must be the buffer's block again),
/// a custom slab (only its alignment is known), a new block (the address follows from its start), or a
/// new main block that the request may or may not fit.
/// </summary>
internal enum PendingKind
{
    Exact,
    Custom,
    ReusedCustom,
    NewBlock,
    MainOrOverflow,
}

/// <summary>A disagreement between a buffer and its model.</summary>
internal sealed class ModelException(string message, Exception? inner = null) : Exception(message, inner)
{
    public static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new ModelException("expected " + what);
        }
    }
}
