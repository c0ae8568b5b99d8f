//! The chip side of PACE (ICAO 9303-11 §4.4, BSI TR-03110-3 §B.1): MSE:Set AT, the four
//! GENERAL AUTHENTICATE steps for Generic, Integrated and Chip Authentication Mapping on any
//! standardized domain parameters, the token check (63Cx with a retry counter on a wrong
//! password) and secure messaging from SSC 0.

use crate::chip::StatusWord;
use crate::chip::access::pace::{
    DomainParameters, GroupOps, Mapping, PaceChoice, PacePassword, encrypt_ca_data, group_for,
    pseudo_random, public_key_object, session_keys, token,
};
use crate::chip::transport::sm::{SessionKeys, Ssc};
use crate::crypto::symmetric::Cipher;
use crate::emulator::rng::Generator;
use crate::emulator::transport::sm::ChipSm;
use crate::tlv;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// What the chip is set up with: the PACEInfo it offers and the passwords it knows.
pub(crate) struct PaceSetup {
    pub(crate) choice: PaceChoice,
    pub(crate) passwords: Vec<PacePassword>,
    /// The static chip-authentication key pair (private, public) for CAM, whose public key
    /// EF.CardSecurity carries.
    pub(crate) ca_key: Option<CaKeyPair>,
    /// A cloned chip's own key pair, which does not match EF.CardSecurity.
    pub(crate) cloned_ca_key: Option<CaKeyPair>,
    pub(crate) retries: u8,
}

/// A static key pair: private key, public key (encoded).
pub(crate) type CaKeyPair = (Zeroizing<Vec<u8>>, Vec<u8>);

enum Step {
    Idle,
    Started {
        k_pi: Zeroizing<Vec<u8>>,
    },
    Nonce {
        s: Zeroizing<Vec<u8>>,
    },
    Mapped {
        generator: Zeroizing<Vec<u8>>,
        ca: Option<Zeroizing<Vec<u8>>>,
    },
    Agreed {
        keys: SessionKeys,
        terminal_pk: Vec<u8>,
        chip_pk: Vec<u8>,
        ca: Option<Zeroizing<Vec<u8>>>,
    },
}

/// One chip's PACE state.
pub(crate) struct ChipPace {
    pub(crate) setup: PaceSetup,
    group: Box<dyn GroupOps>,
    step: Step,
    /// The trusted CVCAs' CHRs, newest first, named in the last answer (set by a chip with
    /// Terminal Authentication).
    pub(crate) cvca_references: Vec<String>,
}

/// Wrong data in the command (ISO/IEC 7816-4 §5.6).
const WRONG_DATA: StatusWord = StatusWord(0x6A80);
/// Conditions of use not satisfied: a step out of order.
const CONDITIONS_NOT_SATISFIED: StatusWord = StatusWord(0x6985);

impl std::fmt::Debug for ChipPace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChipPace")
            .field("choice", &self.setup.choice)
            .finish_non_exhaustive()
    }
}

type Reply = Result<(Vec<u8>, Option<ChipSm>), StatusWord>;

fn dynamic(data: &[u8], tag: u32) -> Result<Vec<u8>, StatusWord> {
    let (outer, _) = tlv::parse_one(data).map_err(|_| WRONG_DATA)?;
    if outer.tag != 0x7C {
        return Err(WRONG_DATA);
    }
    outer.find(tag).map(|t| t.value.to_vec()).ok_or(WRONG_DATA)
}

impl ChipPace {
    pub(crate) fn new(setup: PaceSetup) -> Option<Self> {
        let group = group_for(setup.choice.parameters).ok()?;
        Some(ChipPace {
            setup,
            group,
            step: Step::Idle,
            cvca_references: Vec::new(),
        })
    }

    /// Draws the static chip-authentication key pair CAM needs.
    pub(crate) fn make_ca_key(&mut self, rng: &mut Generator) {
        self.setup.ca_key = self.draw_key_pair(rng);
    }

    fn draw_key_pair(&self, rng: &mut Generator) -> Option<CaKeyPair> {
        let mut fill = |b: &mut [u8]| rng.fill(b);
        let sk = self.group.random_private(&mut fill).ok()?;
        let pk = self.group.mul(&self.group.generator(), &sk).ok()?;
        Some((sk, pk))
    }

