//! The published specimen MRZs (ICAO 9303 Parts 4-7 and 11, German passport, ID card and
//! residence permit) and the edge cases real documents have.

use idverify::mrz::{self, CheckKind, Date, Layout, Mrz, Sex};
use std::path::Path;

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap()
}

fn strict(text: &str) -> Mrz {
    mrz::parse(text, today()).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn date(y: u16, m: u8, d: u8) -> Option<Date> {
    Date::new(y, m, d)
}

/// Asserts every check digit passed and returns the kinds of the checks, in order.
fn all_pass(m: &Mrz) -> Vec<CheckKind> {
    for c in &m.checks {
        assert!(
            c.passed,
            "{:?} failed: expected {} found {}",
            c.kind, c.expected, c.found
        );
        // An all-filler optional data field may carry '<' instead of its digit 0.
        assert!(c.expected == c.found || (c.kind == OptionalData && c.found == '<'));
    }
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert!(m.is_valid());
    m.checks.iter().map(|c| c.kind).collect()
}

use CheckKind::{BirthDate, Composite, DocumentNumber, ExpiryDate, OptionalData};

#[test]
fn icao_part4_td3_passport() {
    let m = strict(
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
    );
    assert_eq!(
        all_pass(&m),
        [
            DocumentNumber,
            BirthDate,
            ExpiryDate,
            OptionalData,
            Composite
        ]
    );
    assert_eq!(m.layout, Layout::Td3);
    assert_eq!(m.document_code, "P");
    assert_eq!(m.issuer.code, "UTO");
    assert_eq!(m.document_number, "L898902C3");
    assert_eq!(
        (m.names.primary.as_str(), m.names.secondary.as_str()),
        ("ERIKSSON", "ANNA MARIA")
    );
    assert!(!m.names.truncated);
    assert_eq!(m.nationality.as_ref().unwrap().code, "UTO");
    assert_eq!(m.birth_date.as_ref().unwrap().date, date(1974, 8, 12));
    assert_eq!(m.sex, Some(Sex::Female));
    assert_eq!(m.expiry_date.as_ref().unwrap().date, date(2012, 4, 15));
    assert_eq!(m.optional_data.len(), 1);
    assert_eq!(m.optional_data[0].value, "ZE184226B");
    // Where each digit is, 1-based: document number check digit at line 2, column 10.
    let cols: Vec<(usize, usize, char)> = m
        .checks
        .iter()
        .map(|c| (c.line, c.column, c.found))
        .collect();
    assert_eq!(
        cols,
        [
            (2, 10, '6'),
            (2, 20, '2'),
            (2, 28, '9'),
            (2, 43, '1'),
            (2, 44, '0')
        ]
    );
    assert_eq!(
        m.mrz_information().unwrap().as_str(),
        "L898902C3674081221204159"
    );
}

#[test]
fn icao_part4_specimen_matches_the_vector_ground_truth() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/vectors/mrz-images/passport-td3.png.json");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let lines: Vec<&str> = json["mrz_lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    let m = strict(&lines.join("\n"));
    all_pass(&m);
    let f = &json["fields"];
    assert_eq!(m.document_number, f["number"].as_str().unwrap());
    assert_eq!(m.names.primary, f["surname"].as_str().unwrap());
    assert_eq!(m.names.secondary, f["names"].as_str().unwrap());
    assert_eq!(
        m.birth_date.as_ref().unwrap().raw,
        f["date_of_birth"].as_str().unwrap()
    );
    assert_eq!(
        m.checks[4].found.to_string(),
        f["check_composite"].as_str().unwrap()
    );
    assert_eq!(
        m.checks[3].found.to_string(),
        f["check_personal_number"].as_str().unwrap()
    );
}

#[test]
fn icao_part5_td1_card() {
    let m = strict(
        "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    );
    assert_eq!(
        all_pass(&m),
        [DocumentNumber, BirthDate, ExpiryDate, Composite]
    );
    assert_eq!(m.layout, Layout::Td1);
    assert_eq!(m.document_code, "I");
    assert_eq!(m.document_number, "D23145890");
    assert!(!m.long_document_number);
    assert_eq!(m.names.secondary, "ANNA MARIA");
    assert_eq!(m.optional_data.len(), 2);
    assert!(m.optional_data.iter().all(|o| o.filler_only));
    assert_eq!(
        m.mrz_information().unwrap().as_str(),
        "D23145890774081221204159"
    );
}

#[test]
fn icao_part6_td2_card() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/vectors/mrz-images/passport-td2.png.json");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let lines: Vec<&str> = json["mrz_lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
            "D231458907UTO7408122F1204159<<<<<<<6"
        ]
    );
    let m = strict(&lines.join("\n"));
    assert_eq!(
        all_pass(&m),
        [DocumentNumber, BirthDate, ExpiryDate, Composite]
    );
    assert_eq!(m.layout, Layout::Td2);
    assert_eq!(m.document_number, "D23145890");
    assert_eq!(m.checks[3].found, '6');
    assert!(m.optional_data[0].filler_only);
}

