//! The `cvc_chain` fuzz property: chains of arbitrary card-verifiable certificates checked
//! against the test PKI's CVCAs never panic and never verify unless every certificate is one
//! the test PKI signed (the fuzzer cannot sign), and a chain that verifies grants no right its
//! last certificate lacks.

use super::testing::{self, TestChain};
use super::{CvCertificate, Validity, verify_chain, verify_issued_by, verify_self_signed};
use std::sync::OnceLock;

/// The dates checked at: before, inside and after the test PKI's validity periods.
const DATES: [&str; 4] = ["2024-06-01", "2025-06-01", "2026-06-01", "2031-01-01"];

/// The test chains, in [`TestChain::ALL`] order.
fn chains() -> &'static [Vec<CvCertificate>] {
    static CHAINS: OnceLock<Vec<Vec<CvCertificate>>> = OnceLock::new();
    CHAINS.get_or_init(|| TestChain::ALL.iter().map(|c| c.build().0).collect())
}

/// Every certificate of the test PKI: the chains, the link certificate and the CVCAs.
fn genuine() -> &'static [CvCertificate] {
    static ALL: OnceLock<Vec<CvCertificate>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<CvCertificate> = chains().iter().flatten().cloned().collect();
        all.push(testing::link());
        for cvca in [testing::CVCA_IS, testing::CVCA_AT, testing::CVCA_FOREIGN] {
            all.push(testing::cvca(cvca));
        }
        all
    })
}

fn anchors() -> &'static [CvCertificate] {
    static ANCHORS: OnceLock<Vec<CvCertificate>> = OnceLock::new();
    ANCHORS.get_or_init(testing::chip_anchors)
}

/// Whether `cert`'s signed body is one the test PKI signed.
fn is_genuine(cert: &CvCertificate) -> bool {
    genuine().iter().any(|g| g.body_raw == cert.body_raw)
}

/// Input: one byte choosing how dates are checked (the desk's date or the chip's, and which
/// date); one choosing a test chain and how many of its certificates come first; then
/// certificates, each as a 2-byte big-endian length and that many bytes (those that do not
/// parse are left out).
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    let [how, prefix, rest @ ..] = data else {
        return;
    };
    let mut rest: &[u8] = rest;
    let date = testing::date(
        DATES
            .get(usize::from(how >> 1) % DATES.len())
            .copied()
            .unwrap_or(DATES[0]),
    );
    let validity = if how & 1 == 0 {
        Validity::At(date)
    } else {
        Validity::ChipDate(date)
    };
    let mut chain: Vec<CvCertificate> = chains()
        .get(usize::from(prefix % 8))
        .cloned()
        .unwrap_or_default();
    chain.truncate(usize::from(prefix >> 3) % 4);
    while let [hi, lo, tail @ ..] = rest {
        let n = (usize::from(*hi) << 8 | usize::from(*lo)).min(tail.len());
        let (der, tail) = tail.split_at(n);
        rest = tail;
        if let Ok(cert) = CvCertificate::parse(der) {
            if verify_self_signed(&cert).is_ok() {
                assert!(
                    is_genuine(&cert),
                    "a fuzzer-made CVCA verifies: {}",
                    cert.describe()
                );
            }
            chain.push(cert);
        }
    }
    for pair in chain.windows(2) {
        if let [issuer, cert] = pair
            && verify_issued_by(issuer, cert, Some(testing::CURVE)).is_ok()
        {
            assert!(
                is_genuine(cert),
                "a fuzzer-made certificate verifies: {}",
                cert.describe()
            );
        }
    }
    let Ok(check) = verify_chain(anchors(), &chain, validity) else {
        return;
    };
    for cert in &chain {
        assert!(
            is_genuine(cert),
            "a chain with {} verified",
            cert.describe()
        );
    }
    let Some(last) = chain.last() else {
        panic!("an empty chain verified");
    };
    assert_eq!(check.holder, last.body.chr);
    assert_eq!(check.effective.role, last.body.chat.role);
    if !last.is_cvca() {
        assert_eq!(
            check.effective.rights & !last.body.chat.rights,
            0,
            "the chain grants more than its last certificate"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A genuine chain given whole verifies (the property's positive side is reachable), and
    /// the same chain with one signature byte changed does not.
    #[test]
    fn a_genuine_chain_verifies_and_a_changed_one_does_not() {
        let mut input = vec![4, 0];
        let (chain, _) = TestChain::Valid.build();
        for c in &chain {
            let der = c.to_bytes();
            input.extend((der.len() as u16).to_be_bytes());
            input.extend(der);
        }
        fuzz_check(&input);
        let anchors = testing::chip_anchors();
        assert!(verify_chain(&anchors, &chain, Validity::At(testing::date(DATES[2]))).is_ok());
        let last = input.len() - 1;
        input[last] ^= 1;
        fuzz_check(&input);
    }

    #[test]
    fn the_seeds_hold() {
        for (name, seed) in seeds() {
            fuzz_check(&seed);
            crate::write_fuzz_seed("cvc_chain", &format!("seed_{name}"), &seed);
        }
    }

    /// The committed seeds: genuine chains given whole, from a prefix, through the link
    /// certificate, expired, and a DV followed by another chain's terminal.
    fn seeds() -> Vec<(String, Vec<u8>)> {
        let with = |how: u8, prefix: u8, certs: &[&CvCertificate]| {
            let mut out = vec![how, prefix];
            for c in certs {
                let der = c.to_bytes();
                out.extend((der.len() as u16).to_be_bytes());
                out.extend(der);
            }
            out
        };
        let valid = TestChain::Valid.build().0;
        let other = TestChain::NoBiometrics.build().0;
        vec![
            ("valid_whole".into(), with(4, 0, &[&valid[0], &valid[1]])),
            ("valid_prefix".into(), with(4, 2 << 3, &[])),
            ("via_link_chip_date".into(), with(5, 6 | 3 << 3, &[])),
            ("expired".into(), with(4, 4 | 2 << 3, &[])),
            (
                "dv_then_other_terminal".into(),
                with(4, 1 << 3, &[&other[1]]),
            ),
        ]
    }
}
