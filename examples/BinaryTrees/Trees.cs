// Invariants: a Node lives in the scope it was allocated in; Build and Check read only nodes of
// the tree they were given, whose scope is open for as long as they run.
using System.Runtime.CompilerServices;
using Bumper;

namespace BinaryTrees;

/// <summary>
/// The benchmark: perfect binary trees built top-down and walked to count their nodes. Each tree
/// lives in a <see cref="NoEscapeScope"/> of the thread's default buffer and every node is the scope's
/// <c>AllocPtr</c>, so a tree goes at once when its scope ends and the next tree bumps through the
/// same memory. (A <see cref="BumpCursor"/> per tree was measured too: its opening and the scope end
/// it sends to the slow path cost more on the smallest trees than it saves per node, which left it
/// slower under NativeAOT and only a little faster under the JIT; see README.md.)
/// </summary>
internal static unsafe class Trees
{
    /// <summary>The depth of the smallest trees, as the benchmark fixes it.</summary>
    public const int MinDepth = 4;

    /// <summary>Prints the benchmark's output for <paramref name="n"/> (the largest depth, at least <see cref="MinDepth"/> + 2) to <paramref name="output"/>.</summary>
    public static void Run(int n, TextWriter output)
    {
        int maxDepth = Math.Max(MinDepth + 2, n);
        int stretchDepth = maxDepth + 1;
        using (var scope = Bump.NoEscape())
        {
            output.Write($"stretch tree of depth {stretchDepth}\t check: {Check(Build(scope, stretchDepth))}\n");
        }

        // The long-lived tree lives in an outer scope, through every short-lived tree, whose scopes
        // nest inside it: all of them bump through the memory the stretch tree left to the buffer.
        using var longLivedScope = Bump.NoEscape();
        Node* longLived = Build(longLivedScope, maxDepth);

        for (int depth = MinDepth; depth <= maxDepth; depth += 2)
        {
            int iterations = 1 << (maxDepth - depth + MinDepth);
            long check = CheckTrees(depth, iterations);
            output.Write($"{iterations}\t trees of depth {depth}\t check: {check}\n");
        }

        output.Write($"long lived tree of depth {maxDepth}\t check: {Check(longLived)}\n");
    }

    /// <summary>The total of <see cref="Check"/> over <paramref name="iterations"/> trees of <paramref name="depth"/>, each in a scope of its own.</summary>
    // Optimised at its first call: it is called a few times only, so tiered compilation would run its
    // loop as unoptimised code until on-stack replacement moved it to code compiled for that entry. It
    // is kept apart from Run: compiling Run's output formatting optimised up front would grow the
    // process's native heap by the compiler's working memory, which the process keeps.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long CheckTrees(int depth, int iterations)
    {
        long check = 0;
        for (int i = 0; i < iterations; i++)
        {
            using var scope = Bump.NoEscape();
            check += Check(Build(scope, depth));
        }

        return check;
    }

    /// <summary>
    /// A tree of <paramref name="depth"/> levels below its root, every node from <paramref name="scope"/>,
    /// in the order a top-down recursion allocates them: a node, its left subtree, then its right
    /// child. The right spine is a loop rather than a second recursive call, so each level costs one
    /// call frame, not two (what gcc does to the C program by itself).
    /// </summary>
    // Optimised at its first call: the stretch tree is built by the first calls, which tiered
    // compilation would otherwise run as unoptimised code while they recurse.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Node* Build(in NoEscapeScope scope, int depth)
    {
        var root = (Node*)scope.AllocPtr(sizeof(Node), sizeof(nint));
        Node* node = root;
        while (depth > 0)
        {
            depth--;
            node->Left = Build(scope, depth);
            var right = (Node*)scope.AllocPtr(sizeof(Node), sizeof(nint));
            node->Right = right;
            node = right;
        }

        node->Left = node->Right = null;
        return root;
    }

    /// <summary>The number of nodes of the tree at <paramref name="node"/>; the right spine is a loop, as in <see cref="Build"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Check(Node* node)
    {
        long count = 1;
        while (node->Left is not null)
        {
            count += Check(node->Left) + 1;
            node = node->Right;
        }

        return count;
    }

    /// <summary>A node: two children, or none.</summary>
    private struct Node
    {
        public Node* Left;
        public Node* Right;
    }
}
