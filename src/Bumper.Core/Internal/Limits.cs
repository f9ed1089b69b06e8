namespace Bumper.Internal;

/// <summary>Numbers that more than one type relies on.</summary>
internal static class Limits
{
    /// <summary>The largest alignment <c>AllocPtr</c> accepts (one page).</summary>
    public const int MaxAlignment = 4096;

    /// <summary>The alignment of a raw <c>AllocPtr</c> when none is given, as malloc's.</summary>
    public const int DefaultAlignment = 16;

    /// <summary>The alignment of the start of every block the buffers obtain.</summary>
    public const int BlockAlignment = 64;

    /// <summary>The byte written over memory released by a restore in checked mode.</summary>
    public const byte Poison = 0xDB;
}
