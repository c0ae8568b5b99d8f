//! The software chip's side of Active Authentication (RSA with ISO/IEC 9796-2 scheme 1, or
//! ECDSA) and Chip Authentication v1 (ECDH or DH, MSE:Set KAT or MSE:Set AT + GENERAL
//! AUTHENTICATE) or v2 (after Terminal Authentication v2, answering nonce and token), with a
//! cloned mode: the same files, but private keys that do not match them.

pub(crate) mod ta;

use crate::chip::StatusWord;
use crate::chip::auth::ca::group::CaGroup;
use crate::chip::auth::ca::v2::{session_keys, token};
use crate::chip::auth::ta::compress;
use crate::chip::transport::sm::{SessionKeys, Ssc};
use crate::crypto::curves::NamedCurve;
use crate::crypto::ecdsa_sign::EcdsaPrivateKey;
use crate::crypto::hash::HashAlgorithm;
use crate::crypto::iso9796_2::Iso9796Signer;
use crate::crypto::symmetric::Cipher;
use crate::emulator::rng::Generator;
use crate::emulator::transport::sm::ChipSm;
use crate::tlv;
use std::convert::Infallible;
use zeroize::Zeroizing;

/// The chip's authentication keys and the CA state between MSE and GENERAL AUTHENTICATE.
#[derive(Debug, Default)]
pub(crate) struct ChipAuth {
    /// The CA key: group, private key, the cipher its protocol uses.
    pub(crate) ca: Option<(CaGroup, Zeroizing<Vec<u8>>, Cipher)>,
    /// The AA key.
    pub(crate) aa: Option<AaKey>,
    /// Cloned: answer with a private key that does not match the files.
    pub(crate) cloned: bool,
    /// Chip Authentication version 2 only (BSI TR-03110-3 §B.3): GENERAL AUTHENTICATE
    /// answers only after TA version 2, with the key TA committed to.
    pub(crate) version2: bool,
    /// The protocol OID (content octets) of the accepted MSE:Set AT.
    at_set: Option<Vec<u8>>,
}

/// The chip's Active Authentication key (its public half belongs in DG15).
#[derive(Debug)]
pub(crate) enum AaKey {
    /// RSA, signing with ISO/IEC 9796-2 scheme 1 and this hash (SHA-1 with trailer BC, SHA-2
    /// with the explicit trailer).
    Rsa(Box<Iso9796Signer>, HashAlgorithm),
    /// ECDSA on `curve` over the hash DG14's ActiveAuthenticationInfo names, plain r‖s.
    Ecdsa {
        /// The curve.
        curve: NamedCurve,
        /// The private scalar.
        private: Zeroizing<Vec<u8>>,
        /// The hash.
        hash: HashAlgorithm,
    },
}

/// The chip's RNG as a `rand_core` RNG (RSA blinding).
struct GenRng<'a>(&'a mut Generator);

impl rand_core::TryRng for GenRng<'_> {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.0.fill(&mut b);
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.0.fill(&mut b);
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.0.fill(dst);
        Ok(())
    }
}

impl rand_core::TryCryptoRng for GenRng<'_> {}

impl ChipAuth {
    /// INTERNAL AUTHENTICATE (ICAO 9303-11 §6.1): signs M1 ‖ challenge (RSA) or the challenge
    /// (ECDSA, ICAO 9303-11 §6.1.2; BSI TR-03111 §5.2.1 plain format).
    pub(crate) fn internal_authenticate(
        &self,
        challenge: &[u8],
        rng: &mut Generator,
    ) -> Result<Vec<u8>, StatusWord> {
        let key = self.aa.as_ref().ok_or(StatusWord::INS_NOT_SUPPORTED)?;
        if challenge.len() != 8 {
            return Err(StatusWord::WRONG_LENGTH);
        }
        let (signer, hash) = match key {
            AaKey::Rsa(signer, hash) => (signer, hash),
            AaKey::Ecdsa {
                curve,
                private,
                hash,
            } => {
                let mut private = private.clone();
                if self.cloned {
                    // A copy cannot sign with the key DG15 publishes: it signs with another.
                    flip_last_bit(&mut private);
                }
                return EcdsaPrivateKey::from_scalar(*curve, &private)
                    .and_then(|key| key.sign_digest(&hash.digest(challenge)))
                    .map_err(|_| StatusWord(0x6F00));
            }
        };
        let mut m1 = [0u8; 32];
        rng.fill(&mut m1);
        let mut rng = GenRng(rng);
        let mut challenge = challenge.to_vec();
        if self.cloned {
            // A copy cannot sign: it answers with a signature over something else.
            challenge.iter_mut().for_each(|b| *b ^= 0x5A);
        }
        signer
            .sign(
                &mut rng,
                *hash,
                *hash != HashAlgorithm::Sha1,
                &m1,
                &challenge,
            )
            .map_err(|_| StatusWord(0x6F00))
    }