    /// A cloned chip proves a key of its own in CAM (the genuine one stays in EF.CardSecurity);
    /// `false` goes back to the genuine key.
    pub(crate) fn set_cloned(&mut self, cloned: bool, rng: &mut Generator) {
        self.setup.cloned_ca_key = match (cloned, self.setup.ca_key.is_some()) {
            (true, true) => self.draw_key_pair(rng),
            _ => None,
        };
    }

    /// The key pair CAM proves: the clone's when cloned, else the genuine one.
    fn active_ca_key(&self) -> Option<&CaKeyPair> {
        self.setup
            .cloned_ca_key
            .as_ref()
            .or(self.setup.ca_key.as_ref())
    }

    /// Switches the chip to a proprietary parameter id `id` and returns the EF.CardAccess
    /// that announces it: the PACEInfo with `id` and a PACEDomainParameterInfo with the
    /// group's explicit parameters (BSI TR-03110-3 §A.1.1.1; ECParameters of X9.62, or the
    /// DomainParameters p, g, q of X9.42).
    pub(crate) fn explicit_card_access(&mut self, id: u64) -> Option<crate::lds::SecurityInfos> {
        use crate::lds::spki::{DH_PUBLIC_NUMBER, EC_PUBLIC_KEY, ExplicitCurve, explicit_tlv};
        use crate::lds::{AlgorithmIdentifier, SecurityInfo};
        let unhex = crate::crypto::agreement::unhex;
        // A DER INTEGER: a leading zero byte only when the top bit is set.
        let int = |v: &[u8]| {
            let mut body = if v.first().is_some_and(|b| b & 0x80 != 0) {
                vec![0u8]
            } else {
                Vec::new()
            };
            body.extend_from_slice(v);
            tlv::tlv(0x02, &body)
        };
        let domain_parameter = match self.setup.choice.parameters {
            DomainParameters::Curve(c) => {
                let p = c.params();
                AlgorithmIdentifier {
                    algorithm: EC_PUBLIC_KEY.into(),
                    parameters: Some(explicit_tlv(&ExplicitCurve {
                        prime: unhex(p.p),
                        a: unhex(p.a),
                        b: unhex(p.b),
                        generator: [vec![4], unhex(p.gx), unhex(p.gy)].concat(),
                        order: unhex(p.n),
                        cofactor: Some(1),
                    })),
                }
            }
            DomainParameters::Modp(m) => {
                let (p, g, q) = crate::crypto::agreement::ModpId::from_id(u64::from(m))?.values();
                AlgorithmIdentifier {
                    algorithm: DH_PUBLIC_NUMBER.into(),
                    parameters: Some(tlv::tlv(0x30, &[int(&p), int(&g), int(&q)].concat())),
                }
            }
        };
        self.setup.choice.parameter_id = Some(id);
        let choice = &self.setup.choice;
        // The PACEDomainParameterInfo names the protocol without the cipher (id-PACE-ECDH-GM …).
        let protocol = choice
            .protocol
            .oid
            .rsplit_once('.')
            .map(|(head, _)| head.to_string())?;
        Some(crate::lds::SecurityInfos {
            infos: vec![
                SecurityInfo::Pace {
                    protocol: choice.protocol.oid.clone(),
                    version: 2,
                    parameter_id: Some(id),
                },
                SecurityInfo::PaceDomainParameter {
                    protocol,
                    domain_parameter,
                    parameter_id: Some(id),
                },
            ],
        })
    }

