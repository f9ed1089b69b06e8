using System.Text.RegularExpressions;
using Bumper.Tests.Snapshots;
using Bumper.Native.Tests.Support;
using Xunit;

namespace Bumper.Native.Tests;

/// <summary>
/// libbumper as C sees it: the exported symbols, the header, the C test program against the shared,
/// static and arm64 builds, and the C example (a word index) built with pkg-config, make and CMake.
/// </summary>
[Trait("Category", "Linux")]
public partial class LibBumperTests
{
    private static readonly string[] CApi =
    [
        "bumper_alloc",
        "bumper_alloc_slow",
        "bumper_alloc_zeroed",
        "bumper_alloc_zeroed_slow",
        "bumper_buffer_free",
        "bumper_buffer_new",
        "bumper_buffer_new_ex",
        "bumper_buffer_new_growable",
        "bumper_buffer_new_in",
        "bumper_buffer_set_max_capacity",
        "bumper_buffer_set_max_retained",
        "bumper_capacity",
        "bumper_checkpoint_restore",
        "bumper_checkpoint_save",
        "bumper_cursor_alloc_slow",
        "bumper_cursor_close",
        "bumper_cursor_open",
        "bumper_cursor_release_slow",
        "bumper_get_stats",
        "bumper_heads",
        "bumper_last_error",
        "bumper_realloc",
        "bumper_reset",
        "bumper_trim",
        "bumper_used",
    ];

    // Defined in bumper.h itself (static inline), so never exported. bumper_alloc and bumper_alloc_zeroed
    // are exported too (for other languages' FFI and older binaries), and defined inline for C.
    private static readonly string[] InlineApi =
    [
        "bumper_alloc",
        "bumper_alloc_call",
        "bumper_alloc_inline",
        "bumper_alloc_zeroed",
        "bumper_array_size",
        "bumper_cursor_alloc",
        "bumper_cursor_mark",
        "bumper_cursor_release",
        "bumper_end_of",
        "bumper_head_cache",
        "bumper_memdup",
        "bumper_sprintf",
        "bumper_strdup",
        "bumper_strndup",
    ];

    [Fact]
    public void Shared_library_exports_exactly_the_C_API()
    {
        string nm = NativeProcess.RunTool("nm", "-D", "--defined-only", Artifacts.Get("linux-x64", "libbumper.so")).StandardOutput;
        string[] exported = [.. ExportedFunction().Matches(nm).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];
        Assert.Equal(CApi, exported);
    }

