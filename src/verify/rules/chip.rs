//! Chip protocol rules: access control (BAC or PACE), active authentication
//! (ICAO 9303-11 §6.1) and chip authentication (§6.2), from the results the reader passes in.

use super::Outcome;
use crate::pki::Status;
use crate::verify::context::Context;
use crate::verify::input::ProtocolOutcome;

/// The outcome of `name`'s result. For active and chip authentication (`proves_chip`) a
/// failure means the chip could not prove it holds the key its data groups publish: the chip
/// is not genuine (a copy), whatever passive authentication said about the data.
fn outcome(
    result: Option<&ProtocolOutcome>,
    name: &str,
    hint: Option<&str>,
    proves_chip: bool,
) -> Outcome {
    match result {
        None => {
            let o = Outcome::not_checked(
                format!("{name} nicht durchgeführt"),
                format!("{name} not performed"),
            );
            match hint {
                Some(h) => o.with("hint", h),
                None => o,
            }
        }
        Some(ProtocolOutcome::Passed { detail }) => {
            Outcome::passed(format!("{name} erfolgreich"), format!("{name} succeeded"))
                .with("detail", detail)
        }
        Some(ProtocolOutcome::Failed { reason }) if proves_chip => Outcome::failed(
            format!("{name} fehlgeschlagen: Chip nicht echt (Kopie?)"),
            format!("{name} failed: chip not genuine (a copy?)"),
        )
        .with("reason", reason),
        Some(ProtocolOutcome::Failed { reason }) => {
            Outcome::failed(format!("{name} fehlgeschlagen"), format!("{name} failed"))
                .with("reason", reason)
        }
        Some(ProtocolOutcome::Unsupported { reason }) => Outcome::new(
            Status::Unsupported,
            format!("{name} nicht unterstützt"),
            format!("{name} not supported"),
        )
        .with("reason", reason),
    }
}

/// `chip.access_control`: BAC or PACE succeeded.
pub fn access_control(cx: &Context<'_>) -> Outcome {
    let access = cx.input.chip.as_ref().and_then(|c| c.access.as_ref());
    match access {
        None => Outcome::not_checked("Chip nicht live gelesen", "Chip not read live"),
        Some((protocol, result)) => {
            let name = match protocol {
                super::super::input::AccessProtocol::Bac => "BAC",
                super::super::input::AccessProtocol::Pace => "PACE",
            };
            outcome(Some(result), name, None, false).with("protocol", name)
        }
    }
}

/// `chip.active_authentication`: the chip signed the terminal's challenge with DG15's key.
pub fn active_authentication(cx: &Context<'_>) -> Outcome {
    let dg15 = cx.input.files.contains_key(&crate::chip::FileId::Dg15);
    outcome(
        cx.input.active_authentication.as_ref(),
        "Active Authentication",
        dg15.then_some("DG15 present: the chip supports active authentication"),
        true,
    )
}

/// `chip.chip_authentication`: the chip proved its DG14 key (CA v1/v2).
pub fn chip_authentication(cx: &Context<'_>) -> Outcome {
    let dg14 = cx.input.files.contains_key(&crate::chip::FileId::Dg14);
    outcome(
        cx.input.chip_authentication.as_ref(),
        "Chip Authentication",
        dg14.then_some("DG14 present: the chip supports chip authentication"),
        true,
    )
}
