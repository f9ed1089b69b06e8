using System.Runtime.CompilerServices;
using Bumper;
using Bumper.Internal;

namespace Bumper.Core.Tests.Model;

/// <summary>
/// Many short seeded sequences per buffer kind, checked and unchecked, against <see cref="LayoutModel"/>:
/// allocations of every size class (past the slab and the main block too) and alignment, typed and raw,
/// through the buffer, scopes several levels deep opened at empty and non-empty positions, cursors
/// inside scopes, saves, restores of live checkpoints, and resets; and refused calls: dead
/// checkpoints, another buffer's checkpoints (whose serials collide with this buffer's), forged
/// checkpoints, bad arguments, a full AllocBuffer, an outer scope used or disposed while an inner one
/// is open, calls on a buffer lent to a cursor, and blocks the system refuses (out of memory, at the
/// first or second allocation of a call). Checked mode is turned off and on in the middle of
/// sequences with checkpoints and scopes outstanding, the checkpoint serials of some sequences start
/// just below the counter's wrap, and some ResizeBuffers may make GC blocks of a few KiB only, so
/// their regrows reach the largest block. After every step the buffer's pointer and every figure
/// equal the model's exactly; every live allocation keeps its bytes; a refused or failed call changes
/// nothing, and every checkpoint alive before it can still be restored.
/// </summary>
public sealed class SequenceModelTests
{
    private const int Steps = 400;