    [Fact]
    public void Static_library_defines_the_C_API()
    {
        string nm = NativeProcess.RunTool("nm", "--defined-only", Artifacts.Get("linux-x64", "libbumper.a")).StandardOutput;
        string[] defined = [.. DefinedBumperFunction().Matches(nm).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal)];
        Assert.Equal(CApi, defined);
    }

    [Fact]
    public void Header_declares_exactly_the_C_API_and_its_inline_functions()
    {
        string header = File.ReadAllText(Artifacts.Get("linux-x64", "bumper.h"));
        string[] declared = [.. DeclaredFunction().Matches(header).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];
        Assert.Equal([.. CApi.Union(InlineApi).Order(StringComparer.Ordinal)], declared);
        Assert.Equal(File.ReadAllText(Artifacts.Source("src/Bumper.Aot/include/bumper.h")), header);
    }

    [Fact]
    public void Header_compiles_as_pedantic_C99_and_as_CPlusPlus()
    {
        using var scratch = new ScratchDirectory();
        string include = Path.GetDirectoryName(Artifacts.Get("linux-x64", "bumper.h"))!;
        File.WriteAllText(scratch.File("use.c"), "#include <bumper.h>\nint main(void) { return bumper_last_error() == 0; }\n");
        NativeProcess.RunTool("gcc", "-std=c99", "-pedantic-errors", "-Wall", "-Wextra", "-Werror", "-fsyntax-only", "-I", include, scratch.File("use.c"));
        NativeProcess.RunTool("g++", "-x", "c++", "-std=c++11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only", "-I", include, scratch.File("use.c"));
    }

    [Fact]
    public void C_test_passes_against_the_shared_library()
    {
        using var scratch = new ScratchDirectory();
        string program = CProgram.BuildTestAgainstSharedLibrary(scratch, "linux-x64");
        ProcessResult result = NativeProcess.Run(program, []);
        CProgram.AssertAllChecksPassed(result);
        Assert.Equal("", result.StandardError);
    }

    [Fact]
    public void C_test_passes_against_the_static_library()
    {
        using var scratch = new ScratchDirectory();
        string program = CProgram.BuildTestAgainstStaticLibrary(scratch, "linux-x64");
        string dynamic = NativeProcess.RunTool("readelf", "-d", program).StandardOutput;
        Assert.DoesNotContain("libbumper", dynamic, StringComparison.Ordinal);
        ProcessResult result = NativeProcess.Run(program, []);
        CProgram.AssertAllChecksPassed(result);
        Assert.Equal("", result.StandardError);
    }

    [Fact]
    public void C_test_passes_against_the_arm64_shared_library_under_qemu()
    {
        using var scratch = new ScratchDirectory();
        string program = CProgram.BuildTestAgainstSharedLibrary(scratch, "linux-arm64", compiler: "aarch64-linux-gnu-gcc");
        ProcessResult result = Qemu.RunArm64(program, []);
        CProgram.AssertAllChecksPassed(result);
        Assert.Equal("", result.StandardError);
    }

    [Fact]
    public Task C_example_built_with_pkg_config_indexes_the_sample_text()
    {
        using var scratch = new ScratchDirectory();
        ProcessResult result = NativeProcess.Run(BuildCArena(scratch), ["sample.txt"], workingDirectory: CArenaSource);
        return Snapshot.Verify(result.ToSnapshot("c-arena sample.txt"), "CArena");
    }

    [Fact]
    public Task C_example_indexes_stdin()
    {
        using var scratch = new ScratchDirectory();
        ProcessResult result = NativeProcess.Run(BuildCArena(scratch), [], standardInput: "One fish, two fish,\nred fish, blue fish.\n\nOld fish, new fish.");
        return Snapshot.Verify(result.ToSnapshot("printf 'One fish, two fish,\\nred fish, blue fish.\\n\\nOld fish, new fish.' | c-arena"), "CArenaStdin");
    }

    [Fact]
    public Task C_example_reports_a_missing_file()
    {
        using var scratch = new ScratchDirectory();
        ProcessResult result = NativeProcess.Run(BuildCArena(scratch), ["no-such-file.txt"], workingDirectory: scratch.Path);
        return Snapshot.Verify(result.ToSnapshot("c-arena no-such-file.txt"), "CArenaMissingFile");
    }

    [Fact]
    public void C_example_builds_alike_with_its_Makefile_and_with_CMake()
    {
        using var scratch = new ScratchDirectory();
        string expected = NativeProcess.Run(BuildCArena(scratch), ["sample.txt"], workingDirectory: CArenaSource).StandardOutput;
        string artifacts = Path.GetDirectoryName(Artifacts.Get("linux-x64", "bumper.pc"))!;
        string project = Path.Combine(scratch.Path, "project");
        Directory.CreateDirectory(project);
        foreach (string file in new[] { "main.c", "Makefile", "CMakeLists.txt", "sample.txt" })
        {
            File.Copy(Path.Combine(CArenaSource, file), Path.Combine(project, file));
        }

        NativeProcess.RunTool("make", "-C", project, "ARTIFACTS=" + artifacts);
        NativeProcess.RunTool("cmake", "-S", project, "-B", Path.Combine(project, "build"), "-DBUMPER_ARTIFACTS=" + artifacts);
        NativeProcess.RunTool("cmake", "--build", Path.Combine(project, "build"));

        foreach (string program in new[] { Path.Combine(project, "c-arena"), Path.Combine(project, "build", "c-arena") })
        {
            ProcessResult result = NativeProcess.Run(program, ["sample.txt"], workingDirectory: project);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(expected, result.StandardOutput);
        }
    }

    private static string CArenaSource => Path.GetDirectoryName(Artifacts.Source("examples/c-arena/main.c"))!;

    /// <summary>Builds examples/c-arena/main.c with gcc and the flags pkg-config gives for bumper.pc.</summary>
    internal static string BuildCArena(ScratchDirectory scratch)
    {
        string program = scratch.File("c-arena");
        string libDir = Path.GetDirectoryName(Artifacts.Get("linux-x64", "libbumper.so"))!;
        NativeProcess.RunTool("gcc", [.. CProgram.Flags, .. CProgram.PkgConfig("linux-x64", "bumper.pc", "--cflags"), Artifacts.Source("examples/c-arena/main.c"),
            .. CProgram.PkgConfig("linux-x64", "bumper.pc", "--libs"), "-Wl,-rpath," + libDir, "-o", program]);
        return program;
    }

    [GeneratedRegex(@"^[0-9a-f]+ T (bumper_\w+)@@", RegexOptions.Multiline)]
    private static partial Regex ExportedFunction();

    [GeneratedRegex(@"^[0-9a-f]+ T (bumper_\w+)$", RegexOptions.Multiline)]
    private static partial Regex DefinedBumperFunction();

    // Declarations start in column 0; calls inside the inline functions are indented.
    [GeneratedRegex(@"^[a-z][\w ]*?\**(bumper_\w+)\(", RegexOptions.Multiline)]
    private static partial Regex DeclaredFunction();
}
