//! The PACE command flow (ICAO 9303-11 §4.4.4 and §9.7.x; BSI TR-03110-3 §B.1 and §D.3):
//! MSE:Set AT (retried in the other form on 6A80/6700), four GENERAL AUTHENTICATE steps
//! chained with CLA 10, the token check, and secure messaging started with SSC 0.

use super::PaceError;
use super::keys::{self, PacePassword};
use super::params::{Mapping, PaceChoice, PaceProtocol};
use crate::chip::transport::apdu::{CommandApdu, ResponseApdu};
use crate::chip::transport::sm::{SecureMessaging, Ssc};
use crate::chip::{CardChannel, ChipError, ChipSession, StatusWord};
use crate::crypto::agreement::{Group, random_private_rng as random_private};
use crate::tlv;
use rand_core::CryptoRng;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// What a successful PACE run established, beyond the secure-messaging keys it installed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PaceOutcome {
    /// The PACEInfo that was used.
    pub choice: PaceChoice,
    /// The chip's mapping public key (for the Chip Authentication Mapping check).
    #[serde(skip)]
    pub chip_mapping_public: Vec<u8>,
    /// The chip's ephemeral public key PK_IC (ICAO 9303-11 §4.4.3.4), also the identifier
    /// ID_PICC for later protocols.
    #[serde(skip)]
    pub chip_ephemeral_public: Vec<u8>,
    /// CA_IC decrypted from the chip's authentication data, when the mapping was CAM.
    #[serde(skip)]
    pub ca_data: Option<Vec<u8>>,
    /// The retry counter when the chip reported one (63Cx) on a successful run.
    pub retries_left: Option<u8>,
    /// The CAM check against EF.CardSecurity, when [`ChipSession::open`] ran CAM.
    #[serde(skip)]
    pub cam: Option<super::cam_check::CamCheck>,
    /// The CVCAs the chip named in its last answer (BSI TR-03110-3 §B.1 and §D.3: DO'87' the
    /// most recent certification authority reference, then DO'88' the previous one), for
    /// choosing the Terminal Authentication chain; empty when the chip named none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cvca_references: Vec<String>,
    /// EF.CardAccess's SecurityInfos, when [`ChipSession::open`] read them to choose PACE
    /// (its ChipAuthenticationDomainParameterInfo gives Terminal Authentication's key domain
    /// when EF.CardSecurity cannot).
    #[serde(skip)]
    pub card_access: Option<crate::lds::SecurityInfos>,
}

impl PaceOutcome {
    /// The Chip Authentication Mapping check (ICAO 9303-11 §4.4.3.5.2): whether the chip's
    /// mapping key equals CA_IC · PK_IC for its static CA public key `chip_static_public`
    /// (from EF.CardSecurity, the key with the PACEInfo's parameter id). `None` when the run
    /// was not CAM.
    pub fn verify_chip_authentication(
        &self,
        chip_static_public: &[u8],
    ) -> Option<Result<bool, PaceError>> {
        let ca = self.ca_data.as_ref()?;
        Some(self.choice.parameters.group().and_then(|g| {
            keys::cam_holds(
                g.as_ref(),
                &self.chip_mapping_public,
                ca,
                chip_static_public,
            )
        }))
    }
}

/// GENERAL AUTHENTICATE (ISO/IEC 7816-4 §11.5.5; ICAO 9303-11 §4.4.4.2): dynamic
/// authentication data 7C in, whatever the chip answers (Ne maximal: a DH group 2 key is
/// 264 bytes of answer to a 264-byte, hence extended, command); CLA 10 while more steps
/// follow.
fn general_authenticate(last: bool, inner: &[u8]) -> CommandApdu {
    CommandApdu::new(if last { 0x00 } else { 0x10 }, 0x86, 0x00, 0x00)
        .with_data(tlv::tlv(0x7C, inner))
        .with_max_le()
}

