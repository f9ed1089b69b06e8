namespace AotService;

/// <summary>Where an endpoint keeps its temporaries, as <c>?mode=</c> names it.</summary>
internal enum Temporaries
{
    /// <summary><c>?mode=arena</c> (the default): in the request's arena.</summary>
    Arena,

    /// <summary><c>?mode=heap</c>: on the GC heap, written the simple way (a string per token, a growing list).</summary>
    Heap,

    /// <summary><c>?mode=pool</c>: in arrays rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>, written the careful way.</summary>
    Pool,
}
