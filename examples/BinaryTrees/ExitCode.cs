namespace BinaryTrees;

/// <summary>The exit codes of <c>binary_trees</c>, as its <c>--help</c> lists them.</summary>
internal static class ExitCode
{
    /// <summary>The trees were built and checked, and every line printed.</summary>
    public const int Success = 0;

    /// <summary>The command line was wrong: argument count, or a depth that is not a whole number in range.</summary>
    public const int BadCommandLine = 1;

    /// <summary>The system could not supply the memory for the trees.</summary>
    public const int OutOfMemory = 2;

    /// <summary>Standard output could not be written (e.g. a closed pipe).</summary>
    public const int OutputFailed = 3;
}