/// MSE:Set AT for PACE (ICAO 9303-11 §4.4.4.1): 80 OID, 83 password reference, 84 parameter
/// id when given.
fn mse_set_at(
    protocol: &PaceProtocol,
    password: &PacePassword,
    parameter_id: Option<u64>,
    le: bool,
) -> CommandApdu {
    let mut data = tlv::tlv(0x80, &protocol.oid_bytes());
    data.extend(tlv::tlv(0x83, &[password.reference()]));
    if let Some(id) = parameter_id {
        data.extend(tlv::tlv(0x84, &crate::lds::der::uint_bytes(id)));
    }
    let cmd = CommandApdu::new(0x00, 0x22, 0xC1, 0xA4).with_data(data);
    if le { cmd.with_max_le() } else { cmd }
}

/// The value of `tag` inside the 7C object of a GENERAL AUTHENTICATE response.
fn dynamic_data(resp: &ResponseApdu, tag: u32, step: &str) -> Result<Vec<u8>, PaceError> {
    let (outer, _) = tlv::parse_one(&resp.data)
        .map_err(|_| PaceError::Protocol(format!("{step}: no dynamic authentication data")))?;
    if outer.tag != 0x7C {
        return Err(PaceError::Protocol(format!("{step}: no 7C object")));
    }
    outer
        .find(tag)
        .map(|t| t.value.to_vec())
        .ok_or_else(|| PaceError::Protocol(format!("{step}: no tag {tag:02X}")))
}

/// The certification authority references in the last GENERAL AUTHENTICATE answer (BSI
/// TR-03110-3 §D.3, ISO 8859-1 text): DO'87' (most recent), then DO'88' (previous), each
/// when present and not empty.
fn cvca_references(resp: &ResponseApdu) -> Vec<String> {
    [0x87, 0x88]
        .into_iter()
        .filter_map(|tag| dynamic_data(resp, tag, "CAR").ok())
        .filter(|car| !car.is_empty())
        .map(|car| car.iter().map(|&b| char::from(b)).collect())
        .collect()
}

