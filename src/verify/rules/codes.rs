//! Code rules: issuing state and nationality are ICAO 9303-3 §5 codes (see `icao_codes`),
//! and German passports and ID cards use the German document-number alphabet.

use super::Outcome;
use super::icao_codes::{CodeUse, lookup};
use crate::verify::config::VerifierConfig;
use crate::verify::context::Context;

fn use_name(u: CodeUse) -> &'static str {
    match u {
        CodeUse::State => "state",
        CodeUse::Organisation => "organisation",
        CodeUse::NationalityOnly => "nationality_only",
        CodeUse::Test => "test",
    }
}

/// `codes.issuing_state_known`: the issuer is a state, organisation or the test state
/// (the nationality-only codes such as `XXA` cannot issue documents).
pub fn issuing_state_known(cx: &Context<'_>) -> Outcome {
    let Some(m) = cx.mrz() else {
        return Outcome::not_checked("Keine MRZ vorhanden", "No MRZ available");
    };
    let code = &m.issuer.code;
    match lookup(code) {
        Some(CodeUse::NationalityOnly) => Outcome::failed(
            format!("{code} ist nur als Staatsangehörigkeit zulässig"),
            format!("{code} is valid only as a nationality"),
        ),
        Some(u) => Outcome::passed(
            format!("Aussteller {code} bekannt"),
            format!("Issuer {code} known"),
        )
        .with("use", use_name(u)),
        None => Outcome::failed(
            format!("Aussteller {code} ist kein ICAO-Code"),
            format!("Issuer {code} is not an ICAO code"),
        ),
    }
    .with("code", code)
}

/// `codes.nationality_known`: the nationality is any ICAO code.
pub fn nationality_known(cx: &Context<'_>) -> Outcome {
    let Some(m) = cx.mrz() else {
        return Outcome::not_checked("Keine MRZ vorhanden", "No MRZ available");
    };
    let Some(nationality) = &m.nationality else {
        return Outcome::not_checked(
            "Diese MRZ hat keine Staatsangehörigkeit",
            "This MRZ has no nationality field",
        );
    };
    let code = &nationality.code;
    match lookup(code) {
        Some(u) => Outcome::passed(
            format!("Staatsangehörigkeit {code} bekannt"),
            format!("Nationality {code} known"),
        )
        .with("use", use_name(u)),
        None => Outcome::failed(
            format!("Staatsangehörigkeit {code} ist kein ICAO-Code"),
            format!("Nationality {code} is not an ICAO code"),
        ),
    }
    .with("code", code)
}

/// The characters of German passport and ID card numbers: digits and the consonants
/// C F G H J K L M N P R T V W X Y Z (no vowels, and no B, D, Q, S, which read like 8, 0, 0
/// and 5) — the alphabet of the Bundesdruckerei's serial numbers since 2007 (passports) and
/// 2010 (ID cards).
pub const GERMAN_DOCUMENT_NUMBER_ALPHABET: &str = "0123456789CFGHJKLMNPRTVWXYZ";

/// `mrz.german_document_number_alphabet`: for the configured document codes issued by `D`,
/// the document number uses only [`GERMAN_DOCUMENT_NUMBER_ALPHABET`].
pub fn german_alphabet(cx: &Context<'_>, config: &VerifierConfig) -> Outcome {
    let Some(m) = cx.mrz() else {
        return Outcome::not_checked("Keine MRZ vorhanden", "No MRZ available");
    };
    if m.issuer.code != "D" || !config.german_alphabet_codes.contains(&m.document_code) {
        return Outcome::not_checked(
            "Kein deutscher Pass oder Personalausweis",
            "Not a German passport or identity card",
        );
    }
    let bad: String = m
        .document_number
        .chars()
        .filter(|c| !GERMAN_DOCUMENT_NUMBER_ALPHABET.contains(*c))
        .collect();
    let o = if bad.is_empty() {
        Outcome::passed(
            "Dokumentennummer im deutschen Zeichenvorrat",
            "Document number within the German alphabet",
        )
    } else {
        Outcome::failed(
            format!("Unzulässige Zeichen in der Dokumentennummer: {bad}"),
            format!("Characters not used in German document numbers: {bad}"),
        )
        .with("characters", &bad)
    };
    o.with("document_number", &m.document_number)
}
