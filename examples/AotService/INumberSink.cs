namespace AotService;

/// <summary>Where <see cref="PipeNumberReader"/> puts each number it parses: arena memory or a pooled array.</summary>
internal interface INumberSink
{
    /// <summary>Appends <paramref name="value"/> after the values added so far.</summary>
    /// <exception cref="Bumper.BufferFullException">The values would take the request past its memory limit.</exception>
    void Add(double value);
}