    public static TheoryData<string, bool, int> Cases
    {
        get
        {
            var data = new TheoryData<string, bool, int>();
            foreach (string kind in new[] { "alloc", "native", "slab", "resize", "chain" })
            {
                data.Add(kind, false, 300);
                data.Add(kind, true, 300);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Random_sequences_match_the_layout_model_exactly(string kind, bool isChecked, int sequences)
    {
        var totals = new Dictionary<string, int>();
        for (int sequence = 0; sequence < sequences; sequence++)
        {
            int seed = (kind.Length * 1_000_003) + (kind[0] * 7_919) + (isChecked ? 500_009 : 0) + sequence;
            RunOne(kind, isChecked, seed, sequence, totals);
        }

        // Every kind of step ran, so a silent change to the generator cannot hollow the test out.
        string[] required = ["alloc", "cursor", "open", "save", "restore", "foreign", "forged", "bad-args", "reset", "toggle", "retain", "trim"];
        foreach (string op in required)
        {
            Assert.True(totals.GetValueOrDefault(op) >= 100, $"{op} ran {totals.GetValueOrDefault(op)} times: {string.Join(", ", totals)}");
        }

        if (isChecked)
        {
            Assert.True(totals.GetValueOrDefault("dead") >= 100, $"dead ran {totals.GetValueOrDefault("dead")} times");
            Assert.True(totals.GetValueOrDefault("outer") >= 50, $"outer ran {totals.GetValueOrDefault("outer")} times");
            Assert.True(totals.GetValueOrDefault("toggle-refused") >= 10, $"toggle-refused ran {totals.GetValueOrDefault("toggle-refused")} times");
            Assert.True(totals.GetValueOrDefault("earlier-restored") >= 10, $"earlier-restored ran {totals.GetValueOrDefault("earlier-restored")} times");
            Assert.True(totals.GetValueOrDefault("same-save") >= 50, $"same-save ran {totals.GetValueOrDefault("same-save")} times");
        }

        if (kind is not ("alloc" or "native"))
        {
            Assert.True(totals.GetValueOrDefault("out-of-memory") >= 50, $"out-of-memory ran {totals.GetValueOrDefault("out-of-memory")} times");
        }
    }

    /// <summary>Runs sequence <paramref name="sequence"/> of a case; the failure names its seed.</summary>
    internal static void RunOne(string kind, bool isChecked, int seed, int sequence, Dictionary<string, int> totals)
    {
        var run = new SequenceRun(kind, isChecked, seed);
        try
        {
            run.Run(Steps);
        }
        catch (Exception ex)
        {
            throw new ModelException($"{kind} checked={isChecked} sequence {sequence} (seed {seed}) failed at step {run.Step} ({run.LastOp}): {ex.Message}", ex);
        }
        finally
        {
            run.Dispose();
        }

        foreach (var (op, count) in run.Counts)
        {
            totals[op] = totals.GetValueOrDefault(op) + count;
        }
    }

    private sealed unsafe class SequenceRun : IDisposable
    {
        private readonly Random _rng;
        private readonly BufferKind _kind;
        private bool _checked;
        private int _period;
        private int _checkedScopes;
        private readonly BumpBuffer _buf;
        private readonly BumpBuffer _other;
        private LayoutModel _model;
        private readonly List<(nuint Address, int Length, byte Pattern)> _live = [];
        private readonly List<Saved> _saves = [];
        private readonly List<Checkpoint> _dead = [];
        private readonly List<Checkpoint> _foreign = [];
        private byte _nextPattern;
        private int _budget;


        public SequenceRun(string kind, bool isChecked, int seed)
        {
            _rng = new Random(seed);
            _checked = isChecked;
            _period = isChecked ? 1 : 0;
            (BufferKind k, long size) = kind switch
            {
                "alloc" => (BufferKind.Alloc, 8192L),
                "native" => (BufferKind.Native, 8192L),
                "slab" => (BufferKind.Slab, 1024L << _rng.Next(3)),
                "resize" => (BufferKind.Resize, (long)_rng.Next(4) * 256),
                "chain" => (BufferKind.Chain, (long)_rng.Next(4) * 1024),
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            };

            // A chain buffer's blocks double up to 4, 8 or 16 KiB; every other one has a limit near its first blocks.
            long maxBlock = (long)ChainBuffer.MinBlockSize << _rng.Next(3);
            long limit = k is BufferKind.Chain or BufferKind.Slab && _rng.Next(2) == 0 ? size + (_rng.Next(1, 24) * 1024L) : long.MaxValue;
            // Half of the ResizeBuffers may make GC blocks of a few KiB only (every request still fits
            // one), so a peak of work passes the largest block and the regrow stops there.
            long gcLimit = k == BufferKind.Resize && _rng.Next(2) == 0 ? 8192 + _rng.Next(8192) : long.MaxValue;
            if (gcLimit != long.MaxValue)
            {
                MemoryBlock.GcBlockLimit = (nuint)gcLimit;
            }

            _kind = k;
            _buf = Make(k, size, maxBlock, limit);
            _other = Make(k, size, maxBlock, limit);
            _buf.IsChecked = isChecked;
            _other.IsChecked = isChecked;
            _model = new LayoutModel(k, _buf, size, maxBlock, limit, gcLimit);
            if (_rng.Next(3) == 0)
            {
                // What the buffer keeps between rounds is bounded from the start in a third of the sequences.
                SetMaxRetained();
            }

            // A third of the sequences start their serials just below the counter's wrap past
            // int.MaxValue or past -1, so their saves cross it.
            int wrap = _rng.Next(3);
            if (wrap != 0)
            {
                int last = (wrap == 1 ? int.MaxValue : -1) - _rng.Next(40);
                _buf.StartSerialsAfter(last);
                _other.StartSerialsAfter(last);
            }
        }

        public int Step { get; private set; }

        public string LastOp { get; private set; } = "";

        public Dictionary<string, int> Counts { get; } = [];

        private bool IsFixed => _model.Kind is BufferKind.Alloc or BufferKind.Native;

        public void Run(int steps)
        {
            _budget = steps;
            while (_budget > 0)
            {
                Level(depth: 0, scope: default, outer: default);
                if (_budget > 0)
                {
                    Reset();
                }
            }
        }

        public void Dispose()
        {
            MemoryBlock.GcBlockLimit = 0;
            MemoryBlock.RefuseAllocation = 0;
            _buf.Dispose();
            _other.Dispose();
        }

        private static BumpBuffer Make(BufferKind kind, long size, long maxBlock, long limit) => kind switch
        {
            BufferKind.Alloc => new AllocBuffer((nint)size),
            BufferKind.Native => AllocBuffer.Native((nint)size),
            BufferKind.Chain => new ChainBuffer((nint)size, (nint)maxBlock) { MaxCapacity = limit },
            BufferKind.Slab => new SlabBuffer((int)size) { MaxCapacity = limit },
            _ => new ResizeBuffer((nint)size),
        };

        /// <summary>Runs steps at one scope level until the level closes; recursion opens inner scopes.</summary>
        private void Level(int depth, NoEscapeScope scope, NoEscapeScope outer)
        {
            int firstSave = _saves.Count;
            while (_budget > 0)
            {
                _budget--;
                Step++;
                int op = _rng.Next(100);
                if (op < 30)
                {
                    Allocate(depth > 0 && _rng.Next(3) != 0, scope);
                }
                else if (op < 40 && depth < 6)
                {
                    OpenScope(depth, scope);
                }
                else if (op < 50)
                {
                    if (depth > 0)
                    {
                        Do("close");
                        return;
                    }

                    if (_rng.Next(8) == 0)
                    {
                        return;
                    }
                }
                else if (op < 57)
                {
                    Save();
                }
                else if (op < 66)
                {
                    RestoreLive(firstSave);
                }
                else if (op < 69)
                {
                    RestoreDead();
                }
                else if (op < 72)
                {
                    RestoreForeign();
                }
                else if (op < 74)
                {
                    RestoreForged();
                }
                else if (op < 77)
                {
                    BadArguments(depth > 0, scope);
                }
                else if (op < 80 && depth >= 2 && outer.Checkpoint.Serial != 0 && scope.Checkpoint.Serial != 0)
                {
                    // Checked mode refuses an outer scope only when both it and the one inside it are checked.
                    OuterScopeMisuse(outer);
                }
                else if (op < 82)
                {
                    ToggleChecked();
                }
                else if (op < 88 && depth > 0)
                {
                    if (CursorBurst(scope))
                    {
                        Do("close");
                        return; // the scope's end abandons the open cursor
                    }
                }
                else if (op < 89)
                {
                    Retention();
                }
                else if (op < 92)
                {
                    OtherBufferWork();
                }
                else
                {
                    Do("verify");
                    VerifyPatterns();
                }

                CheckFigures();
            }
        }

        private void OpenScope(int depth, NoEscapeScope scope)
        {
            Do("open");
            ModelPoint point = _model.Point();
            int liveCount = _live.Count;
            int saves = _saves.Count;
            using (var inner = _buf.NoEscape())
            {
                ExpectSameCheckpoint(inner.Checkpoint, point);
                ExpectSerial(inner.Checkpoint, isScope: true);
                bool isChecked = inner.Checkpoint.Serial != 0;
                ModelException.Expect(isChecked == _checked, $"a scope opened with checked mode {(_checked ? "on" : "off")} is {(isChecked ? "" : "un")}checked");
                _saves.Add(new Saved(inner.Checkpoint, point, liveCount, IsScope: true, _period));
                _checkedScopes += isChecked ? 1 : 0;
                Level(depth + 1, inner, scope);
                LastOp = "close";
                Kill(saves + 1, _saves[saves]);
                _checkedScopes -= isChecked ? 1 : 0;
                if (isChecked && _checked)
                {
                    // Nothing restores a scope that has ended: its end forgets its own save too.
                    _dead.Add(inner.Checkpoint);
                }
            }

            _saves.RemoveRange(saves, _saves.Count - saves);
            _model.Restore(point);
            _model.Learn();
            _live.RemoveRange(liveCount, _live.Count - liveCount);
            ModelException.Expect(_buf.BytesUsed == point.Used, $"closing a scope gives bytes in use back to {point.Used}, got {_buf.BytesUsed}");
            CheckFigures();
            VerifyPatterns();
        }

        private void Save()
        {
            Do("save");
            Checkpoint checkpoint = _buf.Save();
            ModelPoint point = _model.Point();
            ExpectSameCheckpoint(checkpoint, point);
            ExpectSerial(checkpoint, isScope: false);
            _saves.Add(new Saved(checkpoint, point, _live.Count, IsScope: false, _period));
        }

        /// <summary>
        /// Checked mode's serials: a plain save at the place of the newest live save (nothing allocated
        /// between, checked mode not turned off since) is that same checkpoint, serial included; a scope
        /// and every other save get a serial no live or dead checkpoint has.
        /// </summary>
        private void ExpectSerial(Checkpoint checkpoint, bool isScope)
        {
            if (checkpoint.Serial == 0)
            {
                return;
            }

            bool same = !isScope && _saves.Count > 0 && _saves[^1] is { IsScope: false } newest && newest.Period == _period
                && newest.Checkpoint.Serial != 0 && newest.Checkpoint.Position == checkpoint.Position && newest.Checkpoint.State == checkpoint.State;
            if (same)
            {
                Do("same-save");
                ModelException.Expect(checkpoint == _saves[^1].Checkpoint, $"a save with nothing allocated since the newest live one is that checkpoint ({_saves[^1].Checkpoint}), got {checkpoint}");
                return;
            }

            foreach (Saved saved in _saves)
            {
                ModelException.Expect(saved.Checkpoint.Serial != checkpoint.Serial, $"a new checkpoint {checkpoint} has a fresh serial, but live {saved.Checkpoint} has it");
            }

            foreach (Checkpoint dead in _dead)
            {
                ModelException.Expect(dead.Serial != checkpoint.Serial, $"a new checkpoint {checkpoint} has a fresh serial, but dead {dead} has it");
            }
        }

        private void ExpectSameCheckpoint(Checkpoint checkpoint, ModelPoint point)
        {
            nuint expected = _model.SavedPosition;
            ModelException.Expect(expected == 0 || checkpoint.Position == expected, $"a checkpoint records 0x{expected:x}, got 0x{checkpoint.Position:x} ({point})");
        }

        private void RestoreLive(int firstSave)
        {
            // Only checkpoints saved inside the current scope may be restored from here.
            int count = _saves.Count - firstSave;
            if (count <= 0)
            {
                return;
            }

            int k = firstSave + _rng.Next(count);
            Saved target = _saves[k];
            Do("restore");
            if (_checked && target.Checkpoint.Serial != 0 && target.Period != _period)
            {
                Do("earlier-restored"); // saved before checked mode was last turned off and on
            }

            ModelException.Expect(_model.Describes(target.Point), "the model describes a live checkpoint");
            _buf.Restore(target.Checkpoint);
            Kill(k + 1, target);
            _saves.RemoveRange(k + 1, _saves.Count - k - 1);
            _model.Restore(target.Point);
            _model.Learn();
            _live.RemoveRange(target.LiveCount, _live.Count - target.LiveCount);
            ModelException.Expect(_buf.BytesUsed == target.Point.Used, $"a restore gives bytes in use back to {target.Point.Used}, got {_buf.BytesUsed}");
            VerifyPatterns();
        }

        private void RestoreDead()
        {
            // Unchecked buffers do not track liveness; a dead checkpoint that still names a position
            // is the caller's promise broken, not a refusal, so only checked buffers are asked.
            if (!_checked || _dead.Count == 0)
            {
                return;
            }

            Do("dead");
            Checkpoint dead = _dead[_rng.Next(_dead.Count)];
            Refused<InvalidOperationException>(() => _buf.Restore(dead), "a dead checkpoint");
        }

        private void RestoreForeign()
        {
            if (_foreign.Count == 0)
            {
                return;
            }

            Do("foreign");
            Checkpoint foreign = _foreign[_rng.Next(_foreign.Count)];
            Refused<InvalidOperationException>(() => _buf.Restore(foreign), "another buffer's checkpoint");
        }

        private void RestoreForged()
        {
            Do("forged");
            Checkpoint real = _buf.Save();
            _saves.Add(new Saved(real, _model.Point(), _live.Count, IsScope: false, _period));

            // A block (or custom slab, or generation) the buffer does not have.
            long forgedState = _rng.Next(3) switch
            {
                0 => real.State + (1L << 32),
                1 => real.State + 1,
                _ => real.State ^ (1L << 40),
            };
            var forged = new Checkpoint(real.Position, forgedState, real.Serial);
            Refused<InvalidOperationException>(() => _buf.Restore(forged), "a forged checkpoint");
        }

        private void BadArguments(bool scoped, NoEscapeScope scope)
        {
            Do("bad-args");
            switch (_rng.Next(5))
            {
                case 0:
                    Refused<ArgumentOutOfRangeException>(() => _buf.AllocPtr(-1 - _rng.Next(100), 8), "a negative size");
                    break;
                case 1:
                    int alignment = _rng.Next(2) == 0 ? 3 + (2 * _rng.Next(100)) : 8192;
                    Refused<ArgumentException>(() => _buf.AllocPtr(16, alignment), $"alignment {alignment}");
                    break;
                case 2:
                    Refused<ArgumentOutOfRangeException>(() => _buf.AllocPtr(16, -_rng.Next(5)), "a non-positive alignment");
                    break;
                case 3:
                    Refused<ArgumentOutOfRangeException>(() => _buf.Alloc<long>(int.MaxValue, int.MaxValue), "an overflowing size");
                    break;
                default:
                    if (scoped)
                    {
                        var before = Snapshot();
                        try
                        {
                            scope.Alloc<int>(-1);
                            throw new ModelException("a negative length through a scope must throw");
                        }
                        catch (ArgumentOutOfRangeException)
                        {
                        }

                        Unchanged(before, "a negative length through a scope");
                    }
                    else
                    {
                        Refused<ArgumentOutOfRangeException>(() => _buf.Alloc<int>(-5), "a negative length");
                    }

                    break;
            }
        }

        private void OuterScopeMisuse(NoEscapeScope outer)
        {
            Do("outer");
            var before = Snapshot();
            try
            {
                if (_rng.Next(2) == 0)
                {
                    outer.AllocPtr(8, 8);
                }
                else
                {
                    outer.Dispose();
                }

                throw new ModelException("using or disposing an outer scope while an inner one is open must throw in checked mode");
            }
            catch (InvalidOperationException)
            {
            }

            Unchanged(before, "an outer scope's use");
        }

        /// <summary>Allocates through a cursor; true when it is left open for the scope's end to abandon.</summary>
        private bool CursorBurst(NoEscapeScope scope)
        {
            Do("cursor");
            BumpCursor cursor = scope.Cursor();
            _model.OpenCursor();
            int n = 1 + _rng.Next(12);
            for (int i = 0; i < n; i++)
            {
                if (_rng.Next(10) == 0)
                {
                    // The buffer is lent to the cursor: its own calls are refused and change nothing.
                    long used = _buf.BytesUsed;
                    nuint position = _buf.CurrentPosition;
                    AssertThrows<InvalidOperationException>(() => _buf.AllocPtr(1 + _rng.Next(64), 8), "an allocation while a cursor is open");
                    AssertThrows<InvalidOperationException>(() => _buf.Save(), "a save while a cursor is open");
                    AssertThrows<InvalidOperationException>(() => _buf.NoEscape().Dispose(), "a scope while a cursor is open");
                    ModelException.Expect(_buf.BytesUsed == used && _buf.CurrentPosition == position, "calls refused while a cursor is open change nothing");
                    continue;
                }

                (long size, int alignment) = Request();
                Pending? pending = _model.Predict(size, alignment);
                if (pending is null)
                {
                    try
                    {
                        cursor.AllocPtr((nint)size, alignment);
                        throw new ModelException($"a full buffer must refuse the cursor's {size} bytes");
                    }
                    catch (BufferFullException)
                    {
                    }

                    continue;
                }

                nuint address = (nuint)cursor.AllocPtr((nint)size, alignment);
                _model.Resolve(pending, address);
                _model.Learn();
                Fill(address, (int)size);
            }

            if (_rng.Next(10) == 0)
            {
                // Abandoned: the scope's end releases the cursor's allocations, nothing is given back.
                Do("abandon");
                _model.AbandonCursor();
                return true;
            }

            cursor.Dispose();
            _model.CloseCursor();
            _model.Learn();
            CheckFigures();
            VerifyPatterns();
            return false;
        }

        private void OtherBufferWork()
        {
            Do("other");
            if (_rng.Next(2) == 0)
            {
                try
                {
                    _other.AllocPtr(_rng.Next(200), 8);
                }
                catch (BufferFullException)
                {
                    _other.Reset();
                }
            }

            // Saves on the other buffer use the same serial numbers as this buffer's.
            _foreign.Add(_other.Save());
        }

        private void Allocate(bool scoped, NoEscapeScope scope)
        {
            Do("alloc");
            (long size, int alignment) = Request();
            bool typed = _rng.Next(4) == 0 && alignment <= 8;
            if (typed)
            {
                size -= size % alignment;
            }

            LayoutModel beforeCall = _model.Clone();
            Pending? pending = _model.Predict(size, alignment);
            if (pending is null)
            {
                var before = Snapshot();
                try
                {
                    RealAlloc(typed, scoped, scope, size, alignment);
                    throw new ModelException($"a full buffer must refuse {size} bytes");
                }
                catch (BufferFullException)
                {
                }

                Unchanged(before, $"{size} bytes in a full buffer");
                return;
            }

            nuint address;
            if (pending.Kind is PendingKind.Custom or PendingKind.NewBlock or PendingKind.MainOrOverflow && _rng.Next(5) == 0)
            {
                // The system refuses the call's first new block, or its second (a regrow and then an
                // overflow block): the call fails with OutOfMemoryException and the buffer is as it was.
                var before = Snapshot();
                int refuse = 1 + _rng.Next(2);
                int remaining;
                MemoryBlock.RefuseAllocation = refuse;
                try
                {
                    address = RealAlloc(typed, scoped, scope, size, alignment);
                }
                catch (OutOfMemoryException)
                {
                    Do("out-of-memory");
                    _model = beforeCall;
                    Unchanged(before, $"{size} bytes the system refused memory for");
                    return;
                }
                finally
                {
                    remaining = MemoryBlock.RefuseAllocation;
                    MemoryBlock.RefuseAllocation = 0;
                }

                ModelException.Expect(refuse == 2 && remaining == 1, $"a call for {size} bytes that makes {refuse} new block(s) fails when the system refuses the last");
            }
            else
            {
                address = RealAlloc(typed, scoped, scope, size, alignment);
            }
            _model.Resolve(pending, address);
            _model.Learn();
            Fill(address, (int)size);
        }

        private nuint RealAlloc(bool typed, bool scoped, NoEscapeScope scope, long size, int alignment) => typed
            ? TypedAlloc(scoped, scope, (int)size, alignment)
            : (nuint)(scoped ? scope.AllocPtr((nint)size, alignment) : _buf.AllocPtr((nint)size, alignment));

        /// <summary>A size class and an alignment: mostly small; sometimes near or past a block.</summary>
        private (long Size, int Alignment) Request()
        {
            int alignment = 1 << (_rng.Next(12) == 0 ? 7 + _rng.Next(6) : _rng.Next(7));
            long block = Math.Max(_model.BlockSize, 256);
            long size = _rng.Next(20) switch
            {
                0 => 0,
                1 or 2 => block - 64 + _rng.Next(128),
                3 => block + _rng.Next((int)block * 2),
                _ => _rng.Next(_rng.Next(4) == 0 ? 600 : 64),
            };
            return (size, alignment);
        }

        private nuint TypedAlloc(bool scoped, NoEscapeScope scope, int size, int alignment) => alignment switch
        {
            1 => Addr(scoped ? scope.Alloc<byte>(size) : _buf.Alloc<byte>(size)),
            2 => Addr(scoped ? scope.Alloc<short>(size / 2) : _buf.Alloc<short>(size / 2)),
            4 => Addr(scoped ? scope.Alloc<int>(size / 4) : _buf.Alloc<int>(size / 4)),
            _ => Addr(scoped ? scope.Alloc<long>(size / 8) : _buf.Alloc<long>(size / 8)),
        };

        private static nuint Addr<T>(Span<T> span)
            where T : unmanaged =>
            (nuint)Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(span));

        private void Fill(nuint address, int length)
        {
            foreach (var (a, len, _) in _live)
            {
                bool overlap = length > 0 && len > 0 && address < a + (nuint)len && a < address + (nuint)length;
                ModelException.Expect(!overlap, $"new block 0x{address:x}+{length} does not overlap live block 0x{a:x}+{len}");
            }

            byte pattern = ++_nextPattern;
            new Span<byte>((void*)address, length).Fill(pattern);
            _live.Add((address, length, pattern));
        }

        /// <summary>A call the buffer must refuse with <typeparamref name="TException"/>, changing nothing.</summary>
        private void Refused<TException>(Action call, string what)
            where TException : Exception
        {
            var before = Snapshot();
            AssertThrows<TException>(call, what);
            Unchanged(before, what);
        }

        private (nuint Position, long Used, long Peak, int Slabs, long Capacity) Snapshot() =>
            (_buf.CurrentPosition, _buf.BytesUsed, _buf.PeakBytesUsed, _buf.BlocksInUse, _buf.Capacity);

        private void Unchanged((nuint Position, long Used, long Peak, int Slabs, long Capacity) before, string what)
        {
            var after = Snapshot();
            ModelException.Expect(after == before, $"refusing {what} leaves the pointer and figures at {before}, got {after}");
            CheckFigures();
            VerifyPatterns();
        }

        private static TException AssertThrows<TException>(Action call, string what)
            where TException : Exception
        {
            try
            {
                call();
            }
            catch (TException ex)
            {
                return ex;
            }
            catch (Exception ex)
            {
                throw new ModelException($"expected {typeof(TException).Name} for {what}, got {ex.GetType().Name}: {ex.Message}", ex);
            }

            throw new ModelException($"expected {typeof(TException).Name} for {what}, nothing was thrown");
        }

        private void CheckFigures()
        {
            ModelException.Expect(_buf.IsChecked == _checked, $"IsChecked is {_checked}");
            ModelException.Expect(_buf.CurrentPosition == _model.Current, $"the pointer is 0x{_model.Current:x}, got 0x{_buf.CurrentPosition:x}");
            ModelException.Expect(_buf.BytesUsed == _model.Used, $"BytesUsed {_model.Used}, got {_buf.BytesUsed}");
            ModelException.Expect(_buf.PeakBytesUsed == _model.Peak, $"PeakBytesUsed {_model.Peak}, got {_buf.PeakBytesUsed}");
            ModelException.Expect(_buf.BlocksInUse == _model.BlocksInUse, $"BlocksInUse {_model.BlocksInUse}, got {_buf.BlocksInUse}");
            ModelException.Expect(_buf.Capacity == _model.Capacity, $"Capacity {_model.Capacity}, got {_buf.Capacity}");
            ModelException.Expect(_buf.RetainedBytes == _model.Retained, $"RetainedBytes {_model.Retained}, got {_buf.RetainedBytes}");
            ModelException.Expect(_buf.BlocksHeld == _model.BlocksHeld, $"BlocksHeld {_model.BlocksHeld}, got {_buf.BlocksHeld}");
            ModelException.Expect(_buf.MaxRetainedBytes == _model.MaxRetained, $"MaxRetainedBytes {_model.MaxRetained}, got {_buf.MaxRetainedBytes}");
            switch (_buf)
            {
                case SlabBuffer slab:
                    ModelException.Expect(slab.DedicatedBlockCount == _model.CustomCount, $"DedicatedBlockCount {_model.CustomCount}, got {slab.DedicatedBlockCount}");
                    break;
                case ResizeBuffer resize:
                    ModelException.Expect(resize.OverflowCount == _model.OverflowCount, $"OverflowCount {_model.OverflowCount}, got {resize.OverflowCount}");
                    ModelException.Expect(resize.MainCapacity == _model.MainCapacity, $"MainCapacity {_model.MainCapacity}, got {resize.MainCapacity}");
                    break;
                case ChainBuffer chain:
                    ModelException.Expect(chain.DedicatedBlockCount == _model.CustomCount, $"DedicatedBlockCount {_model.CustomCount}, got {chain.DedicatedBlockCount}");
                    ModelException.Expect(chain.CurrentBlockSize == _model.CurrentBlockSize, $"CurrentBlockSize {_model.CurrentBlockSize}, got {chain.CurrentBlockSize}");
                    ModelException.Expect(chain.MaxCapacityRefusals == _model.MaxCapacityRefusals, $"MaxCapacityRefusals {_model.MaxCapacityRefusals}, got {chain.MaxCapacityRefusals}");
                    break;
            }
        }

        private void VerifyPatterns()
        {
            foreach (var (a, len, pattern) in _live)
            {
                int bad = new ReadOnlySpan<byte>((void*)a, len).IndexOfAnyExcept(pattern);
                ModelException.Expect(bad < 0, $"live block 0x{a:x}+{len} keeps its pattern {pattern} (byte {bad} differs)");
            }
        }

        /// <summary>
        /// Saves from <paramref name="from"/> on are released by a restore to <paramref name="target"/>.
        /// Those the buffer knows to be dead go to the dead list: saved in checked mode (a serial), and
        /// released in checked mode by a restore that records it. A restore to a checkpoint saved
        /// unchecked releases only the saves since checked mode was last turned on; the others, and
        /// every save released while unchecked, are not tracked any more (the buffer cannot know).
        /// </summary>
        private void Kill(int from, Saved target)
        {
            for (int i = from; i < _saves.Count; i++)
            {
                Saved saved = _saves[i];
                bool known = _checked && saved.Checkpoint.Serial != 0 && (target.Checkpoint.Serial != 0 || saved.Period == _period);

                // A save that was the same checkpoint as one kept (same place, same serial) stays alive.
                if (known && !_saves.Take(from).Any(kept => kept.Checkpoint == saved.Checkpoint))
                {
                    _dead.Add(saved.Checkpoint);
                }
            }
        }

        /// <summary>A reset: every save with a serial is dead, whether checked mode is on or off now.</summary>
        private void KillAll()
        {
            foreach (Saved saved in _saves)
            {
                if (saved.Checkpoint.Serial != 0)
                {
                    _dead.Add(saved.Checkpoint);
                }
            }

            _saves.Clear();
        }

        private void Reset()
        {
            Do("reset");

            // A ResizeBuffer's reset regrows; when the system refuses the memory it keeps its block.
            bool refuse = _kind == BufferKind.Resize && _rng.Next(4) == 0;
            MemoryBlock.RefuseAllocation = refuse ? 1 : 0;
            try
            {
                _buf.Reset();
            }
            finally
            {
                MemoryBlock.RefuseAllocation = 0;
            }

            _model.Reset(regrowRefused: refuse);
            _model.Learn();
            _live.Clear();
            KillAll();
            CheckFigures();
        }

        /// <summary>Bounds what the buffer keeps between rounds, or returns what it keeps now.</summary>
        private void Retention()
        {
            if (_rng.Next(2) == 0)
            {
                SetMaxRetained();
                return;
            }

            Do("trim");
            if (_model.TrimMakesBlock && _rng.Next(3) == 0)
            {
                // A ResizeBuffer's trim moves into a smaller main block, which the system may refuse.
                var before = Snapshot();
                MemoryBlock.RefuseAllocation = 1;
                try
                {
                    AssertThrows<OutOfMemoryException>(() => _buf.TrimExcess(), "a trim refused its memory");
                }
                finally
                {
                    MemoryBlock.RefuseAllocation = 0;
                }

                Do("out-of-memory");
                Unchanged(before, "a trim refused its memory");
                return;
            }

            _buf.TrimExcess();
            _model.TrimExcess();
            _model.Learn();
            ModelException.Expect(_buf.RetainedBytes == 0, $"after TrimExcess nothing is retained, got {_buf.RetainedBytes}");
        }

        private void SetMaxRetained()
        {
            Do("retain");
            long value = _rng.Next(4) switch
            {
                0 => 0,
                1 => long.MaxValue,
                _ => _rng.Next(4 * (int)Math.Max(_model.BlockSize, 1024)),
            };
            _buf.MaxRetainedBytes = value;
            _model.SetMaxRetained(value);
            _model.Learn();
        }

        /// <summary>Turns checked mode off or on (or sets it to what it is), with saves and scopes outstanding.</summary>
        private void ToggleChecked()
        {
            Do("toggle");
            if (_rng.Next(4) == 0)
            {
                // The value the buffer has already: nothing changes, every checkpoint stays as it was.
                var same = Snapshot();
                _buf.IsChecked = _checked;
                Unchanged(same, "setting IsChecked to its value");
                return;
            }

            if (_checked && _checkedScopes > 0)
            {
                Do("toggle-refused");
                var before = Snapshot();
                var ex = AssertThrows<InvalidOperationException>(() => _buf.IsChecked = false, "turning checked mode off under a checked scope");
                ModelException.Expect(ex.Message == $"Checked mode cannot change while {_checkedScopes} checked scope(s) are open on this buffer.", $"the refusal names {_checkedScopes} open checked scope(s), got: {ex.Message}");
                ModelException.Expect(_buf.IsChecked, "a refused change leaves checked mode on");
                Unchanged(before, "turning checked mode off under a checked scope");
                return;
            }

            _checked = !_checked;
            _buf.IsChecked = _checked;
            if (_checked)
            {
                _period++;
            }
        }

        private void Do(string op)
        {
            LastOp = op;
            Counts[op] = Counts.GetValueOrDefault(op) + 1;
        }
    }

    /// <summary>A live save: its checkpoint, what the model knew then, and the checked period it was made in (0: unchecked).</summary>
    private readonly record struct Saved(Checkpoint Checkpoint, ModelPoint Point, int LiveCount, bool IsScope, int Period);
}
