//! `verify` without a subcommand: the built-in virtual document. The software chip with the
//! specimen passport (EF.SOD signed by the test PKI) is served through vpcd and a private
//! pcscd when both are installed, or talked to in-process otherwise; the chip is read with
//! BAC, the whole pipeline runs and the report is printed (text in German or English, or JSON).

use crate::read_cmd::{clock_millis, show_progress};
use crate::report_cmd::{exit_code, now};
use getrandom::SysRng;
use idverify::chip::CardChannel;
use idverify::chip::pace::AccessKey;
use idverify::chip::pcsc::PcscReaders;
use idverify::emulator::demo::{specimen_passport, specimen_passport_chip};
use idverify::emulator::test_pki;
use idverify::inspect::{InspectOptions, load_trust, read_chip};
use idverify::verify::{DocumentInput, Lang, Verifier, VerifierConfig, render};
use rand_core::UnwrapErr;
use std::path::PathBuf;
use std::process::ExitCode;
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

fn demo_inner(args: &VerifyArgs) -> Result<ExitCode, String> {
    let lang = Lang::parse(&args.lang).ok_or_else(|| format!("--lang {}: de or en", args.lang))?;
    let time = now()?;
    let store = if args.trust.is_empty() {
        test_pki::trust_store()
    } else {
        load_trust(&args.trust, time.unix()).map_err(|e| e.to_string())?
    };

    let (specimen, files) = specimen_passport();
    let printed_mrz = specimen.dg1.mrz_text();
    let parsed = idverify::mrz::parse(&printed_mrz, time.date().ok_or("check time out of range")?)
        .map_err(|e| e.to_string())?;
    let mrz_information = parsed.mrz_information().map_err(|e| e.to_string())?;
    let chip = || specimen_passport_chip(&files, mrz_information.as_bytes(), false, [0x5D; 32]);
    let mut options = InspectOptions::new(AccessKey::Mrz(mrz_information.as_bytes().to_vec()))
        .with_optical_mrz(printed_mrz.as_str());
    options.clock_millis = Some(clock_millis);
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
