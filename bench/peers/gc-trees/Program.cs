// The Computer Language Benchmarks Game's binary-trees, single-threaded, every node a GC object;
// the same output as examples/BinaryTrees. Usage: gc_trees [depth]   (default 10)
using System.Globalization;

int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
const int MinDepth = 4;
int maxDepth = Math.Max(MinDepth + 2, n);
int stretchDepth = maxDepth + 1;
var output = new StreamWriter(Console.OpenStandardOutput());

output.Write($"stretch tree of depth {stretchDepth}\t check: {Node.Build(stretchDepth).Check()}\n");
Node longLived = Node.Build(maxDepth);
for (int depth = MinDepth; depth <= maxDepth; depth += 2)
{
    int iterations = 1 << (maxDepth - depth + MinDepth);
    long check = 0;
    for (int i = 0; i < iterations; i++)
    {
        check += Node.Build(depth).Check();
    }

    output.Write($"{iterations}\t trees of depth {depth}\t check: {check}\n");
}

output.Write($"long lived tree of depth {maxDepth}\t check: {longLived.Check()}\n");
output.Flush();

/// <summary>A node: two children, or none.</summary>
internal sealed class Node(Node? left, Node? right)
{
    public static Node Build(int depth) => depth > 0 ? new Node(Build(depth - 1), Build(depth - 1)) : new Node(null, null);

    public long Check() => left is null ? 1 : 1 + left.Check() + right!.Check();
}
