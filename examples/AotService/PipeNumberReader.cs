using System.Buffers;
using System.IO.Pipelines;

namespace AotService;

/// <summary>
/// Reads a <c>POST /stats</c> body straight from the request's <see cref="PipeReader"/> buffers: each token is
/// parsed where it lies (copied to the stack only when it spans two of the pipe's segments), and each value
/// goes to an <see cref="INumberSink"/>. No string per number. The arena and pool paths share it.
/// </summary>
internal static class PipeNumberReader
{
    /// <summary>Adds every number of the body to <paramref name="values"/>; returns the first bad token, or null.</summary>
    /// <remarks>Generic over the sink, so a struct sink (the arena's) is called directly and never boxed.</remarks>
    /// <exception cref="Bumper.BufferFullException">The values would take the request past its memory limit.</exception>
    public static async Task<ParseFailure?> ReadAsync<TValues>(PipeReader body, TValues values, CancellationToken cancellationToken)
        where TValues : INumberSink
    {
        long offset = 0;
        while (true)
        {
            ReadResult read = await body.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = read.Buffer;
            SequencePosition consumed = buffer.Start;
            ParseFailure? failure;
            try
            {
                failure = ParseBuffered(buffer, read.IsCompleted, offset, values, out consumed);
                offset += buffer.Slice(0, consumed).Length;
            }
            finally
            {
                // Also when the limit throws: the server drains the rest of the body afterwards, which it
                // cannot do while this read is still open. The buffer is invalid after this.
                body.AdvanceTo(consumed, buffer.End);
            }

            if (failure is not null || read.IsCompleted)
            {
                return failure;
            }
        }
    }

    /// <summary>
    /// Parses the whole tokens of <paramref name="buffer"/>; a token cut off by the buffer's end is left
    /// for the next read (<paramref name="consumed"/> stops before it) unless the body is complete.
    /// </summary>
    private static ParseFailure? ParseBuffered<TValues>(ReadOnlySequence<byte> buffer, bool isComplete, long offset, TValues values, out SequencePosition consumed)
        where TValues : INumberSink
    {
        var reader = new SequenceReader<byte>(buffer);
        while (true)
        {
            reader.AdvancePastAny(NumberSyntax.Separators);
            consumed = reader.Position;
            if (reader.End)
            {
                return null;
            }

            long start = reader.Consumed;
            if (!reader.TryReadToAny(out ReadOnlySequence<byte> token, NumberSyntax.Separators, advancePastDelimiter: false))
            {
                token = reader.UnreadSequence;
                if (!isComplete && token.Length <= NumberSyntax.MaxTokenBytes)
                {
                    return null;
                }

                reader.AdvanceToEnd();
            }

            if (!NumberSyntax.TryParse(token, out double value))
            {
                return ParseFailure.At(token, offset + start);
            }

            values.Add(value);
        }
    }
}