impl<C: CardChannel> ChipSession<C> {
    /// Runs PACE with `choice` and `password`; on success secure messaging is on with the
    /// new keys and SSC 0. A refused password is [`ChipError::WrongAccessKey`].
    pub fn run_pace<R: CryptoRng + ?Sized>(
        &mut self,
        choice: &PaceChoice,
        password: &PacePassword,
        rng: &mut R,
    ) -> Result<PaceOutcome, ChipError> {
        if !super::params::mapping_defined(&choice.protocol, choice.parameters) {
            return Err(ChipError::Pace(PaceError::Unsupported(format!(
                "{} on domain parameters {:?}",
                choice.protocol.oid, choice.parameters
            ))));
        }
        self.clear_secure_messaging();
        let group = choice.parameters.group().map_err(pace)?;
        let cipher = choice.protocol.cipher;
        let k_pi = password.key(cipher);

        let mut retries_left = self.pace_mse_set_at(choice, password)?;

        // Step 1: the encrypted nonce (ICAO 9303-11 §4.4.4.2, tag 80).
        let r = self.pace_step(false, &[], "GENERAL AUTHENTICATE (nonce)", password)?;
        let z = dynamic_data(&r, 0x80, "encrypted nonce").map_err(pace)?;
        let s = keys::decrypt_nonce(cipher, &k_pi, &z).map_err(pace)?;

        // Step 2: the mapping. Every secret here (s, the private keys, H, the mapped
        // generator, R(s, t), the shared secret K and the keys) is wiped when dropped.
        let (generator, chip_mapping_public) = match choice.protocol.mapping {
            Mapping::Generic | Mapping::ChipAuthentication => {
                let sk = random_private(group.as_ref(), rng).map_err(pace)?;
                let pk = group.mul(&group.generator(), &sk).map_err(pace)?;
                let r = self.pace_step(
                    false,
                    &tlv::tlv(0x81, &pk),
                    "GENERAL AUTHENTICATE (mapping)",
                    password,
                )?;
                let chip_pk = dynamic_data(&r, 0x82, "mapping").map_err(pace)?;
                group.check_public(&chip_pk).map_err(pace)?;
                if bool::from(chip_pk.as_slice().ct_eq(&pk)) {
                    return Err(ChipError::Pace(PaceError::BadPublicKey(
                        "the chip echoed the terminal's mapping key",
                    )));
                }
                let h = Zeroizing::new(group.mul(&chip_pk, &sk).map_err(pace)?);
                let g = Zeroizing::new(group.map_generic(&s, &h).map_err(pace)?);
                (g, chip_pk)
            }
            Mapping::Integrated => {
                let mut t = Zeroizing::new(vec![0u8; cipher.key_len()]);
                rng.fill_bytes(&mut t);
                self.pace_step(
                    false,
                    &tlv::tlv(0x81, &t),
                    "GENERAL AUTHENTICATE (mapping)",
                    password,
                )?;
                let r = keys::pseudo_random(cipher, &s, &t, group.modulus_bits()).map_err(pace)?;
                let g = Zeroizing::new(group.map_integrated(&r).map_err(pace)?);
                (g, Vec::new())
            }
        };

        // Step 3: key agreement on the mapped generator.
        let (keys, terminal_pk, chip_pk) =
            self.pace_agree(group.as_ref(), &generator, choice, password, rng)?;

        // Step 4: mutual authentication with the tokens over the other side's key.
        let oid = choice.protocol.oid_bytes();
        let tag = group.public_tag();
        let t_pcd =
            keys::token(&keys, &keys::public_key_object(&oid, tag, &chip_pk)).map_err(pace)?;
        let cmd = general_authenticate(true, &tlv::tlv(0x85, &t_pcd));
        let r = self.exchange(&cmd)?;
        if !r.sw.is_success() {
            // The chip refuses the terminal's token only when K_π differed: a wrong password.
            return Err(wrong_key_or_status(
                r.sw,
                password,
                "GENERAL AUTHENTICATE (token)",
            ));
        }
        let t_ic = dynamic_data(&r, 0x86, "token").map_err(pace)?;
        let expected =
            keys::token(&keys, &keys::public_key_object(&oid, tag, &terminal_pk)).map_err(pace)?;
        if !bool::from(expected.as_slice().ct_eq(&t_ic)) {
            return Err(ChipError::Pace(PaceError::TokenMismatch));
        }
        let ca_data = if choice.protocol.mapping == Mapping::ChipAuthentication {
            let a_ic = dynamic_data(&r, 0x8A, "chip authentication data").map_err(pace)?;
            Some(keys::decrypt_ca_data(&keys, &a_ic).map_err(pace)?.to_vec())
        } else {
            None
        };
        if retries_left.is_none() {
            retries_left = r.sw.retries_left();
        }
        let sm = SecureMessaging::new(keys, Ssc::zero(cipher.block_len()))?;
        self.install_secure_messaging(sm);
        Ok(PaceOutcome {
            choice: choice.clone(),
            chip_mapping_public,
            chip_ephemeral_public: chip_pk,
            ca_data,
            retries_left,
            cam: None,
            cvca_references: cvca_references(&r),
            card_access: None,
        })
    }

    /// MSE:Set AT, in the forms real chips accept: with the parameter id and without Le first,
    /// then with Le, then without the parameter id; the next form only on 6A80 or 6700.
    fn pace_mse_set_at(
        &mut self,
        choice: &PaceChoice,
        password: &PacePassword,
    ) -> Result<Option<u8>, ChipError> {
        let mut forms = vec![(choice.parameter_id, false), (choice.parameter_id, true)];
        if choice.parameter_id.is_some() {
            forms.extend([(None, false), (None, true)]);
        }
        let mut last = StatusWord::new(0x6A, 0x80);
        for (id, le) in forms {
            let cmd = mse_set_at(&choice.protocol, password, id, le);
            let r = self.exchange(&cmd)?;
            if r.sw.is_success() {
                return Ok(None);
            }
            if let Some(n) = r.sw.retries_left() {
                // 63Cx: accepted, with the password's retry counter (BSI TR-03110-3 §B.3.2).
                return Ok(Some(n));
            }
            last = r.sw;
            if !(r.sw == StatusWord::new(0x6A, 0x80) || r.sw == StatusWord::new(0x67, 0x00)) {
                break;
            }
        }
        Err(ChipError::Status {
            command: "MSE:Set AT (PACE)".into(),
            sw: last,
        })
    }

