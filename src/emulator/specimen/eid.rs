//! The eID applications of the German ID card specimen (the public Mustermann specimen) and
//! of the residence permit specimen, encoded as BSI TR-03110-4's ASN.1 appendix gives them.

use crate::lds::{EidDg, EidPlace, EidValue};
use std::collections::BTreeMap;

/// The specimen's address (eID DG17), a structured `Place`.
pub fn id_card_address() -> EidPlace {
    EidPlace::Structured {
        street: Some("HEIDESTRASSE 17".into()),
        city: Some("KÖLN".into()),
        state: None,
        country: Some("D".into()),
        zipcode: Some("51147".into()),
    }
}

/// The ID card specimen's eID data groups by number, as files; the same person as its
/// MRZ (MUSTERMANN, ERIKA, born 1964-08-12 in BERLIN, document expiring 2031-07-31).
pub fn id_card_eid_files() -> BTreeMap<u8, Vec<u8>> {
    let text = |s: &str| EidValue::Text(s.into());
    let date = |s: &str| EidValue::Date(s.into());
    let groups = [
        (1, text("ID")),
        (2, text("D")),
        (3, date("20310731")),
        (4, text("ERIKA")),
        (5, text("MUSTERMANN")),
        (6, text("")),
        (7, text("")),
        (8, date("19640812")),
        (
            9,
            EidValue::Places(vec![EidPlace::Freetext("BERLIN".into())]),
        ),
        (10, text("D")),
        (11, text("F")),
        (13, text("GABLER")),
        (17, EidValue::Places(vec![id_card_address()])),
        // CommunityID: an OCTET STRING, country 0276 then the municipality key of Köln
        // (05315000) in BCD.
        (
            18,
            EidValue::Octets(vec![0x02, 0x76, 0x05, 0x31, 0x50, 0x00, 0x00]),
        ),
    ];
    encode(groups)
}

/// The residence permit's auxiliary condition (eID DG19, stored plain).
pub const RESIDENCE_PERMIT_NOTE_I: &str = "Erwerbstätigkeit gestattet.";

/// Its second text (eID DG20, stored DEFLATE-compressed as `Text`'s `[2]` choice allows).
pub const RESIDENCE_PERMIT_NOTE_II: &str =
    "Wohnsitznahme beschränkt auf das Land Berlin. Gilt nur in Verbindung mit dem Nationalpass.";

/// The residence permit specimen's eID data groups, the same person as its MRZ (SPECIMEN,
/// JOHN PAUL of Utopia, born 1988-11-30, permit expiring 2029-06-30), with both
/// residence-permit texts (DG19 plain, DG20 compressed).
pub fn residence_permit_eid_files() -> BTreeMap<u8, Vec<u8>> {
    let text = |s: &str| EidValue::Text(s.into());
    let date = |s: &str| EidValue::Date(s.into());
    let groups = [
        (1, text("AR")),
        (2, text("D")),
        (3, date("20290630")),
        (4, text("JOHN PAUL")),
        (5, text("SPECIMEN")),
        (8, date("19881130")),
        (
            9,
            EidValue::Places(vec![EidPlace::Freetext("ZENITH, UTOPIA".into())]),
        ),
        (10, text("UTO")),
        (11, text("M")),
        (15, date("20250115")),
        (
            17,
            EidValue::Places(vec![EidPlace::Structured {
                street: Some("MUSTERWEG 4".into()),
                city: Some("BERLIN".into()),
                state: None,
                country: Some("D".into()),
                zipcode: Some("10115".into()),
            }]),
        ),
        // Country 0276, municipality key of Berlin (11000000) in BCD.
        (
            18,
            EidValue::Octets(vec![0x02, 0x76, 0x11, 0x00, 0x00, 0x00]),
        ),
        (19, text(RESIDENCE_PERMIT_NOTE_I)),
    ];
    let mut files = encode(groups);
    // DG20 ResidencePermitII, stored with `Text`'s compressed choice.
    let dg20 = EidDg {
        number: 20,
        value: EidValue::Text(RESIDENCE_PERMIT_NOTE_II.into()),
    };
    if let Some(bytes) = dg20.encode_compressed() {
        files.insert(20, bytes);
    }
    files
}

fn encode<const N: usize>(groups: [(u8, EidValue); N]) -> BTreeMap<u8, Vec<u8>> {
    groups
        .into_iter()
        .map(|(number, value)| (number, EidDg { number, value }.encode()))
        .collect()
}
