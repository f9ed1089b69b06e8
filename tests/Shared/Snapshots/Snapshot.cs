using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace Bumper.Tests.Snapshots;

/// <summary>
/// Approved-snapshot assertions with Verify's conventions, shared by the native and service test
/// projects (compiled into each from tests/Shared), small enough to swap for Verify.Xunit
/// later: the approved text lives beside the test source as <c>&lt;TestClass&gt;.&lt;Case&gt;.verified.txt</c>;
/// a mismatch (or a missing approval) writes <c>&lt;TestClass&gt;.&lt;Case&gt;.received.txt</c> next to it
/// and fails with a line diff. Approve by renaming received to verified.
/// </summary>
/// <example>
/// <code>
/// await Snapshot.Verify(result.ToSnapshot("times_table 12 7"), "Rows12Cols7");
/// // compares with TimesTableTests.Rows12Cols7.verified.txt beside TimesTableTests.cs
/// </code>
/// </example>
public static class Snapshot
{
    /// <summary>Compares <paramref name="received"/> with the approved snapshot of <paramref name="caseName"/>.</summary>
    /// <param name="received">The text produced by the test.</param>
    /// <param name="caseName">The case, the middle part of the file name.</param>
    /// <param name="sourceFile">Filled in by the compiler: the test's source file, whose name is the test class.</param>
    /// <exception cref="XunitException">The snapshot is missing or differs.</exception>
    public static Task Verify(string received, string caseName, [CallerFilePath] string sourceFile = "")
    {
        string directory = Path.GetDirectoryName(sourceFile) ?? "";
        if (!Directory.Exists(directory))
        {
            throw new XunitException($"The test source folder {directory} does not exist here: snapshots are found through [CallerFilePath], so run the tests from a build of this checkout.");
        }

        string stem = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(sourceFile)}.{caseName}");
        string verifiedPath = stem + ".verified.txt";
        string receivedPath = stem + ".received.txt";
        string? verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath) : null;
        if (verified == received)
        {
            File.Delete(receivedPath);
            return Task.CompletedTask;
        }

        File.WriteAllText(receivedPath, received);
        throw new XunitException(verified is null
            ? $"No approved snapshot {verifiedPath}.\nReview {receivedPath} and rename it to .verified.txt to approve:\n{received}"
            : $"Snapshot {verifiedPath} differs from what was received (written to {receivedPath}):\n{LineDiff.Format(verified, received)}");
    }
}
