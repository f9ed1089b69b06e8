// What a derived buffer implements, and the base methods its slow paths move the pointer with.
// Nobody else writes the pointer's fields: SetBlock, ChangeLayout, StopFastAllocation and the bumps
// below (with TryResizeLast in BumpBuffer.Growing.cs) keep BumpBuffer.cs's invariants.
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Bumper.Internal;

namespace Bumper;

public abstract unsafe partial class BumpBuffer
{
    /// <summary>Makes room and allocates when the current block is full. Never called with a fitting request.</summary>
    private protected abstract void* AllocSlow(nuint byteCount, nuint alignMask);

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> unless <paramref name="checkpoint"/>,
    /// whose state is not the current block's, describes a position this buffer has now. Changes nothing.
    /// </summary>
    private protected abstract void CheckRestorable(in Checkpoint checkpoint);

    /// <summary>Restores a checkpoint outside the current block that <see cref="CheckRestorable"/> accepted.</summary>
    private protected abstract void RestoreBlocks(in Checkpoint checkpoint);

    /// <summary>Releases everything but the first block and points the buffer at its start.</summary>
    private protected abstract void ResetBlocks();

    /// <summary>Returns every block's memory.</summary>
    private protected abstract void FreeBlocks();

    /// <summary>What a save on the slow path records: the position and state, or an equivalent the buffer prefers.</summary>
    private protected virtual (nuint Position, long State) SlowSavePoint(nuint position, long state) => (position, state);

    /// <summary>Called after a slow-path restore that stayed in the current block.</summary>
    private protected virtual void OnRestoredInBlock()
    {
    }

    /// <summary>The bump pointer, for a derived buffer's slow path.</summary>
    private protected nuint Position => _current;

    /// <summary>The start of the current block, for a derived buffer's slow path.</summary>
    private protected nuint BlockStart => _blockStart;

    /// <summary>Makes every <see cref="Save"/> and <see cref="Restore"/> take the slow path while on.</summary>
    private protected bool SlowCheckpoints
    {
        get => _slowCheckpoints;
        set
        {
            _slowCheckpoints = value;
            UpdateFastState();
        }
    }

    /// <summary>Points the bump pointer into a block; derived buffers call it whenever the block changes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void SetBlock(nuint start, nuint current, nuint limit, long state, long usedBefore)
    {
        Debug.Assert(start <= current && current <= limit, "the bump pointer must lie in its block");
        Debug.Assert(state != Unmatchable, "state must be matchable");

        // Only a restore changes blocks under an open cursor (a refill takes the cursor back first):
        // the restore releases the cursor's block, so the cursor ends.
        _cursorOpen = false;
        _peak = PeakBytesUsed;
        _blockStart = start;
        _current = current;
        _limit = limit;
        _blockHigh = current;
        _state = state;
        _usedBefore = usedBefore;
        UpdateFastState();
    }

    /// <summary>The layout changes without moving the pointer (a dedicated block).</summary>
    private protected void ChangeLayout(long state, long usedBefore) => SetBlock(_blockStart, _current, _limit, state, usedBefore);

    /// <summary>Sends the next non-empty allocation to <see cref="AllocSlow"/> (a ResizeBuffer that wants to regrow).</summary>
    private protected void StopFastAllocation() => _limit = _current;

    /// <summary>The bump without a slow path: false, and nothing changed, when the request does not fit.</summary>
    private protected bool TryBumpInBlock(nuint byteCount, nuint alignMask, out void* result)
    {
        nuint pad = (0 - _current) & alignMask;
        nuint need = pad + byteCount;
        if (need > _limit - _current)
        {
            result = null;
            return false;
        }

        result = (void*)(_current + pad);
        _current += need;
        return true;
    }

    /// <summary>
    /// Bumps in the block a slow path has just entered and sized for the request. It never goes to the
    /// slow path again, so a block too small (a sizing bug) is an exception, not unbounded recursion.
    /// </summary>
    private protected void* BumpNewBlock(nuint byteCount, nuint alignMask)
    {
        // Stryker disable once Block,Statement,Arithmetic : unreachable: every slow path sizes its new block for the request, so this fires only on a sizing bug
        if (!TryBumpInBlock(byteCount, alignMask, out void* p))
        {
            ThrowHelper.ThrowNewBlockTooSmall(byteCount, alignMask + 1, _limit - _current);
        }

        return p;
    }

    /// <summary>The high half of a layout state, where the derived buffers pack a block index or generation.</summary>
    // Stryker disable once Bitwise : the int cast keeps the same low 32 bits whether the shift is signed or not
    private protected static int HighHalf(long state) => (int)(state >> 32);

    /// <summary>
    /// The size of a block made for one request: <paramref name="byteCount"/> plus the most padding its
    /// alignment can need in a block aligned to <see cref="Limits.BlockAlignment"/>; overflow-checked.
    /// </summary>
    private protected static nuint DedicatedBlockSize(nuint byteCount, nuint alignMask)
    {
        // Stryker disable once Equality : an alignment mask is a power of two minus one, so it never equals the block alignment
        nuint extra = alignMask >= Limits.BlockAlignment ? alignMask : 0;
        // Stryker disable once Equality,Block,Statement,Arithmetic : unreachable: byte counts are below 2^63 and the mask below 4096, so the sum cannot wrap
        if (byteCount > nuint.MaxValue - extra)
        {
            ThrowHelper.ThrowSizeOverflow(byteCount, alignMask + 1);
        }

        return byteCount + extra;
    }

    /// <summary>Poisons the current block from <paramref name="from"/> to the bump pointer (checked mode).</summary>
    private protected void PoisonCurrentBlock(nuint from)
    {
        if (_checks is not null)
        {
            MemoryBlock.Poison(from, _current);
        }
    }
}
