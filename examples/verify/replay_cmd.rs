//! `verify replay FILE.json`: replays a recorded chip session (the transcript layout of the
//! shared test vectors): the terminal authenticates (PACE when the inputs carry EF.CardAccess,
//! else BAC) with the recorded randoms, then re-sends every later command, rebuilt from the
//! recording under its own secure messaging. Exit 0 when every command matches byte for byte
//! and every response is accepted (MAC verified).

use idverify::chip::access::pace::{PacePassword, supported_choices};
use idverify::chip::transport::replay::{RecordedRandoms, ReplayChannel, Transcript};
use idverify::chip::{ChipSession, CommandApdu, Ne};
use idverify::crypto::symmetric::unpad_iso7816;
use idverify::tlv;
use serde_json::Value;
use std::path::PathBuf;
use std::process::ExitCode;

/// Replay a recorded chip session (JSON transcript) against the terminal code.
#[derive(clap::Args)]
pub struct ReplayArgs {
    /// The transcript file.
    file: PathBuf,
}

/// Runs the subcommand: 0 when the whole transcript replays, 1 when it does not, 2 when the
/// file cannot be used.
pub fn run(args: &ReplayArgs) -> ExitCode {
    let text = match std::fs::read_to_string(&args.file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("replay: {}: {e}", args.file.display());
            return ExitCode::from(2);
        }
    };
    let t = match Transcript::from_json(&text) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("replay: {e}");
            return ExitCode::from(2);
        }
    };
    match replay(&t) {
        Ok(n) => {
            println!("replayed {n} exchanges: every command matched, every response accepted");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("replay: {e}");
            ExitCode::from(1)
        }
    }
}

fn password(inputs: &Value) -> Result<PacePassword, String> {
    let pw = &inputs["password"];
    match pw["type"].as_str() {
        Some("MRZ") => {
            let field = |k: &str| pw[k].as_str().ok_or(format!("password.{k} missing"));
            let info = idverify::mrz::mrz_information(
                field("document_number")?,
                field("date_of_birth")?,
                field("date_of_expiry")?,
            )
            .map_err(|e| e.to_string())?;
            Ok(PacePassword::Mrz(info.as_bytes().to_vec()))
        }
        Some("CAN") => Ok(PacePassword::Can(
            pw["value"].as_str().unwrap_or_default().as_bytes().to_vec(),
        )),
        other => Err(format!("password type {other:?} not supported")),
    }
}

/// The terminal's randoms: recorded private keys, then recorded random bytes.
fn randoms(t: &Transcript) -> Result<RecordedRandoms, String> {
    let mut bytes = Vec::new();
    if let Some(keys) = t
        .json
        .pointer("/inputs/terminal_keys_in_order")
        .and_then(Value::as_array)
    {
        for k in keys {
            let h = k["private"]
                .as_str()
                .ok_or("a terminal key without \"private\"")?;
            bytes.extend(hex::decode(h).map_err(|e| e.to_string())?);
        }
    }
    bytes.extend_from_slice(&t.terminal_randoms);
    Ok(RecordedRandoms::new(bytes))
}

fn replay(t: &Transcript) -> Result<usize, String> {
    let inputs = &t.json["inputs"];
    let pw = password(inputs)?;
    let mut rng = randoms(t)?;
    let mut session = ChipSession::new(t.channel());
    if let Ok(card_access) = t.hex_at("/inputs/EF_CardAccess") {
        let infos = idverify::lds::parse_card_access(&card_access).map_err(|e| e.to_string())?;
        let choice = supported_choices(&infos)
            .into_iter()
            .next()
            .ok_or("no supported PACEInfo in EF.CardAccess")?;
        let outcome = session
            .run_pace(&choice, &pw, &mut rng)
            .map_err(|e| format!("PACE: {e}"))?;
        println!(
            "PACE     {} parameter {:?}{}",
            choice.protocol.oid,
            choice.parameter_id,
            if outcome.ca_data.is_some() {
                ", CA data received"
            } else {
                ""
            }
        );
    } else if let PacePassword::Mrz(m) = &pw {
        session
            .run_bac(m, &mut rng)
            .map_err(|e| format!("BAC: {e}"))?;
        println!("BAC      ok");
    } else {
        return Err("neither EF.CardAccess nor an MRZ to authenticate with".into());
    }
    // Every later command: rebuilt in plain from the recording, protected again by the
    // terminal, compared by the replay channel; its response unprotected and MAC-checked.
    loop {
        let position = session.channel().position();
        let Some(recorded) = t.exchanges.get(position) else {
            break;
        };
        let plain = plain_command(&session, &recorded.command)?;
        let r = session
            .exchange(&plain)
            .map_err(|e| format!("exchange {position}: {e}"))?;
        println!(
            "{:<8} {:02X}{:02X} {} bytes",
            format!("#{position}"),
            plain.ins,
            plain.p1,
            r.data.len()
        );
    }
    let channel: &ReplayChannel = session.channel();
    if !channel.is_finished() {
        return Err("not every exchange was replayed".into());
    }
    Ok(channel.position())
}

/// The plain command a protected one carries (ICAO 9303-11 §9.8.4): header without the SM
/// bits, DO'87'/DO'85' decrypted under the session's next SSC, Le from DO'97'.
fn plain_command(session: &ChipSession<ReplayChannel>, raw: &[u8]) -> Result<CommandApdu, String> {
    let (cmd, _) = CommandApdu::parse(raw).map_err(|e| e.to_string())?;
    let Some(sm) = session.secure_messaging() else {
        return Ok(cmd);
    };
    let mut ssc = sm.ssc().clone();
    ssc.increment();
    let mut plain = CommandApdu::new(cmd.cla & !0x0C, cmd.ins, cmd.p1, cmd.p2);
    for obj in tlv::parse_all(&cmd.data).map_err(|e| e.to_string())? {
        match obj.tag {
            0x87 | 0x85 => {
                let body = if obj.tag == 0x87 {
                    obj.value.get(1..).unwrap_or_default()
                } else {
                    obj.value
                };
                let mut buf = body.to_vec();
                sm.keys()
                    .decrypt_in_place(&ssc, &mut buf)
                    .map_err(|e| e.to_string())?;
                plain.data = unpad_iso7816(&buf).map_err(|e| e.to_string())?.to_vec();
            }
            0x97 => {
                let le = obj
                    .value
                    .iter()
                    .fold(0usize, |a, &b| (a << 8) | usize::from(b));
                plain.le = Some(Ne::UpTo(match (le, obj.value.len()) {
                    (0, 1) => 256,
                    (0, _) => 65536,
                    (n, _) => n,
                }));
            }
            _ => {}
        }
    }
    Ok(plain)
}
