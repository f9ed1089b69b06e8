namespace Bumper.AspNetCore;

/// <summary>
/// The request's arena, as an <see cref="Microsoft.AspNetCore.Http.HttpContext"/> feature set by
/// <see cref="BumperApplicationBuilderExtensions.UseBumper"/>; handlers usually reach it with
/// <see cref="BumperHttpContextExtensions.GetArena"/>.
/// </summary>
/// <remarks>
/// The arena belongs to the request: everything it hands out (<see cref="BumpArena.AllocMemory{T}"/>,
/// <see cref="BumpArena.CreateWriter"/>) stays valid across <c>await</c> until the response has completed,
/// when the arena is reset and returned to its <see cref="ArenaPool"/>. Keeping such memory past the
/// request is refused: its <c>.Span</c> throws <see cref="ObjectDisposedException"/> naming the arena.
/// </remarks>
public interface IArenaFeature
{
    /// <summary>The request's arena.</summary>
    BumpArena Arena { get; }
}
