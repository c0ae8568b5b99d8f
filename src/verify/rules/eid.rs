//! `chip.eid_application` (BSI TR-03110-4 §3.1): which data groups of the German eID
//! application were read after Terminal Authentication, which the chip refused, or why none.

use super::Outcome;
use crate::pki::Status;
use crate::verify::context::Context;
use crate::verify::eid::{categories, summarize_eid};

/// `chip.eid_application`: an info check. Passed when eID data groups were read, e.g.
/// "eID: name, date of birth, address read"; not checked when no eID rights were granted or
/// the application could not be selected; failed (info only) when a read data group does
/// not parse.
pub fn eid_application(cx: &Context<'_>) -> Outcome {
    let Some(eid) = summarize_eid(cx.input) else {
        return Outcome::not_checked(
            "eID-Anwendung nicht gelesen: keine eID-Rechte gewährt (Terminalauthentisierung \
             als Inspektionssystem oder Berechtigungsterminal nötig)",
            "eID application not read: no eID rights granted (needs terminal authentication \
             as an inspection system or an authentication terminal)",
        );
    };
    let list = |n: &[u8]| {
        n.iter()
            .map(|n| format!("DG{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // 6A82: the chip holds no such file (ISO/IEC 7816-4 §5.6); any other status is a refusal.
    let (absent, refused): (Vec<_>, Vec<_>) =
        eid.refused.iter().partition(|r| r.status.contains("6A82"));
    let absent: Vec<u8> = absent.iter().map(|r| r.data_group).collect();
    let refused: Vec<u8> = refused.iter().map(|r| r.data_group).collect();
    let bad: Vec<u8> = eid
        .read
        .iter()
        .filter(|f| f.error.is_some())
        .map(|f| f.data_group)
        .collect();
    let words = categories(&eid.read);
    let (mut de, mut en, status) = if let Some(e) = &eid.select_error {
        (
            format!("eID-Anwendung nicht auswählbar: {e}"),
            format!("eID application could not be selected: {e}"),
            Status::NotChecked,
        )
    } else if words.is_empty() {
        (
            "eID: nichts gelesen".to_string(),
            "eID: nothing read".to_string(),
            Status::NotChecked,
        )
    } else {
        let join = |f: fn(&crate::verify::Text) -> &String| {
            words.iter().map(f).cloned().collect::<Vec<_>>().join(", ")
        };
        (
            format!("eID: {} gelesen", join(|t| &t.de)),
            format!("eID: {} read", join(|t| &t.en)),
            Status::Passed,
        )
    };
    if !refused.is_empty() {
        de.push_str(&format!("; verweigert: {}", list(&refused)));
        en.push_str(&format!("; refused: {}", list(&refused)));
    }
    let status = if bad.is_empty() {
        status
    } else {
        de.push_str(&format!("; Struktur nicht lesbar: {}", list(&bad)));
        en.push_str(&format!("; structure not readable: {}", list(&bad)));
        Status::Failed
    };
    let mut out = Outcome::new(status, de, en);
    for f in &eid.read {
        let value = f
            .value
            .clone()
            .or_else(|| f.error.clone())
            .unwrap_or_default();
        out = out.with(&format!("DG{} {}", f.data_group, f.name), value);
    }
    if !refused.is_empty() {
        out = out.with("refused", list(&refused));
    }
    if !absent.is_empty() {
        out = out.with("not on the chip", list(&absent));
    }
    if !eid.not_granted.is_empty() {
        out = out.with("not granted", list(&eid.not_granted));
    }
    out
}
