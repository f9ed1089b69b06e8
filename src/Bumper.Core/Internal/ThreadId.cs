using System.Runtime.CompilerServices;

namespace Bumper.Internal;

/// <summary>
/// The current thread's managed id, cached in a thread-static so the scope-open check is an inlined
/// TLS read instead of the call <see cref="Environment.CurrentManagedThreadId"/> compiles to.
/// </summary>
internal static class ThreadId
{
    [ThreadStatic]
    private static int t_id;

    public static int Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            int id = t_id;
            return id != 0 ? id : Initialize();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Initialize() => t_id = Environment.CurrentManagedThreadId;
}
