namespace Bumper.Internal;

/// <summary>
/// The one growth rule of the builders that keep their elements in one block of the buffer, grown in
/// place while it is the buffer's last allocation or moved to a larger one: <see cref="BumpList{T}"/>,
/// the format handlers' text and <see cref="ArenaBufferWriter"/>.
/// </summary>
internal static class Growth
{
    /// <summary>
    /// The capacity a block of <paramref name="capacity"/> elements grows to so that
    /// <paramref name="needed"/> fit: twice as large (and at least <paramref name="minimum"/>), or
    /// <paramref name="needed"/> when that is more, never past <see cref="Array.MaxLength"/>; -1 when
    /// <paramref name="needed"/> is past <see cref="Array.MaxLength"/>, which the builder refuses with
    /// its own message.
    /// </summary>
    public static int NextCapacity(int capacity, long needed, int minimum = 0) =>
        needed > Array.MaxLength ? -1 : (int)Math.Min(Array.MaxLength, Math.Max(needed, Math.Max(minimum, (long)capacity * 2)));
}