#[test]
fn icao_part7_visas() {
    let a = strict(
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<",
    );
    assert_eq!(all_pass(&a), [DocumentNumber, BirthDate, ExpiryDate]);
    assert_eq!(a.layout, Layout::MrvA);
    assert_eq!(a.document_number, "L8988901C");
    assert_eq!(a.nationality.as_ref().unwrap().code, "XXX");
    assert_eq!(a.birth_date.as_ref().unwrap().date, date(1940, 9, 7));
    assert_eq!(a.expiry_date.as_ref().unwrap().date, date(1996, 12, 10));
    assert_eq!(a.optional_data[0].value, "6ZE184226B");
    let b = strict("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<");
    assert_eq!(all_pass(&b), [DocumentNumber, BirthDate, ExpiryDate]);
    assert_eq!(b.layout, Layout::MrvB);
    assert!(b.optional_data[0].filler_only);
    assert_eq!(a.mrz_information().unwrap(), b.mrz_information().unwrap());
}

#[test]
fn icao_part11_td1_long_document_number() {
    // ICAO 9303-11 Appendix D.2: the document number D23145890734 continues in the optional
    // data, '<' stands in the check digit position, the number's check digit 9 follows it.
    let m = strict(
        "I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<",
    );
    assert_eq!(
        all_pass(&m),
        [DocumentNumber, BirthDate, ExpiryDate, Composite]
    );
    assert!(m.long_document_number);
    assert_eq!(m.document_number, "D23145890734");
    let doc = &m.checks[0];
    assert_eq!((doc.line, doc.column, doc.found), (1, 19, '9'));
    assert_eq!(m.optional_data[0].column, 20);
    assert!(m.optional_data[0].filler_only);
    assert_eq!(
        m.mrz_information().unwrap().as_str(),
        "D23145890734934071279507122"
    );
    assert_eq!(m.sex, Some(Sex::Male));
}

#[test]
fn icao_part11_td2_long_document_number() {
    // ICAO 9303-11 Appendix D.2 shows the same long number in a TD2 MRZ.
    let m = strict("I<UTOSTEVENSON<<PETER<JOHN<<<<<<<<<<\nD23145890<UTO3407127M95071227349<<<8");
    assert_eq!(
        all_pass(&m),
        [DocumentNumber, BirthDate, ExpiryDate, Composite]
    );
    assert_eq!(m.layout, Layout::Td2);
    assert!(m.long_document_number);
    assert_eq!(m.document_number, "D23145890734");
    assert_eq!((m.checks[0].line, m.checks[0].column), (2, 32));
    assert_eq!(
        m.mrz_information().unwrap().as_str(),
        "D23145890734934071279507122"
    );
}

#[test]
fn icao_part11_bac_vector_mrz_information() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/vectors/icao/bac_sm_9303_11_appD.json");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let d2 = &json["D2_mrz"];
    let info = mrz::mrz_information(
        d2["document_number"].as_str().unwrap(),
        d2["date_of_birth"].as_str().unwrap(),
        d2["date_of_expiry"].as_str().unwrap(),
    )
    .unwrap();
    assert_eq!(info.as_str(), d2["MRZ_information"].as_str().unwrap());
    // The same from the MRZ that carries these fields (PersoSim's default TD3 profile).
    let m = strict(
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C<3UTO6908061F9406236ZE184226B<<<<<14",
    );
    all_pass(&m);
    assert_eq!(m.document_number, "L898902C");
    assert_eq!(m.mrz_information().unwrap().as_str(), info.as_str());
}

#[test]
fn icao_part11_pace_vector_mrz_information() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/vectors/icao/pace_9303_11_appG_H.json");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("T22000129364081251010318"));
    let info = mrz::mrz_information("T22000129", "640812", "101031").unwrap();
    assert_eq!(info.as_str(), "T22000129364081251010318");
}

