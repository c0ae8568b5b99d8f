//! The `verifier` fuzz property: the whole [`Verifier`] with the test PKI's trust store over
//! an arbitrary [`DocumentInput`] never panics, and its verdict is `genuine` only when passive
//! authentication really passed (`pa.sod_signature`, `pa.dsc_chain` and `pa.dg_hashes`), DG1
//! was given, the chip proved itself wherever EF.SOD lists DG14/DG15, and only thanks to the
//! trust store: the same input without trust anchors is never genuine.

use super::{
    AccessProtocol, CheckTime, ChipRead, DocumentInput, ProtocolOutcome, RuleId, Status,
    TerminalAuthInput, Verdict, Verifier, VerifierConfig,
};
use crate::chip::FileId;
use crate::pki::TrustStore;
use std::sync::OnceLock;

/// 2026-01-01T00:00:00Z, when the specimen passport is valid.
const TIME: i64 = 1_767_225_600;

/// The record tag of the optical MRZ text.
pub(crate) const MRZ_TAG: u8 = 0xFF;

fn outcome(bits: u8) -> Option<ProtocolOutcome> {
    match bits & 3 {
        0 => None,
        1 => Some(ProtocolOutcome::Passed {
            detail: "stated".into(),
        }),
        2 => Some(ProtocolOutcome::Failed {
            reason: "stated".into(),
        }),
        _ => Some(ProtocolOutcome::Unsupported {
            reason: "stated".into(),
        }),
    }
}

/// The document an input describes: one flags byte stating the protocol outcomes (two bits
/// each for AA, CA and TA: none, passed, failed, unsupported; bit 6 a live BAC read), then
/// records of one tag byte, a 2-byte big-endian length and the bytes: tag 0xFF the optical
/// MRZ, any other the file `FileId::ALL[tag % 20]`.
pub fn input(data: &[u8]) -> Option<DocumentInput> {
    let (&flags, mut rest) = data.split_first()?;
    let mut input = DocumentInput {
        active_authentication: outcome(flags),
        chip_authentication: outcome(flags >> 2),
        terminal_authentication: outcome(flags >> 4).map(|outcome| TerminalAuthInput {
            outcome,
            terminal: None,
            cvca: None,
            rights: Vec::new(),
            refused: Vec::new(),
        }),
        ..DocumentInput::default()
    };
    if flags & 0x40 != 0 {
        input.chip = Some(ChipRead {
            reader: None,
            access: Some((
                AccessProtocol::Bac,
                ProtocolOutcome::Passed {
                    detail: "stated".into(),
                },
            )),
            access_apdus: 0,
            access_millis: 0,
            files: Vec::new(),
            not_readable: Vec::new(),
            apdus: 0,
            bytes_sent: 0,
            bytes_received: 0,
            millis: 0,
        });
    }
    while let [tag, hi, lo, tail @ ..] = rest {
        let n = (usize::from(*hi) << 8 | usize::from(*lo)).min(tail.len());
        let (bytes, tail) = tail.split_at(n);
        rest = tail;
        if *tag == MRZ_TAG {
            input.optical_mrz = Some(String::from_utf8_lossy(bytes).into_owned());
        } else if let Some(&file) = FileId::ALL.get(usize::from(*tag) % FileId::ALL.len()) {
            input.files.insert(file, bytes.to_vec());
        }
    }
    Some(input)
}

/// Input: see [`input`].
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    static VERIFIER: OnceLock<Verifier> = OnceLock::new();
    let Some(input) = input(data) else {
        return;
    };
    let verifier = VERIFIER.get_or_init(|| {
        Verifier::new(
            crate::emulator::test_pki::trust_store(),
            VerifierConfig::default(),
        )
    });
    let time = CheckTime::from_unix(TIME);
    let report = verifier.verify(&input, time);
    assert!(!report.to_json().is_empty());
    if report.verdict != Verdict::Genuine {
        return;
    }
    for id in [
        RuleId::PaSodSignature,
        RuleId::PaDscChain,
        RuleId::PaDgHashes,
    ] {
        assert_eq!(
            report.check(id).map(|c| c.status),
            Some(Status::Passed),
            "genuine without {}",
            id.as_str()
        );
    }
    assert!(
        input.files.contains_key(&FileId::Dg1),
        "genuine without DG1"
    );
    let lists = |n: u8| {
        report
            .check(RuleId::PaDgHashes)
            .is_some_and(|c| c.evidence.contains_key(&format!("dg.{n}")))
    };
    for (n, id, stated) in [
        (
            14,
            RuleId::ChipChipAuthentication,
            &input.chip_authentication,
        ),
        (
            15,
            RuleId::ChipActiveAuthentication,
            &input.active_authentication,
        ),
    ] {
        if lists(n) {
            assert!(
                matches!(stated, Some(ProtocolOutcome::Passed { .. })),
                "genuine with DG{n} but without {id}"
            );
        }
    }
    let untrusted = Verifier::new(TrustStore::new(), VerifierConfig::default());
    assert_ne!(
        untrusted.verify(&input, time).verdict,
        Verdict::Genuine,
        "genuine without any trust anchor"
    );
}

/// Encodes `input`'s files and optical MRZ in the fuzz input format, with the flags byte
/// stating active and chip authentication as `input` does when they passed.
#[cfg(test)]
pub(crate) fn encode(input: &DocumentInput) -> Vec<u8> {
    let passed =
        |o: &Option<ProtocolOutcome>| u8::from(matches!(o, Some(ProtocolOutcome::Passed { .. })));
    let mut out =
        vec![passed(&input.active_authentication) | passed(&input.chip_authentication) << 2];
    let mut record = |tag: u8, bytes: &[u8]| {
        let n = bytes.len().min(0xFFFF);
        out.push(tag);
        out.extend((n as u16).to_be_bytes());
        out.extend_from_slice(bytes.get(..n).unwrap_or_default());
    };
    if let Some(mrz) = &input.optical_mrz {
        record(MRZ_TAG, mrz.as_bytes());
    }
    for (file, bytes) in &input.files {
        if let Some(tag) = FileId::ALL.iter().position(|f| f == file) {
            record(tag as u8, bytes);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::demo::specimen_passport;

    fn specimen() -> Vec<u8> {
        let (specimen, files) = specimen_passport();
        let mut input = DocumentInput::from_files(files).with_optical_mrz(&specimen.dg1.mrz_text());
        // As a reader that ran both would state them: EF.SOD lists DG14 and DG15.
        let passed = || ProtocolOutcome::Passed {
            detail: "stated".into(),
        };
        input.chip_authentication = Some(passed());
        input.active_authentication = Some(passed());
        encode(&input)
    }

    /// The seed is the specimen passport as the fuzz input encodes it: genuine, so the
    /// property's guarded side runs. `IDVERIFY_WRITE_FUZZ_SEEDS=1` writes it to the corpus.
    #[test]
    fn the_specimen_passport_seed_is_genuine() {
        let seed = specimen();
        let input = input(&seed).unwrap();
        let verifier = Verifier::new(
            crate::emulator::test_pki::trust_store(),
            VerifierConfig::default(),
        );
        assert_eq!(
            verifier.verify(&input, CheckTime::from_unix(TIME)).verdict,
            Verdict::Genuine
        );
        fuzz_check(&seed);
        crate::write_fuzz_seed("verifier", "specimen_passport", &seed);
        let mut damaged = seed.clone();
        let last = damaged.len() - 1;
        damaged[last] ^= 0x55;
        fuzz_check(&damaged);
    }
}
