//! Reading a whole document (EF.COM, EF.SOD ~2 KB, DG1, a 20 KB DG2, DG11, DG12, DG14, DG15)
//! from the in-process software chip after BAC, with extended length and with 223-byte
//! reads. Prints the counted figures (APDUs and bytes per file) before timing.

use criterion::{Criterion, criterion_group, criterion_main};
use idverify::chip::transport::replay::RecordedRandoms;
use idverify::chip::{ChipSession, FileId, ReadStats};
use idverify::emulator::{ChipConfig, EmulatedChip, benchmark_document};
use std::hint::black_box;

const MRZ: &[u8] = b"L898902C<369080619406236";

fn session(config: ChipConfig) -> ChipSession<EmulatedChip> {
    let card = EmulatedChip::new(config, [3; 32])
        .with_files(benchmark_document([9; 32]))
        .with_bac(MRZ);
    let mut rng = RecordedRandoms::new((0u8..24).collect());
    match ChipSession::select_and_bac(card, MRZ, &mut rng) {
        Ok(s) => s,
        Err(e) => panic!("BAC with the software chip failed: {e}"),
    }
}

fn read(config: ChipConfig) -> Vec<(FileId, Vec<u8>, ReadStats)> {
    match session(config).read_document() {
        Ok(files) => files,
        Err(e) => panic!("reading the software chip failed: {e}"),
    }
}

fn print_figures(name: &str, config: ChipConfig) {
    let s = session(config.clone());
    let bac_apdus = s.counters().apdus;
    let files = read(config);
    println!("\n{name}: SELECT + BAC took {bac_apdus} APDUs");
    println!(
        "  {:<8} {:>7} {:>6} {:>10} {:>10} {:>16}",
        "file", "bytes", "APDUs", "sent", "received", "ceil(n/223)+1"
    );
    let (mut apdus, mut bytes) = (0, 0);
    for (f, b, st) in &files {
        println!(
            "  {:<8} {:>7} {:>6} {:>10} {:>10} {:>16}",
            f.name(),
            b.len(),
            st.apdus,
            st.bytes_sent,
            st.bytes_received,
            b.len().div_ceil(223) + 1
        );
        apdus += st.apdus;
        bytes += b.len();
    }
    println!("  total    {bytes:>7} {apdus:>6} APDUs after BAC");
}

fn bench(c: &mut Criterion) {
    print_figures("extended length", ChipConfig::default());
    print_figures("223-byte reads", ChipConfig::short_reads(223));
    let mut g = c.benchmark_group("read_document");
    g.sample_size(20);
    g.bench_function("extended_length", |b| {
        b.iter(|| black_box(read(ChipConfig::default())))
    });
    g.bench_function("short_223", |b| {
        b.iter(|| black_box(read(ChipConfig::short_reads(223))))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
