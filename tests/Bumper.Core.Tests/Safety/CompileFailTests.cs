using System.Collections.Immutable;
using Bumper;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bumper.Core.Tests.Safety;

/// <summary>
/// Pins each escape the C# compiler refuses: a snippet is compiled against Bumper.Core with Roslyn
/// inside the test, and the exact error ids are asserted. A control snippet must compile cleanly,
/// so a broken harness cannot pass these tests.
/// </summary>
public sealed class CompileFailTests
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(BumpBuffer).Assembly.Location);
        paths.Add(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly.Location);
        return [.. paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    internal static string[] ErrorIds(string body)
    {
        string source = $$"""
            using System;
            using System.Threading.Tasks;
            using Bumper;
            public static class Snippet
            {
            {{body}}
            }
            """;
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        // Some errors (a ref struct hoisted across an await) are found only while emitting.
        using var output = new MemoryStream();
        return [.. compilation.Emit(output).Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.Id)
            .Distinct()
            .Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void Control_snippet_that_keeps_spans_inside_the_scope_compiles()
    {
        Assert.Empty(ErrorIds("""
            public static long Ok(BumpBuffer buf, ReadOnlySpan<int> x)
            {
                using var scope = buf.NoEscape();
                Span<int> y = scope.Alloc<int>(x.Length);
                x.CopyTo(y);
                var m = scope.Alloc<double>(2, 3);
                m[1, 2] = y.Length;
                long sum = 0;
                foreach (int v in y) sum += v;
                return sum + (long)m[1, 2];
            }
            public static Span<int> Unscoped(BumpBuffer buf) => buf.Alloc<int>(3);
            """));
    }

    [Fact]
    public void Control_snippet_that_keeps_cursor_spans_inside_the_scope_compiles()
    {
        Assert.Empty(ErrorIds("""
            public static long Ok(BumpBuffer buf, int n)
            {
                using var scope = buf.NoEscape();
                using var cursor = scope.Cursor();
                Span<int> y = cursor.Alloc<int>(n);
                y.Fill(2);
                long sum = 0;
                foreach (int v in y) sum += v;
                return sum;
            }
            """));
    }

    [Fact]
    public void Returning_a_span_from_a_cursor_is_a_compile_error()
    {
        Assert.Equal(["CS8352"], ErrorIds("""
            public static Span<int> Leak(BumpBuffer buf)
            {
                using var scope = buf.NoEscape();
                var cursor = scope.Cursor();
                Span<int> y = cursor.Alloc<int>(3);
                return y;
            }
            """));
    }

    [Fact]
    public void Returning_a_cursor_from_the_method_that_opened_its_scope_is_a_compile_error()
    {
        Assert.Equal(["CS8352"], ErrorIds("""
            public static BumpCursor Leak(BumpBuffer buf)
            {
                using var scope = buf.NoEscape();
                var cursor = scope.Cursor();
                return cursor;
            }
            """));
    }

    [Fact]
    public void Storing_a_cursor_in_a_class_field_is_a_compile_error()
    {
        Assert.Equal(["CS8345"], ErrorIds("""
            public sealed class Holder { public BumpCursor Cursor; }
            """));
    }

    [Fact]
    public void Returning_a_span_from_the_method_that_opened_the_scope_is_a_compile_error()
    {
        Assert.Equal(["CS8352"], ErrorIds("""
            public static Span<int> Leak(BumpBuffer buf)
            {
                using var scope = buf.NoEscape();
                Span<int> y = scope.Alloc<int>(3);
                return y;
            }
            """));
    }

    [Fact]
    public void Returning_an_allocation_directly_is_a_compile_error()
    {
        Assert.Equal(["CS8168"], ErrorIds("""
            public static Span<int> Leak()
            {
                using var scope = Bump.NoEscape();
                return scope.Alloc<int>(3);
            }
            """));
    }

    [Fact]
    public void Returning_a_matrix_view_is_a_compile_error()
    {
        Assert.Equal(["CS8168"], ErrorIds("""
            public static MatrixSpan<double> Leak(BumpBuffer buf)
            {
                using var scope = buf.NoEscape();
                return scope.Alloc<double>(2, 2);
            }
            """));
    }

    [Fact]
    public void Returning_a_matrix_converted_to_a_tensor_is_a_compile_error()
    {
        Assert.Equal(["CS8352"], ErrorIds("""
            public static System.Numerics.Tensors.TensorSpan<double> Leak(BumpBuffer buf)
            {
                using var scope = buf.NoEscape();
                System.Numerics.Tensors.TensorSpan<double> t = scope.Alloc<double>(2, 2);
                return t;
            }
            """));
    }

    [Fact]
    public void Storing_a_span_in_a_ref_struct_that_outlives_the_scope_is_a_compile_error()
    {
        Assert.Equal(["CS8168"], ErrorIds("""
            public ref struct Holder { public Span<int> Items; }
            public static void Store(ref Holder holder, BumpBuffer buf)
            {
                using var scope = buf.NoEscape();
                holder.Items = scope.Alloc<int>(3);
            }
            """));
    }

    [Fact]
    public void Assigning_a_span_to_a_local_declared_outside_the_scope_is_a_compile_error()
    {
        Assert.Equal(["CS8168"], ErrorIds("""
            public static int Outlive(BumpBuffer buf)
            {
                Span<int> outer = default;
                using (var scope = buf.NoEscape())
                {
                    outer = scope.Alloc<int>(3);
                }
                return outer[0];
            }
            """));
    }

    [Fact]
    public void Storing_a_scope_or_a_span_in_a_class_field_is_a_compile_error()
    {
        Assert.Equal(["CS8345"], ErrorIds("""
            public sealed class Cache { public NoEscapeScope Scope; public Span<int> Items; }
            """));
    }

    [Fact]
    public void Capturing_a_scope_in_a_lambda_is_a_compile_error()
    {
        Assert.Equal(["CS8175"], ErrorIds("""
            public static Func<int> Capture(BumpBuffer buf)
            {
                using var scope = buf.NoEscape();
                return () => scope.Alloc<int>(1).Length;
            }
            """));
    }

    [Fact]
    public void Holding_a_scope_across_an_await_is_a_compile_error()
    {
        Assert.Equal(["CS4007"], ErrorIds("""
            public static async Task<int> Await(BumpBuffer buf)
            {
                using var scope = buf.NoEscape();
                await Task.Yield();
                return scope.Alloc<int>(1).Length;
            }
            """));
    }

    [Fact]
    public void Boxing_a_scope_is_a_compile_error()
    {
        Assert.Equal(["CS0029"], ErrorIds("""
            public static object Box(BumpBuffer buf)
            {
                using var scope = buf.NoEscape();
                object o = scope;
                return o;
            }
            """));
    }

    [Fact]
    public void Allocating_a_managed_type_is_a_compile_error()
    {
        Assert.Equal(["CS8377"], ErrorIds("""
            public static int Strings(BumpBuffer buf)
            {
                using var scope = buf.NoEscape();
                return scope.Alloc<string>(3).Length;
            }
            """));
    }

    [Fact]
    public void Control_snippet_that_keeps_lists_and_formatted_text_inside_the_scope_compiles()
    {
        Assert.Empty(ErrorIds("""
            public static int Ok(BumpBuffer buf, int n)
            {
                using var scope = buf.NoEscape();
                var list = scope.List<int>();
                list.Add(n);
                Span<int> items = list.AsSpan();
                ReadOnlySpan<char> text = scope.Format($"{n} items");
                ReadOnlySpan<byte> utf8 = scope.FormatUtf8($"{n}");
                Span<int> copy = scope.AllocCopy<int>(items);
                return copy[0] + text.Length + utf8.Length;
            }
            """));
    }

    [Fact]
    public void Returning_a_list_from_the_method_that_opened_its_scope_is_a_compile_error()
    {
        Assert.Equal(["CS8352"], ErrorIds("""
            public static BumpList<int> Leak(BumpBuffer buf)
            {
                using var scope = buf.NoEscape();
                var list = scope.List<int>();
                return list;
            }
            """));
    }

    [Fact]
    public void Returning_a_lists_span_is_a_compile_error()
    {
        Assert.Equal(["CS8352"], ErrorIds("""
            public static Span<int> Leak(BumpBuffer buf)
            {
                using var scope = buf.NoEscape();
                var list = scope.List<int>();
                list.Add(1);
                return list.AsSpan();
            }
            """));
    }

    [Fact]
    public void Returning_formatted_text_from_the_method_that_opened_its_scope_is_a_compile_error()
    {
        Assert.Equal(["CS8352"], ErrorIds("""
            public static ReadOnlySpan<char> Leak(BumpBuffer buf, int n)
            {
                using var scope = buf.NoEscape();
                ReadOnlySpan<char> text = scope.Format($"{n} items");
                return text;
            }
            """));
    }

    [Fact]
    public void Returning_a_copy_from_the_method_that_opened_its_scope_is_a_compile_error()
    {
        Assert.Equal(["CS8352"], ErrorIds("""
            public static Span<int> Leak(BumpBuffer buf, int[] x)
            {
                using var scope = buf.NoEscape();
                Span<int> copy = scope.AllocCopy<int>(x);
                return copy;
            }
            """));
    }

    [Fact]
    public void Storing_a_list_in_a_class_field_is_a_compile_error()
    {
        Assert.Equal(["CS8345"], ErrorIds("""
            public sealed class Holder { public BumpList<int> List; }
            """));
    }
}
