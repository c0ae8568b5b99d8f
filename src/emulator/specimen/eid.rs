//! The eID application of the German ID card specimen (the public Mustermann specimen):
//! data groups 1–11, 13, 17 and 18 encoded as BSI TR-03110-4's ASN.1 appendix gives them.

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
            EidValue::Raw(vec![0x04, 0x07, 0x02, 0x76, 0x05, 0x31, 0x50, 0x00, 0x00]),
        ),
    ];
    groups
        .into_iter()
        .map(|(number, value)| (number, EidDg { number, value }.encode()))
        .collect()
}