    /// The SecurityInfos of EF.CardSecurity for CAM (BSI TR-03110-3 §A.1.2; ICAO 9303-11
    /// §9.2.5–9.2.6): the PACEInfo, a ChipAuthenticationInfo and the
    /// ChipAuthenticationPublicKeyInfo with the static key on the PACE domain parameters.
    pub(crate) fn card_security_infos(&self) -> Option<crate::lds::SecurityInfos> {
        use crate::lds::SecurityInfo;
        use crate::lds::spki::{EcParameters, PublicKey, PublicKeyInfo};
        let (_, public) = self.setup.ca_key.as_ref()?;
        let choice = &self.setup.choice;
        let DomainParameters::Curve(curve) = choice.parameters else {
            return None;
        };
        let key_id = choice.parameter_id;
        let public_key = match key_id {
            Some(id) if DomainParameters::standardized(id).is_some() => PublicKeyInfo::build(
                crate::lds::spki::STANDARDIZED_DOMAIN_PARAMETERS,
                PublicKey::Ec {
                    parameters: EcParameters::Standardized { id },
                    point: public.clone(),
                },
            ),
            _ => PublicKeyInfo::ec_named(curve.params().oid, public.clone()),
        };
        let cipher = match choice.protocol.cipher {
            Cipher::Tdes => 1,
            Cipher::Aes128 => 2,
            Cipher::Aes192 => 3,
            Cipher::Aes256 => 4,
        };
        Some(crate::lds::SecurityInfos {
            infos: vec![
                SecurityInfo::Pace {
                    protocol: choice.protocol.oid.clone(),
                    version: 2,
                    parameter_id: choice.parameter_id,
                },
                SecurityInfo::ChipAuthentication {
                    // id-CA-ECDH-* (BSI TR-03110-3 §A.1.1.2).
                    protocol: format!("0.4.0.127.0.7.2.2.3.2.{cipher}"),
                    version: 2,
                    key_id,
                },
                SecurityInfo::ChipAuthenticationPublicKey {
                    protocol: crate::lds::spki::ID_PK_ECDH.into(),
                    public_key,
                    key_id,
                },
            ],
        })
    }

    fn cipher(&self) -> Cipher {
        self.setup.choice.protocol.cipher
    }

    /// MSE:Set AT (ICAO 9303-11 §4.4.4.1).
    pub(crate) fn set_at(&mut self, data: &[u8]) -> Result<(), StatusWord> {
        self.step = Step::Idle;
        let objs = tlv::parse_all(data).map_err(|_| WRONG_DATA)?;
        let find = |tag: u32| objs.iter().find(|t| t.tag == tag).map(|t| t.value);
        let oid = find(0x80).ok_or(WRONG_DATA)?;
        if oid != self.setup.choice.protocol.oid_bytes().as_slice() {
            return Err(WRONG_DATA);
        }
        let reference = find(0x83).and_then(|r| r.first().copied());
        if let Some(id) = find(0x84) {
            let want = self
                .setup
                .choice
                .parameter_id
                .map(crate::lds::der::uint_bytes);
            if want.as_deref() != Some(id) {
                return Err(WRONG_DATA);
            }
        }
        let password = self
            .setup
            .passwords
            .iter()
            .find(|p| Some(p.reference()) == reference)
            .ok_or(WRONG_DATA)?;
        self.step = Step::Started {
            k_pi: password.key(self.cipher()),
        };
        Ok(())
    }

