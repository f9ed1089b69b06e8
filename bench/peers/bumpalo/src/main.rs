//! Rust peer of the allocation-throughput benchmark (AllocationThroughputBenchmarks.cs): 1,000 bump
//! allocations of seeded-random sizes (8..=256 bytes) and natural alignments (1, 2, 4, 8, 16), each
//! touched once, then one reset; prints ns per allocation. The size/alignment sequence is the same
//! SplitMix64 stream as bench/Bumper.Benchmarks/AllocationPlan.cs, so both sides allocate exactly
//! the same bytes.
//!
//! Three ways to call bumpalo, measured in alternating batches so that a change in the machine's load
//! reaches all alike:
//!   const-align   the alignment is a compile-time constant at the call (a `match` on it picks one
//!                 of five monomorphised calls), as for a Rust user whose allocations are typed:
//!                 bumpalo's fast path then rounds with a mask (the match is a jump table);
//!   pow2-hint     `alloc_layout` with the alignment from the plan, after telling the compiler it is
//!                 a power of two (`assert_unchecked`): the same mask, with no dispatch;
//!   dynamic       `alloc_layout` with the `Layout` built at run time: older bumpalo releases
//!                 (3.12, Debian's) round with `% layout.align()`, a division, on this path.
//!
//! Usage: bumpalo-peer [batches] [rounds-per-batch]   (defaults 201 and 200)

use bumpalo::Bump;
use std::alloc::Layout;
use std::hint::black_box;
use std::ptr::NonNull;
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

/// bumpalo's `alloc_layout` with the alignment a constant: what `bump.alloc(value)` or
/// `alloc_slice_*` compile to for a type whose alignment is `ALIGN`.
#[inline(always)]
fn alloc_aligned<const ALIGN: usize>(bump: &Bump, size: usize) -> NonNull<u8> {
    // SAFETY: ALIGN is one of 1, 2, 4, 8, 16 (see alloc_const_align), and size <= 256.
    bump.alloc_layout(unsafe { Layout::from_size_align_unchecked(size, ALIGN) })
}

#[inline(always)]
fn alloc_const_align(bump: &Bump, layout: Layout) -> NonNull<u8> {
    match layout.align() {
        1 => alloc_aligned::<1>(bump, layout.size()),
        2 => alloc_aligned::<2>(bump, layout.size()),
        4 => alloc_aligned::<4>(bump, layout.size()),
        8 => alloc_aligned::<8>(bump, layout.size()),
        _ => alloc_aligned::<16>(bump, layout.size()),
    }
}

// One "invoke" as on the C# side: allocate and touch 1,000 blocks, then reset (the scope's restore).
#[inline(never)]
fn round_const_align(bump: &mut Bump, layouts: &[Layout]) {
    for (i, layout) in layouts.iter().enumerate() {
        let p = alloc_const_align(bump, *layout);
        // Touch once, like the C# side; black_box keeps the store.
        unsafe { p.as_ptr().write(i as u8) };
        black_box(p);
    }
    bump.reset();
}

#[inline(never)]
fn round_pow2_hint(bump: &mut Bump, layouts: &[Layout]) {
    for (i, layout) in layouts.iter().enumerate() {
        let align = layout.align();
        // SAFETY: every Layout's alignment is a power of two (Layout::from_size_align checked it).
        unsafe { std::hint::assert_unchecked(align.is_power_of_two()) };
        let p = bump.alloc_layout(*layout);
        unsafe { p.as_ptr().write(i as u8) };
        black_box(p);
    }
    bump.reset();
}

#[inline(never)]
fn round_dynamic(bump: &mut Bump, layouts: &[Layout]) {
    for (i, layout) in layouts.iter().enumerate() {
        let p = bump.alloc_layout(*layout);
        unsafe { p.as_ptr().write(i as u8) };
        black_box(p);
    }
    bump.reset();
}

fn median(samples: &mut [f64]) -> (f64, f64, f64) {
    samples.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (samples[samples.len() / 2], samples[0], samples[samples.len() - 1])
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
    type Round = fn(&mut Bump, &[Layout]);
    let variants: [(&str, Round); 3] = [
        ("const-align (alignment a compile-time constant)", round_const_align),
        ("pow2-hint (run-time alignment known to be a power of two)", round_pow2_hint),
        ("dynamic (alloc_layout, Layout at run time)", round_dynamic),
    ];
    for (_, round) in &variants {
        for _ in 0..rounds {
            round(&mut bump, &layouts);
        }
    }

    let mut per_alloc = vec![Vec::with_capacity(batches); variants.len()];
    for _ in 0..batches {
        for (v, (_, round)) in variants.iter().enumerate() {
            let start = Instant::now();
            for _ in 0..rounds {
                round(&mut bump, &layouts);
            }
            let ns = start.elapsed().as_nanos() as f64;
            per_alloc[v].push(ns / (rounds * ALLOCATIONS) as f64);
        }
    }

    let mut medians = Vec::new();
    for (v, (name, _)) in variants.iter().enumerate() {
        let (mid, min, max) = median(&mut per_alloc[v]);
        println!(
            "bumpalo {name}: median {mid:.3} ns/alloc (min {min:.3}, max {max:.3}; {batches} batches x {rounds} rounds x {ALLOCATIONS} allocs, {bytes} bytes/round)"
        );
        medians.push(mid);
    }
    println!("BUMPALO_NS_PER_ALLOC={:.3}", medians[0]);
    println!("BUMPALO_POW2_NS_PER_ALLOC={:.3}", medians[1]);
    println!("BUMPALO_DYNAMIC_NS_PER_ALLOC={:.3}", medians[2]);
}
