//! Passive authentication of the generated test PKI's documents (`testdata/pki`), as the
//! tests of the trust store and of the PKI run it: an EF.SOD over the test DG1 and DG2.
//! Included with `#[path]` beside `support/files.rs` (declared as `mod files`).
#![allow(dead_code)]

use crate::files::testdata;
use idverify::pki::{Check, PaInput, PassiveAuthentication, TrustStore, passive_authentication};

/// Passive authentication of the test file `sod` over the test file `dg1` and `dg2.bin`,
/// for issuing state `state`, against `store` at `time` (seconds since 1970).
pub fn pa_over_test_files(
    sod: &str,
    dg1: &str,
    store: &TrustStore,
    state: &str,
    time: i64,
) -> PassiveAuthentication {
    let sod = testdata(sod);
    let dg1 = testdata(dg1);
    let dg2 = testdata("dg2.bin");
    let dgs = [(1u8, dg1.as_slice()), (2, dg2.as_slice())];
    let input = PaInput {
        sod: &sod,
        data_groups: &dgs,
        refused: &[],
        time,
        issuing_state: Some(state),
    };
    passive_authentication(&input, store)
}

/// The check `id` of `r`; fails the test, listing every check, when there is none.
pub fn check<'a>(r: &'a PassiveAuthentication, id: &str) -> &'a Check {
    r.check(id)
        .unwrap_or_else(|| panic!("no check {id}: {:#?}", r.checks))
}