    /// One GENERAL AUTHENTICATE step; the SM session comes back after the last.
    pub(crate) fn general_authenticate(&mut self, data: &[u8], rng: &mut Generator) -> Reply {
        let step = std::mem::replace(&mut self.step, Step::Idle);
        let cipher = self.cipher();
        let g = &self.group;
        let err = |_| WRONG_DATA;
        match step {
            Step::Idle => Err(CONDITIONS_NOT_SATISFIED),
            Step::Started { k_pi } => {
                // l = 256 bits for AES-192/256, as the Integrated Mapping's constants
                // (ICAO 9303-11 §4.4.3.3.2); 128 bits otherwise.
                let l = if cipher.key_len() > 16 { 32 } else { 16 };
                let mut s = Zeroizing::new(vec![0u8; l]);
                rng.fill(&mut s);
                let mut z = s.to_vec();
                crate::chip::access::pace::encrypt_nonce_for_chip(cipher, &k_pi, &mut z)
                    .map_err(err)?;
                self.step = Step::Nonce { s };
                Ok((tlv::tlv(0x7C, &tlv::tlv(0x80, &z)), None))
            }
            Step::Nonce { s } => {
                let input = dynamic(data, 0x81)?;
                match self.setup.choice.protocol.mapping {
                    Mapping::Integrated => {
                        let r = pseudo_random(cipher, &s, &input, g.modulus_bits()).map_err(err)?;
                        let generator = Zeroizing::new(g.map_integrated(&r).map_err(err)?);
                        self.step = Step::Mapped {
                            generator,
                            ca: None,
                        };
                        Ok((tlv::tlv(0x7C, &[]), None))
                    }
                    mapping => {
                        g.check_public(&input).map_err(err)?;
                        let mut fill = |b: &mut [u8]| rng.fill(b);
                        let (chip_pk, h, ca) = match (mapping, self.active_ca_key()) {
                            (Mapping::ChipAuthentication, Some((sk_ic, pk_ic))) => {
                                // PK_map = CA·PK_IC and H = CA·(SK_IC·PK_map,PCD): CA_IC·PK_IC
                                // is then the mapping key the terminal checks.
                                let ca = g.random_private(&mut fill).map_err(err)?;
                                let pk = g.mul(pk_ic, &ca).map_err(err)?;
                                let t = Zeroizing::new(g.mul(&input, sk_ic).map_err(err)?);
                                let h = Zeroizing::new(g.mul(&t, &ca).map_err(err)?);
                                (pk, h, Some(ca))
                            }
                            _ => {
                                let sk = g.random_private(&mut fill).map_err(err)?;
                                let pk = g.mul(&g.generator(), &sk).map_err(err)?;
                                let h = Zeroizing::new(g.mul(&input, &sk).map_err(err)?);
                                (pk, h, None)
                            }
                        };
                        let generator = Zeroizing::new(g.map_generic(&s, &h).map_err(err)?);
                        self.step = Step::Mapped { generator, ca };
                        Ok((tlv::tlv(0x7C, &tlv::tlv(0x82, &chip_pk)), None))
                    }
                }
            }
            Step::Mapped { generator, ca } => {
                let terminal_pk = dynamic(data, 0x83)?;
                g.check_public(&terminal_pk).map_err(err)?;
                let mut fill = |b: &mut [u8]| rng.fill(b);
                let sk = g.random_private(&mut fill).map_err(err)?;
                let chip_pk = g.mul(&generator, &sk).map_err(err)?;
                let shared = Zeroizing::new(g.mul(&terminal_pk, &sk).map_err(err)?);
                let keys = session_keys(cipher, &Zeroizing::new(g.shared_secret(&shared)));
                self.step = Step::Agreed {
                    keys,
                    terminal_pk,
                    chip_pk: chip_pk.clone(),
                    ca,
                };
                Ok((tlv::tlv(0x7C, &tlv::tlv(0x84, &chip_pk)), None))
            }
            Step::Agreed {
                keys,
                terminal_pk,
                chip_pk,
                ca,
            } => {
                let t_pcd = dynamic(data, 0x85)?;
                let oid = self.setup.choice.protocol.oid_bytes();
                let tag = g.public_tag();
                let expected =
                    token(&keys, &public_key_object(&oid, tag, &chip_pk)).map_err(err)?;
                if !bool::from(expected.as_slice().ct_eq(&t_pcd)) {
                    self.setup.retries = self.setup.retries.saturating_sub(1);
                    return Err(StatusWord(0x63C0 | u16::from(self.setup.retries & 0x0F)));
                }
                let t_ic =
                    token(&keys, &public_key_object(&oid, tag, &terminal_pk)).map_err(err)?;
                let mut inner = tlv::tlv(0x86, &t_ic);
                if let Some(ca) = ca {
                    inner.extend(tlv::tlv(0x8A, &encrypt_ca_data(&keys, &ca).map_err(err)?));
                }
                // BSI TR-03110-3 §D.3: DO'87' the most recent CAR, DO'88' the previous one.
                for (tag, car) in [0x87, 0x88].into_iter().zip(&self.cvca_references) {
                    inner.extend(tlv::tlv(tag, car.as_bytes()));
                }
                let ssc = Ssc::zero(cipher.block_len());
                Ok((tlv::tlv(0x7C, &inner), Some(ChipSm::new(keys, ssc))))
            }
        }
    }
}
