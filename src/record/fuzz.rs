//! The property of the `record_seal` fuzz target: any bytes as a record's seal are checked
//! without a panic, and a seal is valid only when a key the test seal CA certified signed
//! exactly the record's bytes. Test data only.

use super::check_seal;
use crate::pki::cert::Certificate;

/// The test seal CA (testdata/record/generate.sh).
const SEAL_CA: &[u8] = include_bytes!("../../testdata/record/seal_ca.der");

/// The record the fuzzed seals are checked against (the seeds seal exactly these bytes).
pub const RECORD: &[u8] = b"%PDF-1.7 record bytes the seal corpus was made over\n%%EOF\n";

/// Checks `data` as the seal of [`RECORD`] with the seal CA as the trust anchor, and of a
/// record one byte longer.
pub fn fuzz_check(data: &[u8]) {
    let Ok(ca) = Certificate::from_der(SEAL_CA) else {
        return;
    };
    let trust = [ca];
    if let Ok(check) = check_seal(RECORD, data, &trust) {
        if check.valid() {
            // Valid means: a signer, a signing time, an algorithm, all named.
            assert!(check.signer.is_some() && check.signing_time.is_some());
            assert!(check.algorithm.is_some());
        }
        let mut longer = RECORD.to_vec();
        longer.push(b'\n');
        let changed = check_seal(&longer, data, &trust);
        assert!(
            !changed.is_ok_and(|c| c.valid()),
            "a seal valid for two different records"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{seal, seal_algorithm};
    use crate::terminal::FileSigner;

    fn testdata(name: &str) -> Vec<u8> {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("testdata/record")
                .join(name),
        )
        .unwrap()
    }

    /// The corpus seeds: genuine seals of [`RECORD`] by the EC and the RSA test keys; each
    /// holds the property, and a truncated one is refused. `IDVERIFY_WRITE_FUZZ_SEEDS`
    /// rewrites them.
    #[test]
    fn seeds_are_valid_seals_and_hold_the_property() {
        for (name, key, cert) in [
            ("ec", "seal_ec.pk8", "seal_ec.der"),
            ("rsa", "seal_rsa.pk8", "seal_rsa.der"),
        ] {
            let cert = Certificate::from_der(&testdata(cert)).unwrap();
            let signer =
                FileSigner::from_pkcs8(&testdata(key), seal_algorithm(&cert).unwrap(), key)
                    .unwrap()
                    .with_rng(Box::new(rand_core::UnwrapErr(getrandom::SysRng)));
            let p7s = seal(RECORD, &cert.der, &signer, 1_800_014_400).unwrap();
            let ca = [Certificate::from_der(SEAL_CA).unwrap()];
            assert!(check_seal(RECORD, &p7s, &ca).unwrap().valid());
            fuzz_check(&p7s);
            fuzz_check(&p7s[..p7s.len() - 7]);
            crate::write_fuzz_seed("record_seal", &format!("seed_{name}"), &p7s);
        }
    }
}
