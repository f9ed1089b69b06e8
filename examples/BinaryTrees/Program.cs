using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.CompilerServices;

namespace BinaryTrees;

/// <summary>
/// <c>binary_trees DEPTH</c>: the Computer Language Benchmarks Game's binary-trees, single-threaded,
/// with its exact output.
/// </summary>
/// <remarks>
/// Every failure is a message on stderr and a non-zero <see cref="ExitCode"/>, never a stack trace:
/// System.CommandLine parses, but its errors are reported here in the program's own words.
/// </remarks>
internal static class Program
{
    private const string Usage = "Usage: binary_trees <depth>";
    private const string TryHelp = "Try 'binary_trees --help' for more information.";

    private static int Main(string[] args)
    {
        // The benchmark's own command line, one depth, is read here: building the parser would cost
        // the JIT the compilation of System.CommandLine before the first tree, and its memory. Anything
        // else (help, version, errors) goes to the parser, which reads a valid depth the same way.
        if (args.Length == 1 && Depth.TryParse(args[0], out int quickDepth) is null)
        {
            return Print(quickDepth, Console.Error);
        }

        return Parse(args);
    }

    // Apart from Main, so that the fast path above does not even load System.CommandLine.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Parse(string[] args)
    {
        var depth = new Argument<int>("depth")
        {
            Description = $"The depth of the largest trees, 0 to {Depth.Maximum}; below {Trees.MinDepth + 2} it is {Trees.MinDepth + 2}, as the benchmark has it.",
            CustomParser = result =>
            {
                string? error = Depth.TryParse(result.Tokens[0].Value, out int value);
                if (error is not null)
                {
                    result.AddError(error);
                }

                return value;
            },
        };
        var command = new RootCommand(
            "The Computer Language Benchmarks Game's binary-trees: builds perfect binary trees and counts their nodes. "
            + "Each tree lives in a scope of a bump-allocated buffer (Bumper for .NET), the long-lived tree in an outer scope. "
            + "Exit codes: 0 printed, 1 bad command line, 2 out of memory, 3 output failed.")
        {
            depth,
        };
        command.SetAction(result => Print(result.GetValue(depth), Console.Error));

        ParseResult parsed = command.Parse(args);
        return parsed.Errors.Count == 0 ? parsed.Invoke() : ReportErrors(parsed, Console.Error);
    }

    private static int Print(int depth, TextWriter error)
    {
        using var output = new StreamWriter(Console.OpenStandardOutput(), bufferSize: 4096) { AutoFlush = false };
        try
        {
            Trees.Run(depth, output);
            output.Flush();
            return ExitCode.Success;
        }
        catch (OutOfMemoryException)
        {
            error.WriteLine($"binary_trees: the system could not supply the memory for trees of depth {depth}");
            return ExitCode.OutOfMemory;
        }
        catch (IOException e)
        {
            error.WriteLine($"binary_trees: writing the output failed: {e.Message}");
            return ExitCode.OutputFailed;
        }
    }

    private static int ReportErrors(ParseResult parsed, TextWriter error)
    {
        // System.CommandLine reads an unknown option as a positional value: name it instead of
        // miscounting it. "-3" is a (negative) number, not an option.
        Token? unknownOption = parsed.Tokens.FirstOrDefault(token =>
            token.Type == TokenType.Argument && token.Value.Length > 1 && token.Value[0] == '-'
            && token.Value.AsSpan(1).ContainsAnyExceptInRange('0', '9'));
        int positional = parsed.Tokens.Count(token => token.Type == TokenType.Argument);
        if (unknownOption is not null)
        {
            error.WriteLine($"binary_trees: unknown option '{unknownOption.Value}'");
        }
        else if (positional != 1)
        {
            error.WriteLine("binary_trees: expected one argument, the depth");
        }
        else
        {
            foreach (ParseError parseError in parsed.Errors)
            {
                error.WriteLine($"binary_trees: {parseError.Message}");
            }
        }

        error.WriteLine(Usage);
        error.WriteLine(TryHelp);
        return ExitCode.BadCommandLine;
    }
}
