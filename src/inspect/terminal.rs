//! Terminal Authentication in the desk pipeline (BSI TR-03110-3 §B.3): version 2 right after
//! PACE when the operator gave terminal credentials, as input for `chip.terminal_authentication`.

use crate::chip::pace::OpenedWith;
use crate::chip::ta_run::{TaAttempt, Terminal, TerminalCredentials, after_pace};
use crate::chip::{CardChannel, ChipSession};
use crate::verify::{ProtocolOutcome, TerminalAuthInput};
use rand_core::CryptoRng;

/// Runs TA when the session was opened with PACE; after BAC (TA version 1 needs the chip
/// authentication's ephemeral key) it reports why it did not run.
pub(crate) fn run_terminal_authentication<C: CardChannel, R: CryptoRng + ?Sized>(
    session: &mut ChipSession<C>,
    opened: &OpenedWith,
    credentials: &TerminalCredentials,
    rng: &mut R,
) -> TerminalAuthInput {
    let OpenedWith::Pace(pace) = opened else {
        return TerminalAuthInput {
            outcome: ProtocolOutcome::Unsupported {
                reason: "terminal authentication version 1 after BAC is not run".into(),
            },
            terminal: None,
            cvca: None,
            rights: Vec::new(),
            refused: Vec::new(),
        };
    };
    let terminal = Terminal {
        certificates: credentials.certificates.clone(),
        signer: credentials.signer.as_ref(),
    };
    report_input(&after_pace(
        session,
        pace,
        &terminal,
        credentials.today,
        rng,
    ))
}

/// The report's view of an attempt (the refused files are added after the reads).
pub fn report_input(attempt: &TaAttempt) -> TerminalAuthInput {
    let outcome = match (&attempt.result, attempt.unsupported) {
        (Ok(o), _) => ProtocolOutcome::Passed {
            detail: format!(
                "TA v2 with {}, {} certificates, {} APDUs",
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
