//! `verify` without a subcommand: the built-in virtual document. The software chip with the
//! specimen passport (EF.SOD signed by the test PKI), or with `--document` the German ID card
//! or residence permit, is served through vpcd and a private pcscd when both are installed, or
//! talked to in-process otherwise; the passport is read with BAC, the German cards with PACE
//! (their CAN) and Terminal Authentication as the test PKI's inspection system, which opens
//! their eID application; the whole pipeline runs and the report is printed (text in German
//! or English, or JSON).

use crate::read_cmd::{clock_millis, show_progress};
use crate::report_cmd::{exit_code, now, trust_error};
use getrandom::SysRng;
use idverify::chip::CardChannel;
use idverify::chip::FileId;
use idverify::chip::access::pace::AccessKey;
use idverify::chip::transport::pcsc::PcscReaders;
use idverify::emulator::EmulatedChip;
use idverify::emulator::demo::{
    specimen_id_card, specimen_id_card_chip, specimen_passport, specimen_passport_chip,
    specimen_residence_permit, specimen_residence_permit_chip,
};
use idverify::emulator::specimen::Specimen;
use idverify::emulator::test_pki;
use idverify::inspect::{InspectOptions, load_trust_with_roots, read_chip};
use idverify::pki::cvc::CvcDate;
use idverify::pki::cvc::testing::{self, TestChain, TestTerminalKey};
use idverify::terminal::TerminalCredentials;
use idverify::verify::{DocumentInput, Lang, Verifier, render};
use rand_core::UnwrapErr;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

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
    /// (repeatable). Default for the built-in document: the test PKI's CSCA. A master list
    /// needs the root of its signer (--ml-root).
    #[arg(long, value_name = "PATH")]
    trust: Vec<PathBuf>,
    /// A master-list root certificate, repeatable: master lists under --trust load only when
    /// a master-list signer of the root's country, issued by it, signed them.
    #[arg(long = "ml-root", value_name = "CERT")]
    ml_roots: Vec<PathBuf>,
    /// Also write each chip file read to DIR/<name>.bin (EF.COM.bin, DG1.bin …): a dump to
    /// try `verify report DIR` or the C and C# examples on.
    #[arg(long, value_name = "DIR")]
    dump: Option<PathBuf>,
    /// Which virtual document.
    #[arg(long, value_enum, default_value_t = Document::Passport)]
    document: Document,
    #[command(flatten)]
    config: crate::config_cmd::ConfigFileArg,
    #[command(flatten)]
    record: crate::record_cmd::RecordArgs,
}

/// The virtual documents.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Document {
    /// Utopia's specimen passport: BAC, chip and active authentication.
    Passport,
    /// The German ID card specimen: PACE with its CAN, TA v2, CA v2, the eID application.
    IdCard,
    /// The German residence permit specimen, as the ID card, with its auxiliary conditions.
    ResidencePermit,
}

/// A German card's chip for its files, CAN, MRZ information, clone flag and seed.
type CardChip = fn(&BTreeMap<FileId, Vec<u8>>, &[u8], &[u8], bool, [u8; 32]) -> EmulatedChip;

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

fn demo_inner(args: &VerifyArgs) -> Result<ExitCode, String> {
    let lang = Lang::parse(&args.lang).ok_or_else(|| format!("--lang {}: de or en", args.lang))?;
    let time = now()?;
    let store = if args.trust.is_empty() && args.ml_roots.is_empty() {
        test_pki::trust_store()
    } else {
        load_trust_with_roots(&args.ml_roots, &args.trust, time.unix())
            .map_err(|e| trust_error(&e))?
    };

    let today = time.date().ok_or("check time out of range")?;
    let (specimen, files): (Specimen, _) = match args.document {
        Document::Passport => specimen_passport(),
        Document::IdCard => specimen_id_card(),
        Document::ResidencePermit => specimen_residence_permit(),
    };
    let printed_mrz = specimen.dg1.mrz_text();
    let parsed = idverify::mrz::parse(&printed_mrz, today).map_err(|e| e.to_string())?;
    let mrz_information = parsed.mrz_information().map_err(|e| e.to_string())?;
    let info = mrz_information.as_bytes();
    let can = specimen.access.can.as_bytes();
    let card_chip: Option<CardChip> = match args.document {
        Document::Passport => None,
        Document::IdCard => Some(specimen_id_card_chip),
        Document::ResidencePermit => Some(specimen_residence_permit_chip),
    };
    let chip = || match card_chip {
        None => specimen_passport_chip(&files, info, false, [0x5D; 32]),
        Some(card) => card(&files, can, info, false, [0x5D; 32]),
    };
    let key = match card_chip {
        None => AccessKey::Mrz(info.to_vec()),
        Some(_) => AccessKey::Can(can.to_vec()),
    };
    let mut options = InspectOptions::new(key).with_optical_mrz(printed_mrz.as_str());
    options.clock_millis = Some(clock_millis);
    if card_chip.is_some() {
        let today = CvcDate::new(today.year(), today.month(), today.day())
            .ok_or("the date is not within 2000-2099")?;
        options.terminal = Some(demo_terminal(today));
    }
    let through_pcscd = match idverify_vpcd::testing::Pcscd::start() {
        Ok(pcscd) => {
            eprintln!(
                "verify: virtual document in {} (pcscd + vpcd)",
                pcscd.reader_name(0)
            );
            let _served = idverify_vpcd::serve(chip(), pcscd.card_addr(0));
            read_through_pcsc(&pcscd.reader_name(0), &options)
        }
        Err(why) => Err(why.to_string()),
    };
    let input = match through_pcscd {
        Ok(input) => input,
        Err(why) => {
            eprintln!("verify: virtual document in-process ({why})");
            read(chip(), &options)?
        }
    };

    if let Some(dir) = &args.dump {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for (file, bytes) in &input.files {
            let path = dir.join(format!("{}.bin", file.name()));
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    let config = args.config.load(args.record.record_face)?;
    let verifier = Verifier::new(store, config);
    let report = verifier.verify(&input, time);
    if args.json {
        println!("{}", report.to_json());
    } else {
        print!("{}", render(&report, lang));
    }
    crate::record_cmd::write(&report, &args.record, lang)?;
    Ok(exit_code(report.verdict))
}

/// The test PKI's inspection system ([`TestChain::Demo`]) with both test CVCAs, as a desk
/// holds its terminal certificates and key.
fn demo_terminal(today: CvcDate) -> TerminalCredentials {
    let (mut certificates, terminal) = TestChain::Demo.build();
    certificates.push(testing::cvca(testing::CVCA_IS));
    certificates.push(testing::cvca(testing::CVCA_AT));
    TerminalCredentials {
        certificates,
        signer: Arc::new(TestTerminalKey::new(&terminal)),
        today,
    }
}

/// Connects to `reader` and reads the chip there.
fn read_through_pcsc(reader: &str, options: &InspectOptions) -> Result<DocumentInput, String> {
    let readers = PcscReaders::establish().map_err(|e| format!("PC/SC: {e}"))?;
    let channel = readers
        .connect_first(Some(reader), Some(Duration::from_secs(10)))
        .map_err(|e| format!("PC/SC: {e}"))?;
    let mut options = options.clone();
    options.reader = Some(channel.reader().to_string());
    read(channel, &options)
}

/// The whole desk pipeline on `channel`, with a progress line.
fn read<C: CardChannel>(channel: C, options: &InspectOptions) -> Result<DocumentInput, String> {
    let input = read_chip(channel, options, &mut UnwrapErr(SysRng), &mut show_progress);
    eprintln!();
    input.map_err(|e| e.to_string())
}
