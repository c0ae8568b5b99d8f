//! `chip.eid_matches_dg1`: the German eID application's data against DG1's MRZ. The eID data
//! groups have no hash in EF.SOD; their authenticity rests on chip authentication's secure
//! messaging. DG1 is covered by passive authentication, so the two agreeing ties the eID
//! data to the signed document (BSI TR-03110-4 §2.2.3.1 for the eID types, ICAO 9303-3 §6
//! for how names become MRZ characters).

use super::Outcome;
use crate::lds::{EidDg, EidValue};
use crate::mrz::{Mrz, MrzDate, Sex, transliterations};
use crate::pki::Status;
use crate::verify::context::Context;

/// How one field compared.
enum Comparison {
    Same,
    Differs(String),
    NotCompared(&'static str),
}

/// `chip.eid_matches_dg1`: document type, issuing state, expiry, names, date of birth,
/// nationality and sex read from the eID application equal DG1's MRZ (names after ICAO
/// transliteration; a truncated MRZ name needs only to begin the eID name).
pub fn eid_matches_dg1(cx: &Context<'_>) -> Outcome {
    let Some(eid) = cx.input.eid.as_ref().filter(|e| !e.read.is_empty()) else {
        return Outcome::not_checked("Keine eID-Daten gelesen", "No eID data read");
    };
    let Some(Ok(mrz)) = &cx.chip_mrz else {
        return Outcome::not_checked("DG1 nicht gelesen", "DG1 not read");
    };
    let value = |n: u8| {
        eid.read
            .get(&n)
            .and_then(|bytes| EidDg::parse(n, bytes).ok())
            .map(|d| d.value)
    };
    let mut compared = 0;
    let mut differing = Vec::new();
    let mut o = Outcome::passed("", "");
    for (n, field) in FIELDS {
        let Some(v) = value(n) else { continue };
        let result = compare(n, &v, mrz);
        let key = format!("DG{n} {field}");
        o = match result {
            Comparison::Same => {
                compared += 1;
                o.with(&key, "same")
            }
            Comparison::Differs(detail) => {
                compared += 1;
                differing.push(field);
                o.with(&key, format!("differs: {detail}"))
            }
            Comparison::NotCompared(why) => o.with(&key, format!("not compared: {why}")),
        };
    }
    if compared == 0 {
        o.status = Status::NotChecked;
        o.message = crate::verify::Text::new(
            "Keine eID-Datengruppe mit DG1 vergleichbar",
            "No eID data group comparable with DG1",
        );
    } else if differing.is_empty() {
        o.message = crate::verify::Text::new(
            format!("{compared} eID-Angaben gleich DG1"),
            format!("{compared} eID fields equal DG1"),
        );
    } else {
        o.status = Status::Failed;
        o.message = crate::verify::Text::new(
            format!("eID-Daten weichen von DG1 ab: {}", differing.join(", ")),
            format!("eID data differ from DG1: {}", differing.join(", ")),
        );
    }
    o
}

/// The eID data groups with an MRZ counterpart.
const FIELDS: [(u8, &str); 8] = [
    (1, "document type"),
    (2, "issuing state"),
    (3, "date of expiry"),
    (4, "given names"),
    (5, "family names"),
    (8, "date of birth"),
    (10, "nationality"),
    (11, "sex"),
];

fn compare(n: u8, v: &EidValue, mrz: &Mrz) -> Comparison {
    let text = match v {
        EidValue::Text(s) | EidValue::Date(s) => s.as_str(),
        _ => return Comparison::NotCompared("not a text"),
    };
    match n {
        1 => same(text, mrz.document_code.trim_end_matches('<')),
        2 => same(text, &mrz.issuer.code),
        3 => date(text, mrz.expiry_date.as_ref()),
        4 => name(text, &mrz.names.secondary, mrz.names.truncated),
        5 => name(text, &mrz.names.primary, mrz.names.truncated),
        8 => date(text, mrz.birth_date.as_ref()),
        10 => match &mrz.nationality {
            Some(nat) => same(text, &nat.code),
            None => Comparison::NotCompared("no nationality in the MRZ"),
        },
        11 => sex(text, mrz.sex),
        _ => Comparison::NotCompared("no MRZ field"),
    }
}

fn same(eid: &str, mrz: &str) -> Comparison {
    if eid.trim() == mrz {
        Comparison::Same
    } else {
        Comparison::Differs(format!("eID {eid:?}, DG1 {mrz:?}"))
    }
}

/// An eID date YYYYMMDD against the MRZ's YYMMDD; positions the MRZ leaves unknown (`<`)
/// are not compared.
fn date(eid: &str, mrz: Option<&MrzDate>) -> Comparison {
    let Some(mrz) = mrz else {
        return Comparison::NotCompared("no such date in the MRZ");
    };
    let Some(short) = eid.get(2..) else {
        return Comparison::NotCompared("not YYYYMMDD");
    };
    let agrees = short.len() == mrz.raw.len()
        && short
            .chars()
            .zip(mrz.raw.chars())
            .all(|(e, m)| m == '<' || e == m);
    if agrees {
        Comparison::Same
    } else {
        Comparison::Differs(format!("eID {eid}, DG1 {}", mrz.raw))
    }
}

/// A name from the eID application against the MRZ's (words separated by spaces there),
/// compared without separators in either of ICAO's transliteration forms.
fn name(eid: &str, mrz: &str, truncated: bool) -> Comparison {
    let Some(forms) = transliterations(eid) else {
        return Comparison::NotCompared("a script the MRZ transliteration table does not cover");
    };
    let squeeze = |s: &str| {
        s.chars()
            .filter(|c| *c != '<' && *c != ' ')
            .collect::<String>()
    };
    let mrz_letters = squeeze(mrz);
    let agrees = forms.iter().map(|f| squeeze(f)).any(|f| {
        f == mrz_letters || (truncated && !mrz_letters.is_empty() && f.starts_with(&mrz_letters))
    });
    if agrees {
        Comparison::Same
    } else {
        Comparison::Differs(format!("eID {eid:?}, DG1 {mrz:?}"))
    }
}

/// ICAOSex `M`, `F` or a space against the MRZ's `M`, `F`, `X` or `<`.
fn sex(eid: &str, mrz: Option<Sex>) -> Comparison {
    let agrees = match (eid.trim(), mrz) {
        (_, None) => return Comparison::NotCompared("the MRZ's sex field is invalid"),
        // `<`: the document does not state it in the MRZ (e.g. the German ID card).
        (_, Some(Sex::NotGiven)) => return Comparison::NotCompared("not given in the MRZ"),
        ("M", Some(Sex::Male)) | ("F", Some(Sex::Female)) | ("", Some(Sex::Unspecified)) => true,
        _ => false,
    };
    if agrees {
        Comparison::Same
    } else {
        Comparison::Differs(format!(
            "eID {eid:?}, DG1 {}",
            mrz.map(|m| m.to_string()).unwrap_or_default()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_same(c: Comparison) -> bool {
        matches!(c, Comparison::Same)
    }

    fn differs(c: Comparison) -> bool {
        matches!(c, Comparison::Differs(_))
    }

    #[test]
    fn names_compare_after_transliteration_in_either_form() {
        assert!(is_same(name("Müller", "MUELLER", false)));
        assert!(is_same(name("Müller", "MULLER", false)));
        assert!(is_same(name("Anna Maria", "ANNA MARIA", false)));
        assert!(is_same(name(
            "Meyer-Lüdenscheidt",
            "MEYER LUEDENSCHEIDT",
            false
        )));
        assert!(differs(name("Müller", "MILLER", false)));
        assert!(differs(name("ERIKA", "ERIK", false)));
        // A truncated MRZ name only has to begin the eID name.
        assert!(is_same(name("ERIKA", "ERIK", true)));
        assert!(differs(name("ERIKA", "ERIX", true)));
        assert!(differs(name("ERIKA", "", true)));
        // Not guessed: a script outside ICAO's Table A.
        assert!(matches!(
            name("Юлия", "IULIIA", false),
            Comparison::NotCompared(_)
        ));
    }

    fn mrz_date(raw: &str) -> MrzDate {
        MrzDate {
            raw: raw.into(),
            year: None,
            month: None,
            day: None,
            date: None,
        }
    }

    #[test]
    fn dates_compare_where_the_mrz_knows_them() {
        assert!(is_same(date("19640812", Some(&mrz_date("640812")))));
        assert!(differs(date("19640813", Some(&mrz_date("640812")))));
        assert!(is_same(date("19640800", Some(&mrz_date("6408<<")))));
        assert!(differs(date("1964081", Some(&mrz_date("640812")))));
        assert!(matches!(date("19640812", None), Comparison::NotCompared(_)));
    }

    #[test]
    fn sex_codes() {
        assert!(is_same(sex("F", Some(Sex::Female))));
        assert!(is_same(sex(" ", Some(Sex::Unspecified))));
        assert!(differs(sex("M", Some(Sex::Female))));
        assert!(differs(sex("F", Some(Sex::Unspecified))));
        assert!(matches!(
            sex("F", Some(Sex::NotGiven)),
            Comparison::NotCompared(_)
        ));
    }
}
