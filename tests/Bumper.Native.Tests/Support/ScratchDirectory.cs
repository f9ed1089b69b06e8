namespace Bumper.Native.Tests.Support;

/// <summary>A fresh temporary folder for one test's files, deleted on dispose.</summary>
public sealed class ScratchDirectory : IDisposable
{
    /// <summary>Creates the folder.</summary>
    public ScratchDirectory()
    {
        Path = Directory.CreateTempSubdirectory("bumper-native-tests-").FullName;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The full path of <paramref name="name"/> inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Copies <paramref name="source"/> into the folder, keeping its name, and returns the copy's path.</summary>
    public string CopyIn(string source)
    {
        string target = File(System.IO.Path.GetFileName(source));
        System.IO.File.Copy(source, target, overwrite: true);
        return target;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }
}
