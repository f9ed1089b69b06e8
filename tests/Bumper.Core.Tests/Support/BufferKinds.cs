using Bumper;

namespace Bumper.Core.Tests.Support;

/// <summary>Every built-in buffer kind by name, for theories that must hold for all of them.</summary>
internal static class BufferKinds
{
    /// <summary>The kinds' names: GC and native AllocBuffer, SlabBuffer, ResizeBuffer, ChainBuffer.</summary>
    public static TheoryData<string> All => new() { "alloc", "native", "slab", "resize", "chain" };

    /// <summary>A buffer of <paramref name="kind"/> whose first block (slab, main block) holds <paramref name="size"/> bytes.</summary>
    public static BumpBuffer Make(string kind, int size) => kind switch
    {
        "alloc" => new AllocBuffer(size),
        "native" => AllocBuffer.Native(size),
        "slab" => new SlabBuffer(size),
        "resize" => new ResizeBuffer(size),
        "chain" => new ChainBuffer(size),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown buffer kind"),
    };
}
