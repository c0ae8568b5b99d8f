//! `pki.known_deviations`: the deviations a verified deviation list (ICAO 9303-12,
//! id-icao-DeviationList) records for this document's series, named for the clerk with the
//! check each one affects, so that a failure there reads as a known defect of the series.

use super::Outcome;
use crate::pki::Status;
use crate::pki::deviation::{
    DeviationDescription, DocumentFacts, ID_DEVIATION_LIST, digest_algorithm,
};
use crate::verify::calendar::CheckTime;
use crate::verify::context::Context;

/// The report check a deviation type affects (ICAO 9303-12, the id-Deviation-* arcs).
fn affected_check(d: &DeviationDescription) -> &'static str {
    let arc = d
        .deviation_type
        .strip_prefix(ID_DEVIATION_LIST)
        .unwrap_or_default();
    match arc {
        ".1.1" | ".1.2" | ".1.3" => "pa.dsc_chain",
        ".1.4" => "chip.active_authentication",
        ".2.1" => "lds.files_readable",
        ".2.2" => "pa.dg_hashes",
        ".2.3" => "pa.sod_signature",
        ".2.4" => "lds.com_matches_sod",
        a if a.starts_with(".3") => "mrz.check_digits",
        _ => "-",
    }
}

/// `pki.known_deviations`.
pub fn known_deviations(
    cx: &Context<'_>,
    lists: &[crate::pki::deviation::DeviationList],
) -> Outcome {
    if lists.is_empty() {
        return Outcome::not_checked(
            "Keine Abweichungsliste (Deviation List) geladen",
            "No deviation list loaded",
        );
    }
    let Some(dsc) = &cx.dsc else {
        return Outcome::not_checked("DS-Zertifikat fehlt", "DS certificate missing");
    };
    let mrz = cx.mrz();
    let document_type = mrz.map(|m| format!("{:<<2}", m.document_code));
    let number = mrz.map(|m| m.document_number.trim_end_matches('<').to_string());
    let facts = DocumentFacts {
        dsc,
        document_type: document_type.as_deref(),
        document_number: number.as_deref(),
        issued: cx.issue_date().map(|d| CheckTime::from_date(d).unix()),
    };
    let mut found = Vec::new();
    for list in lists {
        let digest = digest_algorithm(&list.content);
        for d in list
            .deviations
            .iter()
            .filter(|d| d.applies_to(&facts, digest))
        {
            for desc in &d.descriptions {
                found.push((list.country.clone().unwrap_or_else(|| "-".into()), desc));
            }
        }
    }
    if found.is_empty() {
        return Outcome::passed(
            "Keine bekannte Abweichung für dieses Dokument gelistet",
            "No known deviation listed for this document",
        )
        .with("deviation_lists", lists.len());
    }
    let names: Vec<String> = found
        .iter()
        .map(|(_, d)| match &d.description {
            Some(text) => format!("{} ({text})", d.type_name()),
            None => d.type_name().to_string(),
        })
        .collect();
    let affects: Vec<&str> = found.iter().map(|(_, d)| affected_check(d)).collect();
    let countries: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    let mut o = Outcome::new(
        Status::Warning,
        format!(
            "Bekannte Abweichung dieser Dokumentenserie (laut Abweichungsliste des Ausstellers): {}",
            names.join("; ")
        ),
        format!(
            "Known deviation of this document series (issuer's deviation list): {}",
            names.join("; ")
        ),
    );
    o = o
        .with("deviations", names.join("; "))
        .with("affects", affects.join(","))
        .with("listed_by", countries.join(","))
        .with(
            "types",
            found
                .iter()
                .map(|(_, d)| d.deviation_type.as_str())
                .collect::<Vec<_>>()
                .join(","),
        );
    o
}
