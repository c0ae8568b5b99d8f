//! `verify` without a subcommand: the built-in virtual document. The software chip with the
//! specimen passport (EF.SOD signed by the test PKI) is served through vpcd and a private
//! pcscd when both are installed, or talked to in-process otherwise; the chip is read with
//! BAC, the whole pipeline runs and the report is printed (text in German or English, or JSON).

use crate::report_cmd::{exit_code, load_trust, now};
use getrandom::SysRng;
use idverify::chip::pcsc::PcscReaders;
use idverify::chip::{CardChannel, ChipError, ChipSession, FileId, listed_data_groups};
use idverify::emulator::specimen::{FaceVariant, Specimen, SpecimenKind};
use idverify::emulator::{ChipConfig, EmulatedChip, test_pki};
use idverify::lds::PartialDate;
use idverify::verify::{
    AccessProtocol, ChipRead, DocumentInput, FileRead, Lang, ProtocolOutcome, Verifier,
    VerifierConfig, render,
};
use rand_core::UnwrapErr;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Options of the default command.
#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// Print the report as JSON (schema/report.schema.json).
    #[arg(long)]
    json: bool,
    /// Language of the text report: de or en.
    #[arg(long, default_value = "de")]
    lang: String,
    /// Trust anchors: CSCA certificates, master lists or CRLs, as files or folders
    /// (repeatable). Default for the built-in document: the test PKI's CSCA.
    #[arg(long, value_name = "PATH")]
    trust: Vec<PathBuf>,
}

/// Runs the built-in virtual document through the whole pipeline.
pub fn demo(args: &VerifyArgs) -> ExitCode {
    match demo_inner(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("verify: {e}");
            ExitCode::from(2)
        }
    }
}

/// The demo document: the specimen passport of Utopia, dated as issued on 2025-01-15 so
/// that the test PKI's document signer (valid from 2025-01-01) can have signed it, with
/// EF.SOD signed by that signer over every data group.
fn demo_document() -> (Specimen, BTreeMap<FileId, Vec<u8>>) {
    let mut specimen = Specimen::build(SpecimenKind::PassportUto, FaceVariant::Jpeg);
    specimen.dg12.date_of_issue = Some(PartialDate::ascii("20250115"));
    let mut files: BTreeMap<FileId, Vec<u8>> = specimen
        .files()
        .into_iter()
        .filter_map(|(fid, bytes)| {
            let file = match fid {
                0x011E => FileId::Com,
                _ => FileId::data_group(u8::try_from(fid & 0xFF).ok()?)?,
            };
            Some((file, bytes))
        })
        .collect();
    let dgs: Vec<(u8, &[u8])> = files
        .iter()
        .filter_map(|(f, b)| Some((f.data_group_number()?, b.as_slice())))
        .collect();
    let sod = test_pki::sign_sod(&dgs);
    files.insert(FileId::Sod, sod);
    (specimen, files)
}

fn demo_inner(args: &VerifyArgs) -> Result<ExitCode, String> {
    let lang = Lang::parse(&args.lang).ok_or_else(|| format!("--lang {}: de or en", args.lang))?;
    let time = now()?;
    let store = if args.trust.is_empty() {
        test_pki::trust_store()
    } else {
        load_trust(&args.trust, time.unix())?
    };

    let (specimen, files) = demo_document();
    let printed_mrz = specimen.dg1.mrz_text();
    let parsed = idverify::mrz::parse(&printed_mrz, time.date().ok_or("check time out of range")?)
        .map_err(|e| e.to_string())?;
    let mrz_information = parsed.mrz_information().map_err(|e| e.to_string())?;
    let chip = || {
        EmulatedChip::new(ChipConfig::default(), [0x5D; 32])
            .with_files(files.clone())
            .with_bac(mrz_information.as_bytes())
    };
    let through_pcscd = match idverify_vpcd::testing::Pcscd::start() {
        Ok(pcscd) => {
            eprintln!(
                "verify: virtual document in {} (pcscd + vpcd)",
                pcscd.reader_name(0)
            );
            let _served = idverify_vpcd::serve(chip(), pcscd.card_addr(0));
            read_through_pcsc(&pcscd.reader_name(0), mrz_information.as_bytes())
        }
        Err(why) => Err(why.to_string()),
    };
    let (read_files, chip_read) = match through_pcscd {
        Ok(read) => read,
        Err(why) => {
            eprintln!("verify: virtual document in-process ({why})");
            read_chip(chip(), mrz_information.as_bytes(), None)?
        }
    };

    let mut input = DocumentInput::from_files(read_files).with_optical_mrz(&printed_mrz);
    input.chip = Some(chip_read);
    let verifier = Verifier::new(store, VerifierConfig::default());
    let report = verifier.verify(&input, time);
    if args.json {
        println!("{}", report.to_json());
    } else {
        print!("{}", render(&report, lang));
    }
    Ok(exit_code(report.verdict))
}