#[test]
fn german_id_card_npa() {
    let m = strict(
        "IDD<<T220001293<<<<<<<<<<<<<<<\n6408125<2010315D<<<<<<<<<<<<<4\nMUSTERMANN<<ERIKA<<<<<<<<<<<<<",
    );
    assert_eq!(
        all_pass(&m),
        [DocumentNumber, BirthDate, ExpiryDate, Composite]
    );
    assert_eq!(m.layout, Layout::Td1);
    assert_eq!(m.document_code, "ID");
    assert_eq!(
        (m.issuer.raw.as_str(), m.issuer.code.as_str()),
        ("D<<", "D")
    );
    assert_eq!(m.nationality.as_ref().unwrap().raw, "D<<");
    assert_eq!(m.sex, Some(Sex::NotGiven));
    assert_eq!(m.birth_date.as_ref().unwrap().date, date(1964, 8, 12));
    assert_eq!(m.expiry_date.as_ref().unwrap().date, date(2020, 10, 31));
    assert_eq!(
        (m.names.primary.as_str(), m.names.secondary.as_str()),
        ("MUSTERMANN", "ERIKA")
    );
    assert_eq!(
        m.mrz_information().unwrap().as_str(),
        "T22000129364081252010315"
    );
}

#[test]
fn german_passports() {
    let m = strict(
        "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4",
    );
    assert_eq!(
        all_pass(&m),
        [
            DocumentNumber,
            BirthDate,
            ExpiryDate,
            OptionalData,
            Composite
        ]
    );
    assert_eq!(m.document_number, "C01X00T47");
    assert_eq!(m.issuer.raw, "D<<");
    assert!(m.optional_data[0].filler_only);
    assert_eq!(m.expiry_date.as_ref().unwrap().date, date(2027, 2, 28));
    // The older specimen (PersoSim's default German profile).
    let m = strict(
        "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC11T002JM4D<<9608122F1310317<<<<<<<<<<<<<<<6",
    );
    all_pass(&m);
    assert_eq!(m.document_number, "C11T002JM");
    assert_eq!(m.birth_date.as_ref().unwrap().date, date(1996, 8, 12));
}

#[test]
fn german_residence_permits() {
    // Electronic residence permit (eAT, TD1, document code AR), in the layout of the
    // Mustermann specimen.
    let m = strict(
        "ARD<<Y000006745<<<<<<<<<<<<<<<\n6408125F3112319UTO<<<<<<<<<<<4\nMUSTERMANN<<ERIKA<<<<<<<<<<<<<",
    );
    assert_eq!(
        all_pass(&m),
        [DocumentNumber, BirthDate, ExpiryDate, Composite]
    );
    assert_eq!(m.document_code, "AR");
    assert_eq!(m.issuer.raw, "D<<");
    assert_eq!(m.nationality.as_ref().unwrap().code, "UTO");
    // A residence permit in the TD2 layout, from the BSI visible-digital-seal test data.
    let m = strict("ARD<<FOLKMANN<<JOSEF<<<<<<<<<<<<<<<<\n6525845096USA7008038M2201018<<<<<<06");
    assert_eq!(
        all_pass(&m),
        [DocumentNumber, BirthDate, ExpiryDate, Composite]
    );
    assert_eq!(m.layout, Layout::Td2);
    assert_eq!(m.optional_data[0].raw, "<<<<<<0");
}

#[test]
fn french_national_id_card() {
    for (text, number) in [
        (
            "IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<\n8806923102858CORINNE<<<<<<<6512068F6",
            "880692310285",
        ),
        (
            "IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<\n9409923102854CORINNE<<<<<<<6512068F4",
            "940992310285",
        ),
    ] {
        let m = strict(text);
        assert_eq!(all_pass(&m), [DocumentNumber, BirthDate, Composite]);
        assert_eq!(m.layout, Layout::FrenchId);
        assert_eq!(m.document_code, "ID");
        assert_eq!(m.issuer.code, "FRA");
        assert_eq!(m.document_number, number);
        assert_eq!(
            (m.names.primary.as_str(), m.names.secondary.as_str()),
            ("BERTHIER", "CORINNE")
        );
        assert_eq!(m.birth_date.as_ref().unwrap().date, date(1965, 12, 6));
        assert!(m.expiry_date.is_none() && m.nationality.is_none());
        assert_eq!(m.mrz_information(), Err(mrz::MrzError::NoExpiry));
    }
}

#[test]
fn one_line_as_in_dg1() {
    let m = strict(
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    );
    assert_eq!(m.layout, Layout::Td3);
    all_pass(&m);
}

#[test]
fn serializes_to_json() {
    let m = strict(
        "I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<",
    );
    let v = serde_json::to_value(&m).unwrap();
    assert_eq!(v["layout"], "TD1");
    assert_eq!(v["document_number"], "D23145890734");
    assert_eq!(v["birth_date"]["date"], "1934-07-12");
    assert_eq!(v["checks"][0]["kind"], "document_number");
    assert_eq!(v["checks"][0]["passed"], true);
    assert_eq!(v["sex"], "male");
    assert!(
        v.get("key_number").is_none(),
        "key material stays out of the JSON"
    );
}
