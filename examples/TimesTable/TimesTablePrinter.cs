using System.Globalization;
using Bumper;

namespace TimesTable;

/// <summary>
/// Builds the times table in a bump-allocated matrix and prints it: the C# counterpart of the
/// <c>times_table</c> function in Bumper.jl's "Usage with StaticCompiler.jl".
/// </summary>
internal static class TimesTablePrinter
{
    /// <summary>Bytes of the output chunk; one value needs at most 20 digits and a separator.</summary>
    private const int OutputChunkBytes = 64 * 1024;

    /// <summary>Room for one value and its separator: <c>long.MaxValue</c> has 19 digits.</summary>
    private const int MaxValueBytes = 21;

    /// <summary>Slack per allocation, for rounding each start up to the buffer's alignment.</summary>
    private const int AlignmentSlack = BumpBuffer.MaxAlignment;

    /// <summary>
    /// Computes the buffer size for a <paramref name="rows"/> x <paramref name="cols"/> table of
    /// <see langword="long"/> plus the output chunk.
    /// </summary>
    /// <returns><see langword="false"/> if the size overflows a 64-bit integer.</returns>
    public static bool TryGetBufferSize(long rows, long cols, out long bytes)
    {
        try
        {
            bytes = checked((rows * cols * sizeof(long)) + OutputChunkBytes + (2 * AlignmentSlack));
            return true;
        }
        catch (OverflowException)
        {
            bytes = 0;
            return false;
        }
    }

    /// <summary>Prints the table to <paramref name="output"/>, one row per line, values separated by a tab.</summary>
    /// <returns>An <see cref="ExitCode"/>; failures are reported on <paramref name="error"/>.</returns>
    public static int Print(long rows, long cols, Stream output, TextWriter error)
    {
        if (!TryGetBufferSize(rows, cols, out long bytes) || bytes > nint.MaxValue)
        {
            error.WriteLine($"times_table: a {rows} x {cols} table is too large: its size in bytes overflows");
            return ExitCode.TableTooLarge;
        }

        AllocBuffer buf;
        try
        {
            buf = AllocBuffer.Native((nint)bytes);
        }
        catch (OutOfMemoryException)
        {
            error.WriteLine($"times_table: a {rows} x {cols} table needs {bytes} bytes, which could not be allocated");
            return ExitCode.TableTooLarge;
        }

        try
        {
            // @no_escape buf begin ... end: everything allocated below is released when the scope ends.
            using var scope = buf.NoEscape();
            MatrixSpan<long> table = scope.Alloc<long>((nint)rows, (nint)cols);
            Span<byte> chunk = scope.Alloc<byte>(OutputChunkBytes);
            Fill(table);
            return Write(table, chunk, output, error);
        }
        finally
        {
            buf.Free();
        }
    }

    private static void Fill(MatrixSpan<long> table)
    {
        for (nint i = 0; i < table.Rows; i++)
        {
            Span<long> row = table.GetRow(i);
            long rowNumber = i + 1;
            for (int j = 0; j < row.Length; j++)
            {
                row[j] = rowNumber * (j + 1);
            }
        }
    }

    private static int Write(MatrixSpan<long> table, Span<byte> chunk, Stream output, TextWriter error)
    {
        int used = 0;
        try
        {
            for (nint i = 0; i < table.Rows; i++)
            {
                Span<long> row = table.GetRow(i);
                for (int j = 0; j < row.Length; j++)
                {
                    if (chunk.Length - used < MaxValueBytes)
                    {
                        output.Write(chunk[..used]);
                        used = 0;
                    }

                    row[j].TryFormat(chunk[used..], out int written, default, CultureInfo.InvariantCulture);
                    used += written;
                    chunk[used++] = j == row.Length - 1 ? (byte)'\n' : (byte)'\t';
                }
            }

            output.Write(chunk[..used]);
            output.Flush();
            return ExitCode.Success;
        }
        catch (IOException e)
        {
            error.WriteLine($"times_table: cannot write the table: {e.Message}");
            return ExitCode.OutputFailed;
        }
    }
}
