using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Bumper.Core.Tests.Support;

/// <summary>Addresses of spans and tensors, for asserting exact pointers and offsets.</summary>
internal static unsafe class Ptr
{
    public static nuint Of<T>(Span<T> span) => (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span));

    public static nuint Of<T>(TensorSpan<T> tensor) => (nuint)Unsafe.AsPointer(ref tensor.GetPinnableReference());

    public static nuint Of(void* p) => (nuint)p;
}
