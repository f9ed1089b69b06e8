namespace Bumper.Core.Tests.Support;

/// <summary>
/// A clock that moves only when a test calls <see cref="Advance"/>; its timers fire then, in order,
/// on the test's thread. It records every timer made, with the due time and period asked for.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly List<ManualTimer> _timers = new();
    private long _ticks;

    public IReadOnlyList<ManualTimer> Timers => _timers;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(_ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(callback, state, dueTime, period, _ticks);
        _timers.Add(timer);
        return timer;
    }

    /// <summary>Moves the clock by <paramref name="by"/>, firing every live timer as often as it falls due on the way.</summary>
    public void Advance(TimeSpan by)
    {
        long end = _ticks + by.Ticks;
        while (true)
        {
            ManualTimer? next = null;
            foreach (ManualTimer t in _timers)
            {
                if (!t.IsDisposed && t.NextDue is long due && due <= end && (next is null || due < next.NextDue))
                {
                    next = t;
                }
            }

            if (next is null)
            {
                break;
            }

            _ticks = next.NextDue!.Value;
            next.Fire();
        }

        _ticks = end;
    }

    public sealed class ManualTimer : ITimer
    {
        private readonly TimerCallback _callback;
        private readonly object? _state;

        internal ManualTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period, long now)
        {
            _callback = callback;
            _state = state;
            DueTime = dueTime;
            Period = period;
            NextDue = dueTime == Timeout.InfiniteTimeSpan ? null : now + dueTime.Ticks;
        }

        public TimeSpan DueTime { get; private set; }

        public TimeSpan Period { get; private set; }

        public long? NextDue { get; private set; }

        public int FireCount { get; private set; }

        public bool IsDisposed { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            throw new NotSupportedException("The pool is not expected to change its timer.");
        }

        internal void Fire()
        {
            FireCount++;
            NextDue = Period == Timeout.InfiniteTimeSpan || Period == TimeSpan.Zero ? null : NextDue + Period.Ticks;
            _callback(_state);
        }

        public void Dispose() => IsDisposed = true;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