/// Connects to `reader` and reads the chip there.
fn read_through_pcsc(
    reader: &str,
    mrz_information: &[u8],
) -> Result<(ReadFiles, ChipRead), String> {
    let readers = PcscReaders::establish().map_err(|e| format!("PC/SC: {e}"))?;
    let channel = readers
        .connect_first(Some(reader), Some(Duration::from_secs(10)))
        .map_err(|e| format!("PC/SC: {e}"))?;
    let name = channel.reader().to_string();
    read_chip(channel, mrz_information, Some(name))
}

/// Shows `done` of `total` files on stderr, on one line.
fn progress(label: &str, done: usize, total: usize) {
    const WIDTH: usize = 20;
    let filled = WIDTH * done / total.max(1);
    eprint!(
        "\r[{}{}] {done:>2}/{total} {:<10}",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        label
    );
    let _ = std::io::stderr().flush();
}

/// The files read, in reading order.
type ReadFiles = Vec<(FileId, Vec<u8>)>;

/// SELECT, BAC, then EF.COM, EF.SOD and every data group EF.COM lists.
fn read_chip<C: CardChannel>(
    channel: C,
    mrz_information: &[u8],
    reader: Option<String>,
) -> Result<(ReadFiles, ChipRead), String> {
    let start = Instant::now();
    let mut session = ChipSession::select_and_bac(channel, mrz_information, &mut UnwrapErr(SysRng))
        .map_err(|e| format!("BAC: {e}"))?;
    let access_millis = millis(start.elapsed());
    let setup = session.counters();
    let mut files = Vec::new();
    let mut reads = Vec::new();
    let mut queue = vec![FileId::Com, FileId::Sod];
    let mut index = 0;
    while let Some(&file) = queue.get(index) {
        progress(file.name(), index, queue.len());
        let t = Instant::now();
        match session.read_file(file) {
            Ok((bytes, stats)) => {
                if file == FileId::Com {
                    queue.extend(listed_data_groups(&bytes));
                }
                reads.push(FileRead {
                    file,
                    apdus: stats.apdus,
                    millis: millis(t.elapsed()),
                });
                files.push((file, bytes));
            }
            // A file the chip refuses (e.g. DG3 behind Extended Access Control).
            Err(ChipError::Status { .. }) => {}
            Err(e) => return Err(format!("{}: {e}", file.name())),
        }
        index += 1;
    }
    progress("read", queue.len(), queue.len());
    eprintln!();
    let total = session.counters();
    let chip = ChipRead {
        reader,
        access: Some((
            AccessProtocol::Bac,
            ProtocolOutcome::Passed {
                detail: "3DES session keys (ICAO 9303-11 §4.3)".into(),
            },
        )),
        access_apdus: setup.apdus,
        access_millis,
        files: reads,
        apdus: total.apdus,
        bytes_sent: total.bytes_sent,
        bytes_received: total.bytes_received,
        millis: millis(start.elapsed()),
    };
    Ok((files, chip))
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
