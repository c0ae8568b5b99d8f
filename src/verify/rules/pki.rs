//! Passive authentication (ICAO 9303-11 §5.1) as rules, from `pki`'s result, and the
//! certificate rules around it: the countries of document, DSC and CSCA agree
//! (ICAO 9303-12 §7.1.1) and the DSC was valid when the document was issued.

use super::Outcome;
use crate::pki::Status;
use crate::pki::chain::NO_CSCA_FOR_COUNTRY;
use crate::pki::check::format_time;
use crate::pki::country::certificate_country;
use crate::verify::calendar::CheckTime;
use crate::verify::context::Context;
use crate::verify::lang::Text;

fn no_sod() -> Outcome {
    Outcome::not_checked("EF.SOD nicht gelesen", "EF.SOD not read")
}

/// Copies the statuses and messages of pki checks whose id starts with one of `prefixes`.
fn from_pki(cx: &Context<'_>, status: Status, prefixes: &[&str], text: Text) -> Outcome {
    let mut o = Outcome::new(status, text.de, text.en);
    if let Some(pa) = &cx.pa {
        for c in pa
            .checks
            .iter()
            .filter(|c| prefixes.iter().any(|p| c.id.starts_with(p)))
        {
            let status = serde_json::to_value(c.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            o = o.with(&c.id, format!("{status}: {}", c.message));
        }
    }
    o
}

fn status_text(status: Status, ok: (&str, &str), bad: (&str, &str)) -> Text {
    match status {
        Status::Passed => Text::new(ok.0, ok.1),
        Status::NotChecked => Text::new("Nicht geprüft", "Not checked"),
        Status::Unsupported => Text::new("Verfahren nicht unterstützt", "Algorithm not supported"),
        Status::Warning => Text::new(
            format!("{} (mit Vorbehalt)", ok.0),
            format!("{} (with reservations)", ok.1),
        ),
        Status::Failed => Text::new(bad.0, bad.1),
    }
}

/// `pa.sod_signature`: EF.SOD parses and its CMS signature verifies with the DSC.
pub fn sod_signature(cx: &Context<'_>) -> Outcome {
    let Some(pa) = &cx.pa else { return no_sod() };
    let text = status_text(
        pa.sod_signature,
        ("Signatur des EF.SOD gültig", "EF.SOD signature valid"),
        ("Signatur des EF.SOD ungültig", "EF.SOD signature invalid"),
    );
    from_pki(cx, pa.sod_signature, &["sod.parse", "cms."], text)
}

/// `pa.dsc_chain`: the DSC chains to a trusted CSCA, both valid at the check time, not revoked.
pub fn dsc_chain(cx: &Context<'_>) -> Outcome {
    let Some(pa) = &cx.pa else { return no_sod() };
    if cx.no_trust_anchors {
        return Outcome::not_checked(
            "Keine CSCA-Zertifikate konfiguriert (Masterliste fehlt)",
            "No CSCA certificates configured (master list missing)",
        );
    }
    let (status, text) = chain_text(pa);
    let mut o = from_pki(cx, status, &["chain.", "dsc.", "csca."], text);
    // The trust anchor that decided it, for the record (and staff): subject, serial, key, and
    // where the trust store had it from (master list and its date of issue, or a file).
    let csca = pa.checks.iter().find(|c| c.id == "chain.csca");
    for (from, to) in [
        ("cscaSubject", "anchor.csca_subject"),
        ("cscaSerial", "anchor.csca_serial"),
        ("cscaKeyId", "anchor.csca_key_id"),
        ("cscaKey", "anchor.csca_key"),
        ("cscaSource", "anchor.source"),
        ("cscaSourceKind", "anchor.source_kind"),
        ("cscaSourceFile", "anchor.source_file"),
        ("cscaSourceIssued", "anchor.source_issued"),
        ("cscaSourceSigner", "anchor.source_signer"),
    ] {
        if let Some(v) = csca
            .and_then(|c| c.evidence.get(from))
            .filter(|v| !v.is_empty())
        {
            o = o.with(to, v.clone());
        }
    }
    o
}

/// The status and words of `pa.dsc_chain` a desk clerk acts on: a revoked certificate names
/// the CRL; an out-of-date CRL says revocation is unknown; a country without any CSCA in the
/// trust store is missing trust material (`not_checked`: nothing was found forged, the office
/// must add that country's master list), told apart from a signature no CSCA verifies.
fn chain_text(pa: &crate::pki::PassiveAuthentication) -> (Status, Text) {
    let check = |id: &str| pa.check(id);
    let revoked = ["dsc.revocation", "csca.revocation"]
        .iter()
        .filter_map(|id| check(id))
        .find(|c| c.status == Status::Failed && c.evidence.contains_key("crlThisUpdate"));
    if let Some(c) = revoked {
        let (de_what, en_what) = if c.id == "dsc.revocation" {
            ("DS-Zertifikat", "DS certificate")
        } else {
            ("Link-Zertifikat der CSCA", "CSCA link certificate")
        };
        let issuer = c.evidence.get("crlIssuer").map_or("?", String::as_str);
        let date = c.evidence.get("crlThisUpdate").map_or("?", String::as_str);
        let date = date.get(..10).unwrap_or(date);
        return (
            pa.chain,
            Text::new(
                format!("{de_what} gesperrt: Sperrliste (CRL) von {issuer} vom {date}"),
                format!(
                    "{en_what} revoked: certificate revocation list (CRL) of {issuer} of {date}"
                ),
            ),
        );
    }
    if let Some(c) = check("chain.csca").filter(|c| {
        c.status == Status::Failed
            && c.evidence.get("reason").map(String::as_str) == Some(NO_CSCA_FOR_COUNTRY)
    }) {
        let cc = c
            .evidence
            .get("dscIssuerCountry")
            .map_or("?", String::as_str);
        return (
            Status::NotChecked,
            Text::new(
                format!(
                    "Keine CSCA für das Land {cc} im Vertrauensspeicher: Echtheit nicht prüfbar (Masterliste des Landes fehlt)"
                ),
                format!(
                    "No CSCA for country {cc} in the trust store: authenticity cannot be checked (that country's master list is missing)"
                ),
            ),
        );
    }
    if let Some(c) = check("chain.csca").filter(|c| c.status == Status::Failed) {
        let cc = c
            .evidence
            .get("dscIssuerCountry")
            .map_or("?", String::as_str);
        return (
            pa.chain,
            Text::new(
                format!(
                    "DS-Zertifikat von keiner CSCA des Landes {cc} signiert: Signatur ungültig"
                ),
                format!("DS certificate signed by no CSCA of country {cc}: signature invalid"),
            ),
        );
    }
    let overdue = ["dsc.revocation", "csca.revocation"]
        .iter()
        .filter_map(|id| check(id))
        .any(|c| c.status == Status::Warning);
    if overdue && pa.chain == Status::Warning {
        return (
            pa.chain,
            Text::new(
                "DS-Zertifikat von vertrauenswürdiger CSCA ausgestellt; Sperrstatus unbekannt: Sperrliste (CRL) abgelaufen",
                "DS certificate issued by a trusted CSCA; revocation unknown: the CRL is out of date",
            ),
        );
    }
    let text = status_text(
        pa.chain,
        (
            "DS-Zertifikat von vertrauenswürdiger CSCA ausgestellt",
            "DS certificate issued by a trusted CSCA",
        ),
        ("Zertifikatskette ungültig", "Certificate chain invalid"),
    );
    (pa.chain, text)
}

/// `pa.dg_hashes`: every data group read hashes to the value EF.SOD signs.
pub fn dg_hashes(cx: &Context<'_>) -> Outcome {
    let Some(pa) = &cx.pa else { return no_sod() };
    let missing: Vec<&str> = pa
        .checks
        .iter()
        .filter(|c| c.id.starts_with("dg.") && c.status == Status::NotChecked)
        .map(|c| c.id.as_str())
        .collect();
    let text = match pa.data_groups {
        Status::NotChecked if !missing.is_empty() => {
            let names: Vec<String> = missing
                .iter()
                .map(|id| format!("DG{}", id.trim_start_matches("dg.")))
                .collect();
            let names = names.join(", ");
            if missing.contains(&"dg.1") {
                Text::new(
                    format!("{names} nicht gelesen: die Daten sind nicht durch EF.SOD belegt"),
                    format!("{names} not read: the data is not proven by EF.SOD"),
                )
            } else {
                Text::new(
                    format!("{names} in EF.SOD aufgeführt, aber nicht gelesen"),
                    format!("{names} listed in EF.SOD but not read"),
                )
            }
        }
        Status::Warning => Text::new(
            "Datengruppe gelesen, die EF.SOD nicht abdeckt",
            "A data group read is not covered by EF.SOD",
        ),
        s => status_text(
            s,
            ("Alle Datengruppen unverändert", "All data groups unchanged"),
            ("Datengruppe verändert", "Data group altered"),
        ),
    };
    from_pki(cx, pa.data_groups, &["dg.", "sod.hash_algorithm"], text)
}

/// `pki.issuer_matches_signer`: DG1's issuing state, the DSC's country and the CSCA's
/// country are the same country.
pub fn issuer_matches_signer(cx: &Context<'_>) -> Outcome {
    let (Some(dsc), Some(m)) = (&cx.dsc, cx.mrz()) else {
        return Outcome::not_checked(
            "DS-Zertifikat oder MRZ fehlt",
            "DS certificate or MRZ missing",
        );
    };
    let issuer = certificate_country(&m.issuer.code);
    let dsc_country = dsc.subject.country();
    let csca_country = cx
        .pa
        .as_ref()
        .and_then(|pa| pa.check("chain.country"))
        .and_then(|c| c.evidence.get("cscaCountry").cloned());
    let mut o = Outcome::passed("", "")
        .with("issuing_state", &m.issuer.code)
        .with("dsc_country", dsc_country.as_deref().unwrap_or("-"))
        .with("csca_country", csca_country.as_deref().unwrap_or("-"));
    let same = issuer.is_some()
        && dsc_country.as_deref() == issuer
        && csca_country.as_deref().is_none_or(|c| Some(c) == issuer);
    if same {
        o.message = Text::new(
            "Aussteller, DS- und CSCA-Land stimmen überein",
            "Issuer, DS and CSCA country agree",
        );
    } else {
        o.status = Status::Failed;
        o.message = Text::new(
            format!(
                "Aussteller {} passt nicht zum Signaturland {}",
                m.issuer.code,
                dsc_country.as_deref().unwrap_or("?")
            ),
            format!(
                "Issuer {} does not match signer country {}",
                m.issuer.code,
                dsc_country.as_deref().unwrap_or("?")
            ),
        );
    }
    o
}

/// `pki.dsc_valid_on_issue_date`: the document's issue day (DG12) lies in the DSC's validity.
pub fn dsc_valid_on_issue_date(cx: &Context<'_>) -> Outcome {
    let (Some(dsc), Some(issue)) = (&cx.dsc, cx.issue_date()) else {
        return Outcome::not_checked(
            "DS-Zertifikat oder Ausstellungsdatum fehlt",
            "DS certificate or date of issue missing",
        );
    };
    let start = CheckTime::from_date(issue).unix();
    let end = start.saturating_add(86_399);
    let o = if dsc.not_before <= end && start <= dsc.not_after {
        Outcome::passed(
            format!("DS-Zertifikat am {issue} gültig"),
            format!("DS certificate valid on {issue}"),
        )
    } else {
        Outcome::failed(
            format!("DS-Zertifikat am Ausstellungstag {issue} nicht gültig"),
            format!("DS certificate not valid on the issue date {issue}"),
        )
    };
    o.with("date_of_issue", issue)
        .with("not_before", format_time(dsc.not_before))
        .with("not_after", format_time(dsc.not_after))
}
