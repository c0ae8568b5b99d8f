//! The trust snapshot a desk loads at start-up: loading the German and Dutch master lists'
//! snapshot (manifest and SHA-256 checked, every certificate parsed and indexed), with the
//! peak heap memory of one load counted by a counting allocator; and importing the test LDIF
//! (testdata/trust/pkd.ldif: both master lists verified, Utopia's list, DSCs and CRLs).

use criterion::{Criterion, criterion_group, criterion_main};
use idverify::inspect::snapshot::{build_store, install_snapshot, load_snapshot};
use idverify::pki::check::parse_date;
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors/masterlists")
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn snapshot(c: &mut Criterion) {
    let time = parse_date("2026-06-01").unwrap();
    let dir = std::env::temp_dir().join(format!("idverify-bench-trust-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let built = build_store(
        &[
            vectors().join("DE_ROOT_CA_CSCA07.cer"),
            vectors().join("NL_ROOT_CA.cer"),
        ],
        &[
            vectors().join("DE_ML_2026-05-28-08-28-45.ml"),
            vectors().join("NL_ML_2026-07-22.ml"),
        ],
        time,
    )
    .unwrap();
    install_snapshot(&dir, &built, time, true).unwrap();

    // Peak heap of one load, above what was in use before it, and what the store keeps.
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let (store, _) = load_snapshot(&dir).unwrap();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let kept = IN_USE.load(Ordering::Relaxed) - before;
    println!(
        "snapshot DE+NL: {} CSCAs; load peak heap {:.1} MiB, store kept {:.1} MiB",
        store.len(),
        peak as f64 / (1 << 20) as f64,
        kept as f64 / (1 << 20) as f64
    );
    drop(store);

    c.bench_function("load trust snapshot DE+NL (manifest checked)", |b| {
        // The store is dropped outside the measured time: loading is what a desk waits for.
        b.iter_with_large_drop(|| black_box(load_snapshot(black_box(&dir)).unwrap()))
    });
    let _ = std::fs::remove_dir_all(&dir);
}

fn ldif_import(c: &mut Criterion) {
    let time = parse_date("2026-06-01").unwrap();
    let roots = [
        vectors().join("DE_ROOT_CA_CSCA07.cer"),
        vectors().join("NL_ROOT_CA.cer"),
        manifest_dir().join("testdata/pki/csca.der"),
    ];
    let ldif = [manifest_dir().join("testdata/trust/pkd.ldif")];
    let mut group = c.benchmark_group("ldif");
    group.sample_size(10);
    group.bench_function("import test LDIF (DE+NL+UT master lists verified)", |b| {
        b.iter(|| black_box(build_store(&roots, &ldif, time).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, snapshot, ldif_import);
criterion_main!(benches);
