using System.CommandLine;
using System.CommandLine.Parsing;

namespace TimesTable;

/// <summary>
/// <c>times_table ROWS COLS</c>: prints the ROWS x COLS times table, one tab-separated row per line.
/// </summary>
/// <remarks>
/// Every failure is a message on stderr and a non-zero <see cref="ExitCode"/>, never a stack trace:
/// System.CommandLine parses, but its errors are reported here in the program's own words.
/// </remarks>
internal static class Program
{
    private const string Usage = "Usage: times_table <rows> <cols>";
    private const string TryHelp = "Try 'times_table --help' for more information.";

    private static int Main(string[] args)
    {
        Argument<long> rows = DimensionArgument("rows", "Number of rows, 1 to 2147483647; a trailing comma is ignored (times_table 12, 7).", allowTrailingComma: true);
        Argument<long> cols = DimensionArgument("cols", "Number of columns, 1 to 2147483647.", allowTrailingComma: false);
        var command = new RootCommand(
            "Prints the rows x cols times table: row i holds i*1 .. i*cols, separated by tabs. "
            + "The table is built in a native bump-allocated buffer (Bumper for .NET). "
            + "Exit codes: 0 printed, 1 bad command line, 2 table too large, 3 output failed.")
        {
            rows,
            cols,
        };
        command.SetAction(result => TimesTablePrinter.Print(
            result.GetValue(rows), result.GetValue(cols), Console.OpenStandardOutput(), Console.Error));

        ParseResult parsed = command.Parse(args);
        if (parsed.Errors.Count == 0)
        {
            return parsed.Invoke();
        }

        return ReportErrors(parsed, Console.Error);
    }

    private static Argument<long> DimensionArgument(string name, string description, bool allowTrailingComma) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            string? error = Dimension.TryParse(name, text, allowTrailingComma, out long value);
            if (error is not null)
            {
                result.AddError(error);
            }

            return value;
        },
    };

    private static int ReportErrors(ParseResult parsed, TextWriter error)
    {
        // System.CommandLine reads an unknown option as a positional value: name it instead of
        // miscounting it or calling it "not a whole number". "-3" is a (negative) number, not an option.
        Token? unknownOption = parsed.Tokens.FirstOrDefault(token =>
            token.Type == TokenType.Argument && token.Value.Length > 1 && token.Value[0] == '-'
            && token.Value.AsSpan(1).ContainsAnyExceptInRange('0', '9'));
        int positional = parsed.Tokens.Count(token => token.Type == TokenType.Argument);
        if (unknownOption is not null)
        {
            error.WriteLine($"times_table: unknown option '{unknownOption.Value}'");
        }
        else if (positional != 2)
        {
            error.WriteLine("Incorrect number of command-line arguments");
        }
        else
        {
            foreach (ParseError parseError in parsed.Errors)
            {
                error.WriteLine($"times_table: {parseError.Message}");
            }
        }

        error.WriteLine(Usage);
        error.WriteLine(TryHelp);
        return ExitCode.BadCommandLine;
    }
}
