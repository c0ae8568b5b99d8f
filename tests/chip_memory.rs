//! Peak heap use while reading a whole document from the in-process chip stays under four
//! times the bytes read, with extended length and with 223-byte reads, measured by a
//! counting global allocator (the chip's own buffers count too).
#![cfg(feature = "emulator")]

use idverify::chip::ChipSession;
use idverify::chip::transport::replay::RecordedRandoms;
use idverify::emulator::{ChipConfig, EmulatedChip, benchmark_document};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(n: usize) {
    let now = CURRENT.fetch_add(n, Ordering::SeqCst) + n;
    PEAK.fetch_max(now, Ordering::SeqCst);
}

// SAFETY: every call is forwarded unchanged to the system allocator; only counters change.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: same layout as received.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
        // SAFETY: ptr came from System.alloc with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Count the moment both blocks may exist.
        grew(new_size);
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
        // SAFETY: forwarded unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MRZ: &[u8] = b"L898902C<369080619406236";

fn peak_of_a_read(config: ChipConfig) -> (usize, usize) {
    let card = EmulatedChip::new(config, [3; 32])
        .with_files(benchmark_document([9; 32]))
        .with_bac(MRZ);
    let mut rng = RecordedRandoms::new((0u8..24).collect());
    let mut session = ChipSession::select_and_bac(card, MRZ, &mut rng).unwrap();
    let baseline = CURRENT.load(Ordering::SeqCst);
    PEAK.store(baseline, Ordering::SeqCst);
    let files = session.read_document().unwrap();
    let peak = PEAK.load(Ordering::SeqCst) - baseline;
    let bytes: usize = files.iter().map(|(_, b, _)| b.len()).sum();
    drop(files);
    (peak, bytes)
}

#[test]
fn peak_memory_of_a_read_is_under_four_times_the_bytes_read() {
    for (name, config) in [
        ("extended length", ChipConfig::default()),
        ("223-byte reads", ChipConfig::short_reads(223)),
    ] {
        let (peak, bytes) = peak_of_a_read(config);
        println!(
            "{name}: read {bytes} bytes, peak heap {peak} bytes ({:.2}x)",
            peak as f64 / bytes as f64
        );
        assert!(bytes > 23_000);
        assert!(peak < 4 * bytes, "{name}: peak {peak} for {bytes} bytes");
    }
}
