//! Workload 2 peer: 1,000 bump allocations of seeded-random sizes (8..=256 bytes) and natural
//! alignments (1, 2, 4, 8, 16), each touched once, then one reset; prints ns per allocation.
//! The size/alignment sequence is the same SplitMix64 stream as bench/Bumper.Benchmarks
//! (AllocationPlan.cs), so both sides allocate exactly the same bytes.
//!
//! Usage: bumpalo-peer [batches] [rounds-per-batch]   (defaults 201 and 200)

use bumpalo::Bump;
use std::alloc::Layout;
use std::hint::black_box;
use std::time::Instant;

const ALLOCATIONS: usize = 1000;
const SEED: u64 = 20240601;

struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn plan() -> Vec<Layout> {
    let mut rng = SplitMix64(SEED);
    (0..ALLOCATIONS)
        .map(|_| {
            let r = rng.next();
            let size = 8 + (r % 249) as usize;
            let align = 1usize << ((r >> 32) % 5);
            Layout::from_size_align(size, align).expect("valid layout")
        })
        .collect()
}

// One "invoke" as on the C# side: open a scope, allocate and touch 1,000 blocks, reset.
#[inline(never)]
fn round(bump: &mut Bump, layouts: &[Layout]) {
    for (i, layout) in layouts.iter().enumerate() {
        let p = bump.alloc_layout(*layout);
        // Touch once, like the C# side; black_box keeps the store.
        unsafe { p.as_ptr().write(i as u8) };
        black_box(p);
    }
    bump.reset();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let batches: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(201);
    let rounds: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(200);
    let layouts = plan();
    let bytes: usize = layouts.iter().map(|l| l.size()).sum();

    // One chunk big enough for a whole round, so reset never frees and the steady state has no
    // chunk allocation (bumpalo keeps its last chunk on reset; this just skips the warm-up growth).
    let mut bump = Bump::with_capacity(512 * 1024);
    for _ in 0..rounds {
        round(&mut bump, &layouts);
    }

    let mut per_alloc = Vec::with_capacity(batches);
    for _ in 0..batches {
        let start = Instant::now();
        for _ in 0..rounds {
            round(&mut bump, &layouts);
        }
        let ns = start.elapsed().as_nanos() as f64;
        per_alloc.push(ns / (rounds * ALLOCATIONS) as f64);
    }
    per_alloc.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let median = per_alloc[per_alloc.len() / 2];
    println!(
        "bumpalo: median {:.3} ns/alloc (min {:.3}, max {:.3}; {} batches x {} rounds x {} allocs, {} bytes/round)",
        median,
        per_alloc[0],
        per_alloc[per_alloc.len() - 1],
        batches,
        rounds,
        ALLOCATIONS,
        bytes
    );
    println!("BUMPALO_NS_PER_ALLOC={median:.3}");
}
