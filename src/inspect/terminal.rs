//! Terminal Authentication in the desk pipeline (BSI TR-03110-3 §B.3): version 2 right after
//! PACE, version 1 after BAC and chip authentication version 1, when the operator gave terminal
//! credentials, as input for `chip.terminal_authentication`.

use crate::chip::access::pace::{AccessKey, OpenedWith};
use crate::chip::auth::ca::group::CaGroup;
use crate::chip::auth::ta::TaVersion;
use crate::chip::auth::ta::run::{TaAttempt, Terminal, after_chip_authentication, after_pace};
use crate::chip::{CardChannel, ChipSession};
use crate::terminal::TerminalCredentials;
use crate::verify::{ProtocolOutcome, TerminalAuthInput};
use rand_core::CryptoRng;

/// Runs TA version 2 after PACE, drawing its ephemeral key in `ca_domain` (the chip's CA
/// domain parameters, from EF.CardSecurity); after BAC it reports that version 1 comes after
/// chip authentication ([`run_terminal_authentication_v1`]). The attempt is returned for the
/// ephemeral key Chip Authentication version 2 needs.
pub(crate) fn run_terminal_authentication<C: CardChannel, R: CryptoRng + ?Sized>(
    session: &mut ChipSession<C>,
    opened: &OpenedWith,
    credentials: &TerminalCredentials,
    ca_domain: Option<CaGroup>,
    rng: &mut R,
) -> Option<TaAttempt> {
    let OpenedWith::Pace(pace) = opened else {
        return None;
    };
    let terminal = Terminal {
        certificates: credentials.certificates.clone(),
        signer: credentials.signer.as_ref(),
    };
    Some(after_pace(
        session,
        pace,
        &terminal,
        credentials.today,
        ca_domain,
        rng,
    ))
}

/// Runs TA version 1 after BAC with the terminal's ephemeral key of a passed chip
/// authentication version 1; ID_PICC is the document number with its check digit, the first
/// ten characters of the MRZ information (ICAO 9303-11 §4.3.2). Without a passed CA it cannot
/// run.
pub(crate) fn run_terminal_authentication_v1<C: CardChannel>(
    session: &mut ChipSession<C>,
    access_key: &AccessKey,
    ca_ephemeral: Option<&[u8]>,
    credentials: &TerminalCredentials,
) -> TerminalAuthInput {
    let document_number = match access_key {
        AccessKey::Mrz(info) => info.get(..10),
        _ => None,
    };
    let (Some(document_number), Some(ephemeral)) = (document_number, ca_ephemeral) else {
        return unsupported(
            "terminal authentication version 1 needs a passed chip authentication version 1",
        );
    };
    let terminal = Terminal {
        certificates: credentials.certificates.clone(),
        signer: credentials.signer.as_ref(),
    };
    report_input(&after_chip_authentication(
        session,
        document_number,
        ephemeral,
        &terminal,
        credentials.today,
    ))
}

fn unsupported(reason: &str) -> TerminalAuthInput {
    TerminalAuthInput {
        outcome: ProtocolOutcome::Unsupported {
            reason: reason.into(),
        },
        terminal: None,
        cvca: None,
        rights: Vec::new(),
        refused: Vec::new(),
    }
}

/// The report's view of an attempt (the refused files are added after the reads).
pub fn report_input(attempt: &TaAttempt) -> TerminalAuthInput {
    let outcome = match (&attempt.result, attempt.unsupported) {
        (Ok(o), _) => ProtocolOutcome::Passed {
            detail: format!(
                "TA {} with {}, {} certificates, {} APDUs",
                match o.version {
                    TaVersion::V1 => "v1",
                    TaVersion::V2 => "v2",
                },
                o.terminal,
                o.certificates.len(),
                o.apdus
            ),
        },
        (Err(e), true) => ProtocolOutcome::Unsupported { reason: e.clone() },
        (Err(e), false) => ProtocolOutcome::Failed { reason: e.clone() },
    };
    let rights = match (&attempt.result, attempt.rights) {
        (Ok(_), Some(chat)) => chat.granted().iter().map(|r| r.name()).collect(),
        _ => Vec::new(),
    };
    TerminalAuthInput {
        outcome,
        terminal: attempt.terminal.clone(),
        cvca: attempt.cvca.clone(),
        rights,
        refused: Vec::new(),
    }
}
