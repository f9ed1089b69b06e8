using Bumper;

namespace Bumper.Core.Tests.Model;

/// <summary>
/// Drives every buffer kind through a seeded random sequence of operations (open and close scopes,
/// allocate with random sizes and alignments, write a pattern, save and restore checkpoints, reset)
/// and checks each step against a reference model: no two live allocations overlap, every alignment
/// holds, every live block keeps its pattern, and the bytes-in-use figure matches the model.
/// </summary>
public sealed class BufferModelTests
{
    private const int Operations = 100_000;

    public static TheoryData<string, int, bool> Cases => new()
    {
        { "alloc", 1, false },
        { "alloc", 2, true },
        { "native", 3, true },
        { "slab", 4, false },
        { "slab", 5, true },
        { "resize", 6, false },
        { "resize", 7, true },
        { "chain", 8, false },
        { "chain", 9, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Random_operations_agree_with_the_reference_model(string kind, int seed, bool isChecked)
    {
        BumpBuffer buf = kind switch
        {
            "alloc" => new AllocBuffer(1 << 20),
            "native" => AllocBuffer.Native(1 << 20),
            "slab" => new SlabBuffer(1024),
            "resize" => new ResizeBuffer(512),
            "chain" => new ChainBuffer(512),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        buf.IsChecked = isChecked;
        using (buf)
        {
            var run = new ModelRun(buf, seed, exactCursor: buf is AllocBuffer);
            try
            {
                run.Run();
            }
            catch (Exception ex) when (ex is not ModelException)
            {
                throw new ModelException($"{kind} (seed {seed}, checked {isChecked}) failed at operation {run.Done}: {ex.Message}", ex);
            }

            Assert.Equal(Operations, run.Done);
            Assert.True(run.Counts.All(c => c.Value >= (c.Key == "reset" ? 10 : 1000)), $"every operation ran often: {string.Join(", ", run.Counts)}");
        }
    }

    private sealed class ModelException(string message, Exception? inner = null) : Exception(message, inner);

    private sealed unsafe class ModelRun(BumpBuffer buf, int seed, bool exactCursor)
    {
        private readonly Random _rng = new(seed);
        private readonly List<(nuint Address, int Length, byte Pattern)> _live = [];
        private readonly List<Frame> _frames = [];
        private readonly List<Checkpoint> _dead = [];
        private readonly nuint _base = buf.Save().Position;
        private nuint _cursor = buf.Save().Position;
        private byte _nextPattern;

        public int Done { get; private set; }

        public Dictionary<string, int> Counts { get; } = [];

        public void Run()
        {
            while (Done < Operations)
            {
                Level(depth: 0, scopeFrame: -1, scope: default);
                if (Done < Operations)
                {
                    Count("reset");
                    buf.Reset();
                    _live.Clear();
                    _frames.Clear();
                    _cursor = _base;
                    Expect(buf.BytesUsed == 0, "reset leaves 0 bytes in use");
                }
            }
        }

        /// <summary>Runs operations at one scope level until the level is closed; recursion opens inner scopes.</summary>
        private void Level(int depth, int scopeFrame, NoEscapeScope scope)
        {
            while (Done < Operations)
            {
                Done++;
                int op = _rng.Next(100);
                if (op < 45)
                {
                    Allocate(depth > 0, scope);
                }
                else if (op < 58 && depth < 30)
                {
                    OpenScope(depth);
                }
                else if (op < 72)
                {
                    if (depth > 0)
                    {
                        Count("close");
                        return; // the caller's using disposes the scope
                    }

                    if (_rng.Next(40) == 0)
                    {
                        return; // depth 0: end the level, Run resets
                    }
                }
                else if (op < 80)
                {
                    Count("save");
                    _frames.Add(new Frame(false, buf.Save(), buf.BytesUsed, _live.Count, _cursor));
                }
                else if (op < 90)
                {
                    RestoreSome(scopeFrame);
                }
                else if (op < 93 && buf.IsChecked && _dead.Count > 0)
                {
                    Count("dead");
                    Checkpoint dead = _dead[_rng.Next(_dead.Count)];
                    long before = buf.BytesUsed;
                    try
                    {
                        buf.Restore(dead);
                        throw new ModelException("restoring a dead checkpoint must throw in checked mode");
                    }
                    catch (InvalidOperationException)
                    {
                        Expect(buf.BytesUsed == before, "a refused restore changes nothing");
                    }
                }
                else
                {
                    VerifyPatterns();
                }
            }
        }

        private void OpenScope(int depth)
        {
            Count("open");
            var frame = new Frame(true, default, buf.BytesUsed, _live.Count, _cursor);
            _frames.Add(frame);
            int index = _frames.Count - 1;
            using (var scope = buf.NoEscape())
            {
                Level(depth + 1, index, scope);
            }

            Drop(index);
            _frames.RemoveRange(index, _frames.Count - index);
            Expect(buf.BytesUsed == frame.Used, $"closing a scope restores bytes in use to {frame.Used}, got {buf.BytesUsed}");
        }

        private void RestoreSome(int scopeFrame)
        {
            // Only checkpoints saved inside the current scope may be restored from here.
            int first = scopeFrame + 1;
            if (first >= _frames.Count)
            {
                return;
            }

            int k = first + _rng.Next(_frames.Count - first);
            Frame target = _frames[k];
            if (target.IsScope)
            {
                return;
            }

            Count("restore");
            for (int i = k + 1; i < _frames.Count; i++)
            {
                // A save with nothing allocated since the one kept is that same checkpoint, so alive.
                if (!_frames[i].IsScope && !_frames.Take(k + 1).Any(kept => kept.Checkpoint == _frames[i].Checkpoint))
                {
                    _dead.Add(_frames[i].Checkpoint);
                }
            }

            buf.Restore(target.Checkpoint);
            Drop(k);
            _frames.RemoveRange(k + 1, _frames.Count - k - 1);
            Expect(buf.BytesUsed == target.Used, $"restore gives back bytes in use {target.Used}, got {buf.BytesUsed}");
            VerifyPatterns();
        }

        private void Drop(int frameIndex)
        {
            Frame frame = _frames[frameIndex];
            _live.RemoveRange(frame.LiveCount, _live.Count - frame.LiveCount);
            _cursor = frame.Cursor;
        }

        private void Allocate(bool scoped, NoEscapeScope scope)
        {
            Count("alloc");
            int length = _rng.Next(10) == 0 ? _rng.Next(3000) : _rng.Next(300);
            int alignment = 1 << _rng.Next(_rng.Next(20) == 0 ? 13 : 7); // mostly up to 64, sometimes up to 4096
            long usedBefore = buf.BytesUsed;
            nuint address;
            try
            {
                if (_rng.Next(4) == 0 && alignment <= 8 && length >= alignment)
                {
                    (address, length) = TypedAlloc(scoped, scope, length, alignment);
                }
                else
                {
                    address = (nuint)(scoped ? scope.AllocPtr(length, alignment) : buf.AllocPtr(length, alignment));
                }
            }
            catch (BufferFullException)
            {
                nuint expectedStart = (_cursor + (nuint)alignment - 1) & ~(nuint)(alignment - 1);
                Expect(exactCursor && expectedStart + (nuint)length > _base + (nuint)((AllocBuffer)buf).Capacity, "only a full AllocBuffer refuses");
                Expect(buf.BytesUsed == usedBefore, "a refused allocation changes nothing");
                return;
            }

            Expect(address % (nuint)alignment == 0, $"address 0x{address:x} is aligned to {alignment}");
            if (exactCursor)
            {
                nuint expected = (_cursor + (nuint)alignment - 1) & ~(nuint)(alignment - 1);
                Expect(address == expected, $"AllocBuffer bumps to exactly 0x{expected:x}, got 0x{address:x}");
                _cursor = address + (nuint)length;
                Expect(buf.BytesUsed == (long)(_cursor - _base), "AllocBuffer's bytes in use is the bump offset");
            }

            foreach (var (a, len, _) in _live)
            {
                bool overlap = length > 0 && len > 0 && address < a + (nuint)len && a < address + (nuint)length;
                Expect(!overlap, $"new block 0x{address:x}+{length} overlaps live block 0x{a:x}+{len}");
            }

            byte pattern = ++_nextPattern;
            new Span<byte>((void*)address, length).Fill(pattern);
            _live.Add((address, length, pattern));

            long liveBytes = 0;
            foreach (var (_, len, _) in _live)
            {
                liveBytes += len;
            }

            Expect(buf.BytesUsed >= liveBytes, $"bytes in use {buf.BytesUsed} covers the {liveBytes} live bytes");
            Expect(buf.PeakBytesUsed >= buf.BytesUsed, "peak is at least the current use");
        }

        /// <summary>The typed path: alignment-sized elements, so the natural alignment equals the one asked for.</summary>
        private (nuint Address, int Length) TypedAlloc(bool scoped, NoEscapeScope scope, int length, int alignment) => alignment switch
        {
            1 => Addr(scoped ? scope.Alloc<byte>(length) : buf.Alloc<byte>(length)),
            2 => Addr(scoped ? scope.Alloc<short>(length / 2) : buf.Alloc<short>(length / 2)),
            4 => Addr(scoped ? scope.Alloc<int>(length / 4) : buf.Alloc<int>(length / 4)),
            _ => Addr(scoped ? scope.Alloc<long>(length / 8) : buf.Alloc<long>(length / 8)),
        };

        private static (nuint Address, int Length) Addr<T>(Span<T> span)
            where T : unmanaged =>
            ((nuint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref span.GetPinnableReference()), span.Length * sizeof(T));

        private void VerifyPatterns()
        {
            Count("verify");
            foreach (var (a, len, pattern) in _live)
            {
                var bytes = new ReadOnlySpan<byte>((void*)a, len);
                int bad = bytes.IndexOfAnyExcept(pattern);
                Expect(bad < 0, $"live block 0x{a:x}+{len} still holds its pattern {pattern} (byte {bad} differs)");
            }
        }

        private void Count(string op) => Counts[op] = Counts.GetValueOrDefault(op) + 1;

        private void Expect(bool condition, string what)
        {
            if (!condition)
            {
                throw new ModelException($"seed {seed}, operation {Done}: expected {what}");
            }
        }
    }

    private readonly record struct Frame(bool IsScope, Checkpoint Checkpoint, long Used, int LiveCount, nuint Cursor);
}
