//! `chip.terminal_authentication` (BSI TR-03110-3 §B.3): whether the chip accepted the
//! terminal's certificate chain and signature, the access rights granted, and what it refused.

use super::Outcome;
use crate::pki::Status;
use crate::verify::context::Context;
use crate::verify::input::ProtocolOutcome;

/// `chip.terminal_authentication`: an info check; a refused terminal says nothing against the
/// document, but the desk must see why DG3/DG4 (or DG1/DG2 of an ID card) are missing.
pub fn terminal_authentication(cx: &Context<'_>) -> Outcome {
    let Some(ta) = cx.input.terminal_authentication.as_ref() else {
        return Outcome::not_checked(
            "Keine Terminalauthentisierung (kein Terminalzertifikat)",
            "No terminal authentication (no terminal certificate)",
        );
    };
    let rights = if ta.rights.is_empty() {
        "none".to_string()
    } else {
        ta.rights.join(", ")
    };
    let out = match &ta.outcome {
        ProtocolOutcome::Passed { detail } => Outcome::passed(
            format!("Terminalauthentisierung erfolgreich; gewährte Rechte: {rights}"),
            format!("Terminal authentication succeeded; rights granted: {rights}"),
        )
        .with("detail", detail),
        ProtocolOutcome::Failed { reason } => Outcome::failed(
            format!("Terminalauthentisierung abgelehnt: {reason}"),
            format!("Terminal authentication refused: {reason}"),
        )
        .with("reason", reason),
        ProtocolOutcome::Unsupported { reason } => Outcome::new(
            Status::Unsupported,
            format!("Terminalauthentisierung nicht möglich: {reason}"),
            format!("Terminal authentication not possible: {reason}"),
        )
        .with("reason", reason),
    };
    let mut out = out.with("rights", rights);
    if let Some(t) = &ta.terminal {
        out = out.with("terminal", t);
    }
    if let Some(c) = &ta.cvca {
        out = out.with("cvca", c);
    }
    if !ta.refused.is_empty() {
        out = out.with("refused_by_chip", ta.refused.join(", "));
    }
    out
}
