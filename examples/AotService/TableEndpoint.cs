using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Bumper;
using Bumper.AspNetCore;
using TimesTable;

namespace AotService;

/// <summary>
/// <c>GET /table?rows=R&amp;cols=C</c>: the R x C times table as a JSON array of arrays, with times_table's
/// argument checks, size arithmetic and messages. The arena path builds the table in the request's arena
/// and streams it out row by row; <c>?mode=pool</c> does the same in an array rented from
/// <see cref="ArrayPool{T}.Shared"/>; <c>?mode=heap</c> builds a <c>long[][]</c>.
/// </summary>
internal static class TableEndpoint
{
    /// <summary>Pending JSON bytes after which the rows written so far are flushed to the client.</summary>
    private const int FlushBytes = 16 * 1024;

    public static async Task HandleAsync(HttpContext context, ArenaPool pool)
    {
        HttpRequest request = context.Request;
        string? rowsError = Dimension.TryParse("rows", request.Query["rows"].ToString(), allowTrailingComma: false, out long rows);
        string? colsError = Dimension.TryParse("cols", request.Query["cols"].ToString(), allowTrailingComma: false, out long cols);
        string? error = Mode.TryRead(request, out Temporaries temporaries)
            ?? Join(rowsError, colsError)
            ?? CheckSize(rows, cols, pool.Options.MaxArenaCapacity);
        if (error is not null)
        {
            await Problems.BadArgumentsAsync(context.Response, error).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json";
        int count = (int)(rows * cols);
        Task answer = temporaries switch
        {
            Temporaries.Heap => JsonSerializer.SerializeAsync(context.Response.Body, Build(rows, cols), ServiceJsonContext.Default.Int64ArrayArray, context.RequestAborted),
            Temporaries.Pool => WriteFromPoolAsync(context, count, (int)rows, (int)cols),
            _ => FillAndWriteAsync(context, context.GetArena().AllocMemory<long>(count), (int)rows, (int)cols),
        };
        await answer.ConfigureAwait(false);
    }

    /// <summary>The table in an array rented for the request and returned once it has been written.</summary>
    private static async Task WriteFromPoolAsync(HttpContext context, int count, int rows, int cols)
    {
        long[] rented = ArrayPool<long>.Shared.Rent(count);
        try
        {
            await FillAndWriteAsync(context, rented.AsMemory(0, count), rows, cols).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(rented);
        }
    }

    /// <summary>Fills <paramref name="table"/> and streams it out: the arena and pool paths differ only in where the table lies.</summary>
    private static Task FillAndWriteAsync(HttpContext context, Memory<long> table, int rows, int cols)
    {
        Fill(table.Span, cols);
        return WriteAsync(context.Response.BodyWriter, table, rows, cols, context.RequestAborted);
    }

    private static string? Join(string? rowsError, string? colsError) =>
        rowsError is not null && colsError is not null ? $"{rowsError}; {colsError}" : rowsError ?? colsError;

    /// <summary>times_table's buffer size for the table, against the per-request arena limit.</summary>
    private static string? CheckSize(long rows, long cols, long limit)
    {
        if (!TimesTablePrinter.TryGetBufferSize(rows, cols, out long bytes) || bytes > nint.MaxValue)
        {
            return $"a {rows} x {cols} table is too large: its size in bytes overflows";
        }

        return bytes > limit || rows * cols > Array.MaxLength
            ? $"a {rows} x {cols} table is too large: it needs {bytes} bytes, more than the {limit} bytes a request may use"
            : null;
    }

    /// <summary>Row i holds i*1 .. i*cols, as in times_table.</summary>
    private static void Fill(Span<long> table, int cols)
    {
        for (int start = 0, i = 1; start < table.Length; start += cols, i++)
        {
            Span<long> row = table.Slice(start, cols);
            for (int j = 0; j < row.Length; j++)
            {
                row[j] = (long)i * (j + 1);
            }
        }
    }

    private static long[][] Build(long rows, long cols)
    {
        var table = new long[rows][];
        for (int i = 0; i < rows; i++)
        {
            table[i] = new long[cols];
            for (int j = 0; j < cols; j++)
            {
                table[i][j] = (long)(i + 1) * (j + 1);
            }
        }

        return table;
    }

    private static async Task WriteAsync(PipeWriter body, Memory<long> table, int rows, int cols, CancellationToken cancellationToken)
    {
        using var json = new Utf8JsonWriter(body);
        json.WriteStartArray();
        int next = 0;
        while (next < rows)
        {
            next = WriteRows(json, table.Span, next, rows, cols);
            json.Flush();
            await body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        json.WriteEndArray();
        json.Flush();
    }

    /// <summary>Writes rows from <paramref name="first"/> until about <see cref="FlushBytes"/> are pending; returns the next row.</summary>
    private static int WriteRows(Utf8JsonWriter json, ReadOnlySpan<long> table, int first, int rows, int cols)
    {
        int i = first;
        for (; i < rows && json.BytesPending < FlushBytes; i++)
        {
            json.WriteStartArray();
            foreach (long value in table.Slice(i * cols, cols))
            {
                json.WriteNumberValue(value);
            }

            json.WriteEndArray();
        }

        return i;
    }
}
