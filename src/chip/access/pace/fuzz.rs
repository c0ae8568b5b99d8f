//! The PACE fuzz property: the terminal against a hostile chip whose answers (MSE:Set AT and
//! the GENERAL AUTHENTICATE steps: nonce, mapping data, ephemeral key, token, CAM data) come
//! from the fuzzer never panics and never ends with a session.

use super::params::PaceChoice;
use super::{AccessKey, PacePassword};
use crate::chip::transport::replay::RecordedRandoms;
use crate::chip::{CardChannel, ChannelError, ChipSession};

/// The configurations the first input byte picks from: small groups, every mapping, both
/// key agreements, every cipher.
const CHOICES: [(&str, u64); 6] = [
    ("0.4.0.127.0.7.2.2.4.2.1", 8),  // ECDH GM 3DES, P-192
    ("0.4.0.127.0.7.2.2.4.4.2", 9),  // ECDH IM AES-128, brainpoolP192r1
    ("0.4.0.127.0.7.2.2.4.6.3", 12), // ECDH CAM AES-192, P-256
    ("0.4.0.127.0.7.2.2.4.2.4", 13), // ECDH GM AES-256, brainpoolP256r1
    ("0.4.0.127.0.7.2.2.4.1.2", 0),  // DH GM AES-128, 1024/160
    ("0.4.0.127.0.7.2.2.4.3.1", 0),  // DH IM 3DES, 1024/160
];

/// A chip that answers each command with the next fuzzer-chosen response: a 1-byte length,
/// then that many bytes (the response APDU with its status word).
struct Hostile<'a> {
    rest: &'a [u8],
}

impl CardChannel for Hostile<'_> {
    fn transmit(&mut self, _command: &[u8]) -> Result<Vec<u8>, ChannelError> {
        let (&len, tail) = self.rest.split_first().ok_or(ChannelError::CardRemoved)?;
        let n = usize::from(len).min(tail.len());
        let (resp, rest) = tail.split_at(n);
        self.rest = rest;
        Ok(resp.to_vec())
    }
}

/// Input: one byte choosing the configuration, one choosing MRZ or CAN and, for the CAN
/// case, `ChipSession::open` (EF.CardAccess read first) instead of `run_pace`; then the
/// chip's responses as length-prefixed chunks.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    let [which, how, responses @ ..] = data else {
        return;
    };
    let Some((oid, id)) = CHOICES.get(usize::from(*which) % CHOICES.len()) else {
        return;
    };
    let Ok(choice) = PaceChoice::standardized(oid, *id) else {
        return;
    };
    let mut rng = RecordedRandoms::new((0..=255u8).cycle().take(4096).collect());
    let channel = Hostile { rest: responses };
    match how % 3 {
        0 => {
            let password = PacePassword::Mrz(b"L898902C<369080619406236".to_vec());
            let r = ChipSession::new(channel).run_pace(&choice, &password, &mut rng);
            assert!(r.is_err(), "a hostile chip completed PACE");
        }
        1 => {
            let password = PacePassword::Can(b"123456".to_vec());
            let r = ChipSession::new(channel).run_pace(&choice, &password, &mut rng);
            assert!(r.is_err(), "a hostile chip completed PACE");
        }
        _ => {
            // The whole opening: EF.CardAccess from the chip too (no BAC fallback with a CAN).
            let r = ChipSession::open(channel, &AccessKey::Can(b"123456".to_vec()), &mut rng);
            assert!(r.is_err(), "a hostile chip opened a session");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chip::ChipError;
    use crate::chip::access::pace::PaceError;

    /// The committed seeds reach the last step: a chip that answers every step with valid
    /// data (the curve's generator as its keys) fails only at its token.
    #[test]
    fn a_well_formed_hostile_chip_fails_at_the_token() {
        let seed = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/pace/seed_0_0"),
        )
        .unwrap();
        let choice = PaceChoice::standardized(CHOICES[0].0, CHOICES[0].1).unwrap();
        let password = PacePassword::Mrz(b"L898902C<369080619406236".to_vec());
        let mut rng = RecordedRandoms::new((0..=255u8).cycle().take(4096).collect());
        let err = ChipSession::new(Hostile { rest: &seed[2..] })
            .run_pace(&choice, &password, &mut rng)
            .unwrap_err();
        assert_eq!(err, ChipError::Pace(PaceError::TokenMismatch));
        fuzz_check(&seed);
    }
}
