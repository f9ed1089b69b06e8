using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Bumper.Internal;

/// <summary>
/// Checked mode's bookkeeping for one buffer. A buffer holds one exactly while it is checked (a null
/// field means unchecked), so the fast path tests one field and unchecked buffers carry none of this.
/// </summary>
/// <remarks>
/// <para>
/// Invariants: <see cref="Depth"/> counts the checked scopes open on the buffer; <c>_innermost</c> is
/// the serial of the innermost one (0 when none), and <c>_enclosing</c> holds the serials of the
/// scopes around it, innermost last. Every serial handed out is non-zero (a scope reads 0 as
/// "unchecked"); the counter wraps after 2^32 saves, so serials are compared for equality only.
/// </para>
/// <para>
/// While checked mode is off the buffer keeps this object aside (the counter goes on from where it
/// was, so no serial is handed out twice in a row of periods). Restores made meanwhile are not
/// recorded, so when checked mode is on again the saves alive when it was turned off become
/// "earlier" saves (<c>_earlier</c>, the bottom of the stack): still restorable, no longer checked
/// for being dead. A save released before checked mode was turned off stays dead.
/// </para>
/// </remarks>
internal sealed class CheckedState
{
    /// <summary>The serials of every save not yet released, oldest first.</summary>
    private readonly CheckpointStack _live = new();

    /// <summary>The serials of the checked scopes around the innermost one.</summary>
    private readonly Stack<int> _enclosing = new();

    /// <summary>The last serial handed out.</summary>
    private int _lastSerial;

    /// <summary>How many of the live saves at the bottom of the stack predate the last time checked mode was turned on.</summary>
    private int _earlier;

    /// <summary>The serial of the innermost checked scope, or 0.</summary>
    private int _innermost;

    /// <summary>The managed thread id of the thread whose scopes are open.</summary>
    private int _owner;

    /// <summary>How many saves are recorded as alive.</summary>
    public int Records => _live.Count;

    /// <summary>How many checked scopes are open.</summary>
    public int Depth { get; private set; }

    /// <summary>Makes <paramref name="lastSerial"/> the last serial handed out: how tests reach the counter's wrap without 2^32 saves.</summary>
    public void StartAfter(int lastSerial) => _lastSerial = lastSerial;

    /// <summary>
    /// A serial for a new checkpoint at <paramref name="position"/> in <paramref name="state"/>,
    /// recorded as alive. A plain save (not <paramref name="forScope"/>) at the place of the newest
    /// live save since checked mode was last turned on, with nothing allocated between, is that same
    /// checkpoint and gets its serial, so a loop of save and restore keeps one record rather than one
    /// per round. A scope always gets a serial of its own (its end forgets it), and no plain save
    /// shares the innermost scope's, which would let an outer scope pass for the innermost one.
    /// </summary>
    public int Save(nuint position, long state, bool forScope)
    {
        if (!forScope)
        {
            // An earlier save is not shared: a restore to a checkpoint saved unchecked keeps it alive,
            // where it kills every save made since checked mode was turned on.
            int same = _live.Count > _earlier ? _live.TopAt(position, state) : 0;
            if (same != 0 && (Depth == 0 || same != _innermost))
            {
                return same;
            }
        }

        // The counter wraps after 2^32 saves and skips 0, which means "unchecked".
        int serial = ++_lastSerial;
        if (serial == 0)
        {
            serial = _lastSerial = 1;
        }

        _live.Push(serial, position, state);
        return serial;
    }

    /// <summary>
    /// Where a restore to the checkpoint with <paramref name="serial"/> leaves the live saves: the index
    /// of the last one it keeps (-1 for none), for <see cref="Release"/>. Throws if the checkpoint is
    /// dead. Changes nothing.
    /// </summary>
    public int KeptBy(int serial)
    {
        if (serial == 0)
        {
            // Saved while unchecked, so before every save made since checked mode was last turned on.
            return _earlier - 1;
        }

        int index = _live.IndexOf(serial);
        if (index < 0)
        {
            ThrowHelper.ThrowDeadCheckpoint();
        }

        return index;
    }

    /// <summary>A restore went through: every save after the one at <paramref name="keptUpTo"/> (from <see cref="KeptBy"/>) is dead.</summary>
    public void Release(int keptUpTo)
    {
        _live.ReleaseAbove(keptUpTo);
        _earlier = Math.Min(_earlier, _live.Count);
    }

    /// <summary>Checked mode is on again after a time off: the saves alive when it was turned off become earlier saves.</summary>
    public void Resume() => _earlier = _live.Count;

    /// <summary>Throws if another thread has a checked scope open on the buffer. Changes nothing.</summary>
    public void CheckOwner(string bufferType)
    {
        int thread = Bump.CurrentThreadId;
        if (Depth > 0 && _owner != thread)
        {
            ThrowHelper.ThrowScopeOnOtherThread(bufferType, _owner, thread);
        }
    }

    /// <summary>A checked scope with <paramref name="serial"/> opens on this thread, inside the innermost one.</summary>
    public void OpenScope(int serial)
    {
        _owner = Bump.CurrentThreadId;
        Depth++;
        _enclosing.Push(_innermost);
        _innermost = serial;
    }

    /// <summary>Throws unless the scope with <paramref name="serial"/> may allocate now, on this thread.</summary>
    public void CheckScopeUse(int serial)
    {
        int thread = Bump.CurrentThreadId;
        if (Depth > 0 && thread != _owner)
        {
            ThrowHelper.ThrowScopeUsedFromOtherThread(_owner, thread);
        }

        if (serial != _innermost)
        {
            ThrowNotInnermost(serial);
        }
    }

    /// <summary>A scope that is not the innermost one is either open around it, or has ended.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNotInnermost(int serial)
    {
        if (_enclosing.Contains(serial))
        {
            ThrowHelper.ThrowOuterScopeUsed();
        }

        ThrowHelper.ThrowScopeEnded();
    }

    /// <summary>Throws unless the scope with <paramref name="serial"/> is the innermost one, so it may close.</summary>
    public void CheckCloseOrder(int serial)
    {
        if (serial != _innermost)
        {
            ThrowHelper.ThrowScopesOutOfOrder();
        }
    }

    /// <summary>
    /// The innermost scope has closed, its restore gone through: its own save, now the newest live
    /// one, is forgotten (nothing restores a scope that has ended), and the scope around it is
    /// innermost again.
    /// </summary>
    public void CloseScope()
    {
        Debug.Assert(_live.TopSerial == _innermost, "a scope's restore leaves its own save the newest live one");
        _live.ReleaseAbove(_live.Count - 2);
        _earlier = Math.Min(_earlier, _live.Count);
        _innermost = _enclosing.TryPop(out int enclosing) ? enclosing : 0;
        Depth--;
    }

    /// <summary>A reset: no scope is open and every checkpoint is dead.</summary>
    public void Clear()
    {
        _live.Clear();
        _earlier = 0;
        // Stryker disable once Statement : stale entries left below are never popped: a close pops only after CheckCloseOrder matched a scope opened since, whose open pushed what it pops
        _enclosing.Clear();
        _innermost = 0;
        Depth = 0;
    }
}
