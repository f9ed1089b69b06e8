using Xunit;

namespace Bumper.AspNetCore.Tests.Service;

/// <summary>The service's <c>?mode=</c> values, which must answer every request alike, and test cases crossed with them.</summary>
public static class ServiceModes
{
    /// <summary>The arena path, the simple heap path and the pooled path.</summary>
    public static IReadOnlyList<string> All { get; } = ["arena", "heap", "pool"];

    /// <summary>The modes that parse straight from the request's <c>PipeReader</c>, where a token can span two reads.</summary>
    public static IReadOnlyList<string> PipeReaders { get; } = ["arena", "pool"];

    /// <summary>Each (case, input) of <paramref name="cases"/> once per mode of <paramref name="modes"/>.</summary>
    public static TheoryData<string, string, string> Cross(IReadOnlyList<string> modes, params TheoryData<string, string>[] cases)
    {
        var crossed = new TheoryData<string, string, string>();
        foreach (object?[] row in cases.SelectMany(set => set))
        {
            foreach (string mode in modes)
            {
                crossed.Add((string)row[0]!, (string)row[1]!, mode);
            }
        }

        return crossed;
    }
}
