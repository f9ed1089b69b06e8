//! The Computer Language Benchmarks Game's binary-trees, single-threaded, on bumpalo: every
//! short-lived tree in one `Bump` that is `reset()` after the tree (bumpalo keeps its largest chunk),
//! the long-lived tree in a `Bump` of its own. The same output as examples/BinaryTrees.
//!
//! Usage: binary_trees [depth]   (default 10)

use bumpalo::Bump;

struct Node<'a> {
    left: Option<&'a Node<'a>>,
    right: Option<&'a Node<'a>>,
}

fn build<'a>(arena: &'a Bump, depth: u32) -> &'a Node<'a> {
    if depth > 0 {
        let left = build(arena, depth - 1);
        let right = build(arena, depth - 1);
        arena.alloc(Node { left: Some(left), right: Some(right) })
    } else {
        arena.alloc(Node { left: None, right: None })
    }
}

fn check(node: &Node) -> i64 {
    match (node.left, node.right) {
        (Some(left), Some(right)) => 1 + check(left) + check(right),
        _ => 1,
    }
}

fn main() {
    let n: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10);
    let min_depth = 4;
    let max_depth = std::cmp::max(min_depth + 2, n);
    let stretch_depth = max_depth + 1;

    let mut arena = Bump::new();
    println!("stretch tree of depth {}\t check: {}", stretch_depth, check(build(&arena, stretch_depth)));
    arena.reset();

    let long_lived_arena = Bump::new();
    let long_lived = build(&long_lived_arena, max_depth);

    let mut depth = min_depth;
    while depth <= max_depth {
        let iterations = 1i64 << (max_depth - depth + min_depth);
        let mut sum = 0;
        for _ in 0..iterations {
            sum += check(build(&arena, depth));
            arena.reset();
        }
        println!("{}\t trees of depth {}\t check: {}", iterations, depth, sum);
        depth += 2;
    }

    println!("long lived tree of depth {}\t check: {}", max_depth, check(long_lived));
}
