using System.Runtime.CompilerServices;
using Bumper;

namespace Bumper.Core.Tests.Safety;

/// <summary>
/// In checked mode, a scope that has ended (closed, or its buffer reset) and is used again is refused
/// as ended: not blamed on an inner scope that is not there, nor on the thread that uses it.
/// </summary>
public sealed class EndedScopeTests
{
    private const string Ended = "This scope has ended: it was closed, or its buffer was reset, after it opened; allocate through a scope that is open.";

    public static TheoryData<string> BufferKinds => Scopes.NoEscapeScopeTests.BufferKinds;

    private static string? MessageOfAlloc(NoEscapeScope scope)
    {
        try
        {
            scope.Alloc<int>(1);
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    [Theory]
    [MemberData(nameof(BufferKinds))]
    public void A_scope_used_after_its_buffer_was_reset_is_refused_as_ended_and_changes_nothing(string kind)
    {
        using BumpBuffer buf = CheckedModeTests.Checked(kind);
#pragma warning disable BUMP002 // the scope is left open on purpose: the reset ends it
        var stale = buf.NoEscape();
#pragma warning restore BUMP002
        stale.Alloc<int>(8);
        buf.Reset();
        buf.Alloc<byte>(3);

        Assert.Equal(Ended, MessageOfAlloc(stale));
        Assert.Equal(3, buf.BytesUsed);
        using (var open = buf.NoEscape())
        {
            Assert.Equal(Ended, MessageOfAlloc(stale));
            Assert.Equal(2, open.Alloc<int>(2).Length);
        }

        Assert.Equal(3, buf.BytesUsed);
    }

    [Theory]
    [MemberData(nameof(BufferKinds))]
    public void A_copy_of_a_closed_scope_is_refused_as_ended_while_the_scope_around_it_is_innermost(string kind)
    {
        using BumpBuffer buf = CheckedModeTests.Checked(kind);
        using var outer = buf.NoEscape();
        NoEscapeScope copy;
        using (var inner = buf.NoEscape())
        {
            copy = inner;
        }

        Assert.Equal(Ended, MessageOfAlloc(copy));
        Assert.Equal(0, buf.BytesUsed);
        Assert.Equal(1, outer.Alloc<int>(1).Length);
    }

    [Fact]
    public unsafe void A_scope_ended_by_a_reset_and_used_from_another_thread_is_refused_as_ended()
    {
        using var buf = new SlabBuffer { IsChecked = true };
#pragma warning disable BUMP002 // the scope is left open on purpose: the reset ends it
        var stale = buf.NoEscape();
#pragma warning restore BUMP002
        buf.Reset();
#pragma warning disable CS8500 // the test takes a scope's address on purpose, to defeat the compiler's protection
        nint smuggled = (nint)Unsafe.AsPointer(ref stale);
        string? message = null;
        var other = new Thread(() => message = MessageOfAlloc(*(NoEscapeScope*)smuggled));
#pragma warning restore CS8500
        other.Start();
        other.Join();

        Assert.Equal(Ended, message);
        Assert.Equal(0, buf.BytesUsed);
    }
}
