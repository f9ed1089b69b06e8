namespace TimesTable;

/// <summary>The exit codes of <c>times_table</c>, as documented in <c>--help</c> and docs/native.md.</summary>
internal static class ExitCode
{
    /// <summary>The table was printed.</summary>
    public const int Success = 0;

    /// <summary>The command line was wrong: argument count, or a value that is not a whole number in range.</summary>
    public const int BadCommandLine = 1;

    /// <summary>The table is too large: its size in bytes overflows, or the buffer could not be allocated.</summary>
    public const int TableTooLarge = 2;

    /// <summary>Standard output could not be written (e.g. a closed pipe).</summary>
    public const int OutputFailed = 3;
}