    fn pace_step(
        &mut self,
        last: bool,
        inner: &[u8],
        what: &str,
        password: &PacePassword,
    ) -> Result<ResponseApdu, ChipError> {
        let r = self.exchange(&general_authenticate(last, inner))?;
        if r.sw.is_success() {
            Ok(r)
        } else {
            Err(wrong_key_or_status(r.sw, password, what))
        }
    }

    fn pace_agree<R: CryptoRng + ?Sized>(
        &mut self,
        group: &dyn Group,
        generator: &[u8],
        choice: &PaceChoice,
        password: &PacePassword,
        rng: &mut R,
    ) -> Result<(crate::chip::transport::sm::SessionKeys, Vec<u8>, Vec<u8>), ChipError> {
        let sk = random_private(group, rng).map_err(pace)?;
        let pk = group.mul(generator, &sk).map_err(pace)?;
        let r = self.pace_step(
            false,
            &tlv::tlv(0x83, &pk),
            "GENERAL AUTHENTICATE (key agreement)",
            password,
        )?;
        let chip_pk = dynamic_data(&r, 0x84, "key agreement").map_err(pace)?;
        group.check_public(&chip_pk).map_err(pace)?;
        if bool::from(chip_pk.as_slice().ct_eq(&pk)) {
            return Err(ChipError::Pace(PaceError::BadPublicKey(
                "the chip echoed the terminal's ephemeral key",
            )));
        }
        let shared = Zeroizing::new(group.mul(&chip_pk, &sk).map_err(pace)?);
        let k = Zeroizing::new(group.shared_secret(&shared));
        Ok((keys::session_keys(choice.protocol.cipher, &k), pk, chip_pk))
    }
}

/// A refused step: 63Cx, 6300 or 6982 mean the password was wrong; anything else is the
/// status as such.
fn wrong_key_or_status(sw: StatusWord, password: &PacePassword, what: &str) -> ChipError {
    let wrong_key = sw.retries_left().is_some()
        || sw == StatusWord::new(0x63, 0x00)
        || sw == StatusWord::new(0x69, 0x82)
        || sw == StatusWord::new(0x69, 0x83)
        || sw == StatusWord::new(0x69, 0x84);
    if wrong_key {
        ChipError::WrongAccessKey {
            password: password.name(),
            retries_left: sw.retries_left(),
            sw,
        }
    } else {
        ChipError::Status {
            command: what.into(),
            sw,
        }
    }
}

/// A PACE failure (from the protocol or the group) as a chip error.
fn pace<E: Into<PaceError>>(e: E) -> ChipError {
    ChipError::Pace(e.into())
}

#[cfg(test)]
mod cvca_reference_tests {
    use super::*;

    fn answer(inner: &[u8]) -> ResponseApdu {
        ResponseApdu {
            data: tlv::tlv(0x7C, inner),
            sw: StatusWord::SUCCESS,
        }
    }

    #[test]
    fn most_recent_first_and_empty_or_missing_ones_skipped() {
        let token = tlv::tlv(0x86, &[0xA5; 8]);
        let both = [
            token.clone(),
            tlv::tlv(0x88, b"DECVCAeID00102"),
            tlv::tlv(0x87, b"DECVCAeID00103"),
        ]
        .concat();
        assert_eq!(
            cvca_references(&answer(&both)),
            ["DECVCAeID00103", "DECVCAeID00102"]
        );
        let previous_only = [token.clone(), tlv::tlv(0x88, b"DECVCAeID00102")].concat();
        assert_eq!(cvca_references(&answer(&previous_only)), ["DECVCAeID00102"]);
        let empty = [token.clone(), tlv::tlv(0x87, b"")].concat();
        assert!(cvca_references(&answer(&empty)).is_empty());
        assert!(cvca_references(&answer(&token)).is_empty());
        // ISO 8859-1: every byte is one character.
        let latin1 = [token, tlv::tlv(0x87, &[b'D', 0xC4, b'1'])].concat();
        assert_eq!(cvca_references(&answer(&latin1)), ["D\u{C4}1"]);
        // Not dynamic authentication data at all.
        let other = ResponseApdu {
            data: tlv::tlv(0x87, b"DECVCAeID00103"),
            sw: StatusWord::SUCCESS,
        };
        assert!(cvca_references(&other).is_empty());
    }
}
