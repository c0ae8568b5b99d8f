//! Terminal Authentication for `verify read --terminal-chain DIR --terminal-key FILE|pkcs11:…`:
//! loads the terminal's card-verifiable certificates and key for the desk pipeline, and prints
//! the report entry `chip.terminal_authentication`.

use idverify::pki::cvc::CvcDate;
use idverify::terminal::TerminalCredentials;
use idverify::terminal::load::TerminalLoadError;
use idverify::verify::{
    CheckTime, DocumentInput, EidInput, RuleId, TerminalAuthInput, Verifier, VerifierConfig,
};
use std::path::Path;

/// The terminal's certificates (`*.cvcert` and `*.cvc` in `dir`, by name), its key (whose
/// algorithm the terminal certificate names) and the date to check the chain at.
pub fn load(dir: &Path, key: &str, date: Option<&str>) -> Result<TerminalCredentials, String> {
    let today = match date {
        Some(d) => idverify::mrz::Date::parse_iso(d).ok_or("--terminal-date: not YYYY-MM-DD")?,
        None => super::mrz_cmd::today_utc().ok_or("the system clock is not usable")?,
    };
    let today = CvcDate::new(today.year(), today.month(), today.day())
        .ok_or("--terminal-date: not within 2000-2099")?;
    // A PKCS#8 file or a `pkcs11:` URI (RFC 7512: token, object or id, module-path, PIN).
    TerminalCredentials::load(dir, key, today).map_err(|e| match e {
        TerminalLoadError::Key(_) | TerminalLoadError::KeyMismatch { .. } => {
            format!("--terminal-key: {e}")
        }
        TerminalLoadError::Unreadable { ref path, .. } if path == Path::new(key) => {
            format!("--terminal-key: {e}")
        }
        e => e.to_string(),
    })
}

/// Prints the `chip.terminal_authentication` report entry with its evidence, and the
/// `chip.eid_application` entry when the terminal's rights opened the eID application.
pub fn print_report_entry(ta: &TerminalAuthInput, eid: Option<&EidInput>) {
    let input = DocumentInput {
        terminal_authentication: Some(ta.clone()),
        eid: eid.cloned(),
        ..DocumentInput::default()
    };
    let verifier = Verifier::new(idverify::pki::TrustStore::new(), VerifierConfig::default());
    let Some(today) = super::mrz_cmd::today_utc() else {
        return;
    };
    let report = verifier.verify(&input, CheckTime::from_date(today));
    let mut rules = vec![("TA ", RuleId::ChipTerminalAuthentication)];
    if eid.is_some() {
        rules.push(("eID", RuleId::ChipEidApplication));
    }
    for (label, rule) in rules {
        if let Some(c) = report.check(rule) {
            println!(
                "{label}      {} {:?}: {}",
                rule.as_str(),
                c.status,
                c.message.en
            );
            for (k, v) in &c.evidence {
                println!("           {k}: {v}");
            }
        }
    }
}
