namespace Bumper;

/// <summary>
/// Keeps a buffer installed as this thread's default (see <see cref="Bump.UseBuffer"/>) until disposed.
/// A <c>ref struct</c>, so it cannot cross an <c>await</c> onto another thread.
/// </summary>
public readonly ref struct BufferOverride
{
    private readonly BumpBuffer? _previous;
    private readonly BumpBuffer? _installed;

    internal BufferOverride(BumpBuffer previous, BumpBuffer installed)
    {
        _previous = previous;
        _installed = installed;
    }

    /// <summary>The buffer that is the default while this override is in force.</summary>
    public BumpBuffer? Buffer => _installed;

    /// <summary>Puts the previous default buffer back.</summary>
    /// <exception cref="InvalidOperationException">An override installed later is still in force.</exception>
    public void Dispose()
    {
        if (_installed is not null)
        {
            Bump.Restore(_previous!, _installed);
        }
    }
}
