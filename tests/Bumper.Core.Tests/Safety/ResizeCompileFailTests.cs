namespace Bumper.Core.Tests.Safety;

/// <summary>A resized span is tied to its scope as the allocation it came from is.</summary>
public sealed class ResizeCompileFailTests
{
    [Fact]
    public void Returning_a_resized_span_from_the_method_that_opened_the_scope_is_a_compile_error()
    {
        Assert.Equal(["CS8352"], CompileFailTests.ErrorIds("""
            public static Span<int> Leak(BumpBuffer buf)
            {
                using var scope = buf.NoEscape();
                Span<int> y = scope.Resize(scope.Alloc<int>(3), 6);
                return y;
            }
            """));
    }

    [Fact]
    public void Resizing_a_span_of_the_callers_array_still_ties_the_result_to_the_scope()
    {
        Assert.Equal(["CS8352"], CompileFailTests.ErrorIds("""
            public static Span<int> Leak(BumpBuffer buf, int[] array)
            {
                using var scope = buf.NoEscape();
                Span<int> y = scope.Resize(array.AsSpan(), 6);
                return y;
            }
            """));
    }

    [Fact]
    public void Control_snippet_that_uses_the_resized_span_inside_the_scope_compiles()
    {
        Assert.Empty(CompileFailTests.ErrorIds("""
            public static int Ok(BumpBuffer buf, int n)
            {
                using var scope = buf.NoEscape();
                Span<int> y = scope.Alloc<int>(1);
                y = scope.Resize(y, n);
                return y.Length;
            }
            """));
    }
}
