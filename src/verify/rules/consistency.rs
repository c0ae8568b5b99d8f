//! Rules that hold the chip's files against each other: EF.COM's list of data groups against
//! the one EF.SOD signs, and DG11's full date of birth against DG1's.

use super::Outcome;
use crate::chip::{FileId, listed_data_groups};
use crate::verify::context::Context;

fn names(groups: &[u8]) -> String {
    let v: Vec<String> = groups.iter().map(|n| format!("DG{n}")).collect();
    v.join(", ")
}

/// `lds.com_matches_sod`: EF.COM lists the data groups EF.SOD signs. EF.COM is not signed,
/// so the reader follows EF.SOD's list (ICAO 9303-10 §4.6.2); a difference is reported here,
/// for the staff's information, since a chip's EF.COM decides nothing.
pub fn com_matches_sod(cx: &Context<'_>) -> Outcome {
    let (Some(com), Some(mut sod)) = (cx.input.files.get(&FileId::Com), cx.sod_data_groups())
    else {
        return Outcome::not_checked(
            "EF.COM oder EF.SOD nicht gelesen",
            "EF.COM or EF.SOD not read",
        );
    };
    let mut listed: Vec<u8> = listed_data_groups(com)
        .into_iter()
        .filter_map(|f| f.data_group_number())
        .collect();
    listed.sort_unstable();
    sod.sort_unstable();
    if listed == sod {
        return Outcome::passed(
            format!(
                "EF.COM und EF.SOD führen dieselben Datengruppen ({})",
                names(&sod)
            ),
            format!(
                "EF.COM and EF.SOD list the same data groups ({})",
                names(&sod)
            ),
        );
    }
    let only_com: Vec<u8> = listed
        .iter()
        .copied()
        .filter(|n| !sod.contains(n))
        .collect();
    let only_sod: Vec<u8> = sod
        .iter()
        .copied()
        .filter(|n| !listed.contains(n))
        .collect();
    let mut o = Outcome::failed(
        "EF.COM weicht von den in EF.SOD signierten Datengruppen ab",
        "EF.COM differs from the data groups EF.SOD signs",
    )
    .with("ef_com", names(&listed))
    .with("ef_sod", names(&sod));
    if !only_com.is_empty() {
        o = o.with("only_in_ef_com", names(&only_com));
    }
    if !only_sod.is_empty() {
        o = o.with("only_in_ef_sod", names(&only_sod));
    }
    o
}

/// `person.dg11_birth_date_equals_dg1`: DG11's full date of birth (ICAO 9303-10 §4.7.11,
/// YYYYMMDD) names the same day as DG1's (YYMMDD), compared where both are known.
pub fn dg11_birth_date_equals_dg1(cx: &Context<'_>) -> Outcome {
    let dg11 = cx.dg11.as_ref().and_then(|d| d.full_date_of_birth.as_ref());
    let dg1 = cx
        .chip_mrz
        .as_ref()
        .and_then(|m| m.as_ref().ok())
        .and_then(|m| m.birth_date.as_ref());
    let (Some(full), Some(mrz)) = (dg11, dg1) else {
        return Outcome::not_checked(
            "DG11 ohne Geburtsdatum oder DG1 nicht gelesen",
            "DG11 without a date of birth, or DG1 not read",
        );
    };
    // Compared part by part where both name it: a part DG11 leaves unknown (`00`, fillers)
    // or the MRZ leaves unknown (`<<`) says nothing. The MRZ has the year's last two digits.
    let mrz_year = mrz.raw.get(0..2).and_then(|y| y.parse::<u16>().ok());
    let parts = [
        (full.year.map(|y| y % 100), mrz_year),
        (full.month.map(u16::from), mrz.month.map(u16::from)),
        (full.day.map(u16::from), mrz.day.map(u16::from)),
    ];
    let comparable = parts.iter().any(|(a, b)| a.is_some() && b.is_some());
    let differs = parts
        .iter()
        .any(|(a, b)| matches!((a, b), (Some(a), Some(b)) if a != b));
    let signed = if cx.is_signed(11) { "yes" } else { "no" };
    let o = if !comparable {
        Outcome::not_checked(
            "Geburtsdatum in DG11 nicht vergleichbar",
            "DG11's date of birth not comparable",
        )
    } else if differs {
        Outcome::failed(
            format!(
                "Geburtsdatum in DG11 ({}) weicht von DG1 ({}) ab",
                full.digits, mrz.raw
            ),
            format!(
                "DG11's date of birth ({}) differs from DG1's ({})",
                full.digits, mrz.raw
            ),
        )
    } else {
        Outcome::passed(
            format!("Geburtsdatum in DG11 gleich DG1 ({})", mrz.raw),
            format!("DG11's date of birth equals DG1's ({})", mrz.raw),
        )
    };
    o.with("dg11", &full.digits)
        .with("dg1", &mrz.raw)
        .with("dg11_signed", signed)
}
