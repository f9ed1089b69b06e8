using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Bumper;

namespace AotService;

/// <summary>
/// Reads a <c>POST /stats</c> body straight from the request's <see cref="PipeReader"/> buffers into arena
/// memory: each token is parsed where it lies (copied to the stack only when it spans two of the pipe's
/// segments), and each value is appended to an <see cref="ArenaBufferWriter"/>, which grows in place.
/// No string per number and no array on the GC heap.
/// </summary>
internal static class ArenaNumberReader
{
    /// <summary>Appends every number of the body to <paramref name="values"/> as doubles; returns the first bad token, or null.</summary>
    /// <exception cref="BufferFullException">The values would take the arena past its limit.</exception>
    public static async Task<ParseFailure?> ReadAsync(PipeReader body, ArenaBufferWriter values, CancellationToken cancellationToken)
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
                // Also when the arena's limit throws: the server drains the rest of the body afterwards,
                // which it cannot do while this read is still open. The buffer is invalid after this.
                body.AdvanceTo(consumed, buffer.End);
            }

            if (failure is not null || read.IsCompleted)
            {
                return failure;
            }
        }
    }

    /// <summary>The values, as doubles in the arena (sorted in place there by the caller).</summary>
    /// <remarks>
    /// The writer is a byte writer, so its block is not promised 8-byte alignment; the cast does not need it
    /// (x64 and arm64 load unaligned doubles), and in practice the writer is the request arena's first
    /// allocation, at the start of an aligned block.
    /// </remarks>
    public static Span<double> AsDoubles(ArenaBufferWriter values) =>
        MemoryMarshal.Cast<byte, double>(MemoryMarshal.AsMemory(values.WrittenMemory).Span);

    /// <summary>
    /// Parses the whole tokens of <paramref name="buffer"/>; a token cut off by the buffer's end is left
    /// for the next read (<paramref name="consumed"/> stops before it) unless the body is complete.
    /// </summary>
    private static ParseFailure? ParseBuffered(ReadOnlySequence<byte> buffer, bool isComplete, long offset, ArenaBufferWriter values, out SequencePosition consumed)
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

            Span<byte> slot = values.GetSpan(sizeof(double));
            MemoryMarshal.Write(slot, in value);
            values.Advance(sizeof(double));
        }
    }
}