    /// MSE:Set AT for CA (P1P2 41A4).
    pub(crate) fn set_at(&mut self, data: &[u8]) -> StatusWord {
        if self.ca.is_none() {
            return StatusWord(0x6A88);
        }
        match tlv::parse_one(data) {
            Ok((t, _)) if t.tag == 0x80 => {
                self.at_set = Some(t.value.to_vec());
                StatusWord::SUCCESS
            }
            _ => StatusWord(0x6A80),
        }
    }

    /// The shared secret with the terminal's ephemeral key, and the cipher (a clone uses
    /// another private key than the one DG14 / EF.CardSecurity publishes).
    fn shared(&self, ephemeral: &[u8]) -> Result<(Zeroizing<Vec<u8>>, Cipher), StatusWord> {
        let (group, private, cipher) = self.ca.as_ref().ok_or(StatusWord(0x6A88))?;
        let mut private = private.clone();
        if self.cloned {
            flip_last_bit(&mut private);
        }
        let shared = group
            .shared_secret(&private, ephemeral)
            .map_err(|_| StatusWord(0x6A80))?;
        Ok((shared, *cipher))
    }

    /// The new session once the terminal's ephemeral key arrived (KAT or GA): KDF over the
    /// shared x, SSC 0 (ICAO 9303-11 §6.2).
    pub(crate) fn agree(&self, ephemeral: &[u8]) -> Result<ChipSm, StatusWord> {
        let (shared, cipher) = self.shared(ephemeral)?;
        let keys = SessionKeys::derive(cipher, &shared);
        Ok(ChipSm::new(keys, Ssc::zero(cipher.block_len())))
    }

    /// MSE:Set KAT (41A6) with DO'91' (version 1 only).
    pub(crate) fn set_kat(&mut self, data: &[u8]) -> Result<ChipSm, StatusWord> {
        if self.version2 {
            return Err(StatusWord(0x6A86));
        }
        match tlv::parse_one(data) {
            Ok((t, _)) if t.tag == 0x91 => self.agree(t.value),
            _ => Err(StatusWord(0x6A80)),
        }
    }

    /// GENERAL AUTHENTICATE with 7C { 80 key } after MSE:Set AT. Version 1 answers 7C 00;
    /// version 2 needs `commitment`, Comp(PK_PCD) of a successful TA version 2 in this
    /// session (else 6982), the key matching it (else 6A80), and answers 7C { 81 r, 82 T }
    /// with the keys from KDF(K, r) (BSI TR-03110-3 §B.3, §B.11.2).
    pub(crate) fn general_authenticate(
        &mut self,
        data: &[u8],
        commitment: Option<&[u8]>,
        rng: &mut Generator,
    ) -> Result<(Vec<u8>, ChipSm), StatusWord> {
        let Some(oid) = self.at_set.take() else {
            return Err(StatusWord(0x6985));
        };
        let outer = tlv::parse_one(data).map_err(|_| StatusWord(0x6A80))?.0;
        let inner = tlv::parse_one(outer.value)
            .map_err(|_| StatusWord(0x6A80))?
            .0;
        if outer.tag != 0x7C || inner.tag != 0x80 {
            return Err(StatusWord(0x6A80));
        }
        let ephemeral = inner.value;
        if !self.version2 {
            return Ok((tlv::tlv(0x7C, &[]), self.agree(ephemeral)?));
        }
        let commitment = commitment.ok_or(StatusWord(0x6982))?;
        if compress(ephemeral) != commitment {
            return Err(StatusWord(0x6A80));
        }
        let (shared, cipher) = self.shared(ephemeral)?;
        let mut nonce = [0u8; 8];
        rng.fill(&mut nonce);
        let keys = session_keys(cipher, &shared, &nonce);
        let group = self
            .ca
            .as_ref()
            .map(|(g, _, _)| g)
            .ok_or(StatusWord(0x6A88))?;
        let t = token(&oid, group, &keys, ephemeral).map_err(|_| StatusWord(0x6F00))?;
        let mut answer = tlv::tlv(0x81, &nonce);
        answer.extend(tlv::tlv(0x82, &t));
        Ok((
            tlv::tlv(0x7C, &answer),
            ChipSm::new(keys, Ssc::zero(cipher.block_len())),
        ))
    }
}

/// A different private key of the same length (a clone's key): the lowest bit flipped.
fn flip_last_bit(private: &mut [u8]) {
    if let Some(b) = private.last_mut() {
        *b ^= 0x01;
    }
}
