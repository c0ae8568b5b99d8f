//! Chip Authentication version 1 (ICAO 9303-11 §6.2, BSI TR-03110-3 §3.4 and B.11): ECDH or DH
//! with the chip's static key from DG14 (or EF.CardSecurity), MSE:Set KAT or MSE:Set AT +
//! GENERAL AUTHENTICATE, new session keys with SSC 0, and the result (also for PACE-CAM).

pub mod group;
pub mod v2;

use crate::chip::auth::auth_key::{AuthStatus, UNTRUSTED_KEY};
use crate::chip::auth::ca::group::CaGroup;
use crate::chip::transport::sm::{SecureMessaging, SessionKeys, Ssc};
use crate::chip::{CardChannel, ChipError, ChipSession, CommandApdu, FileId};
use crate::crypto::symmetric::Cipher;
use crate::lds::protocol_name;
use crate::lds::{PublicKey as LdsKey, PublicKeyInfo, SecurityInfo, SecurityInfos};
use crate::tlv;
use rand_core::CryptoRng;

/// id-CA (BSI TR-03110-3 A.1.1.2): DH .1, ECDH .2, then the cipher .1 3DES … .4 AES-256.
const ID_CA: &str = "0.4.0.127.0.7.2.2.3";

/// How the chip authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaMethod {
    /// CA version 1 with MSE:Set KAT (3DES only).
    SetKat,
    /// CA version 1 with MSE:Set AT and GENERAL AUTHENTICATE.
    SetAtGeneralAuthenticate,
    /// PACE with Chip Authentication Mapping (ICAO 9303-11 §4.4.3.5).
    PaceCam,
    /// CA version 2 after Terminal Authentication (BSI TR-03110-3 §B.3): MSE:Set AT and
    /// GENERAL AUTHENTICATE, the chip's nonce and authentication token checked.
    Version2,
}

/// What Chip Authentication found, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChipAuthResult {
    /// Passed, failed (not genuine) or unsupported.
    pub status: AuthStatus,
    /// The commands used, or PACE-CAM; `None` when nothing was run.
    pub method: Option<CaMethod>,
    /// The protocol, e.g. `id-CA-ECDH-AES-CBC-CMAC-128`.
    pub protocol: String,
    /// The chip's key, e.g. `EC brainpoolP256r1`.
    pub key: String,
    /// The key's identifier, when the chip has several.
    pub key_id: Option<u64>,
    /// Whether DG14 (or EF.CardSecurity) passed passive authentication; without it a pass
    /// proves nothing.
    pub trusted_key: bool,
    /// Why it failed or is unsupported, or a warning on a pass.
    pub detail: String,
    /// The terminal's ephemeral public key of a run that passed (CA version 1): Terminal
    /// Authentication version 1 signs its compressed form (BSI TR-03110 v1.11 §4.4).
    #[serde(skip)]
    pub ephemeral_public: Option<Vec<u8>>,
}

impl ChipAuthResult {
    /// Passed with a key passive authentication vouched for: the chip is genuine.
    pub fn genuine(&self) -> bool {
        self.status == AuthStatus::Passed && self.trusted_key
    }

    /// The result of a PACE-CAM run whose mapping check (`cam_verified`) was done by PACE:
    /// it counts as chip authentication with the EF.CardSecurity key.
    pub fn via_pace_cam(cam_verified: bool, protocol: &str, key: &str, pa_passed: bool) -> Self {
        let mut r = ChipAuthResult {
            status: if cam_verified {
                AuthStatus::Passed
            } else {
                AuthStatus::Failed
            },
            method: Some(CaMethod::PaceCam),
            protocol: protocol.into(),
            key: key.into(),
            key_id: None,
            trusted_key: pa_passed,
            detail: if cam_verified {
                String::new()
            } else {
                "chip not genuine: the PACE-CAM mapping data does not match the chip's key".into()
            },
            ephemeral_public: None,
        };
        r.note_trust();
        r
    }

    /// A result not yet run: unsupported, nothing found.
    pub(crate) fn unsupported(pa_passed: bool) -> Self {
        ChipAuthResult {
            status: AuthStatus::Unsupported,
            method: None,
            protocol: String::new(),
            key: String::new(),
            key_id: None,
            trusted_key: pa_passed,
            detail: String::new(),
            ephemeral_public: None,
        }
    }

    /// Ends as failed with `why` (and the trust note).
    pub(crate) fn fail(mut self, why: String) -> Self {
        self.status = AuthStatus::Failed;
        self.detail = why;
        self.note_trust();
        self
    }

    /// Ends as unsupported with the protocol (named if known) and `why`.
    pub(crate) fn not_run(mut self, protocol: String, why: String) -> Self {
        self.protocol = protocol_name(&protocol).unwrap_or(protocol);
        self.detail = why;
        self.note_trust();
        self
    }

    /// The result to fill for `plan` (protocol, key and method named), or the unsupported
    /// result when there is no plan.
    pub(crate) fn planned(
        pa_passed: bool,
        plan: Result<CaPlan, (String, String)>,
    ) -> Result<(Self, CaPlan), Self> {
        let mut r = Self::unsupported(pa_passed);
        match plan {
            Ok(plan) => {
                r.protocol = protocol_name(&plan.protocol).unwrap_or_else(|| plan.protocol.clone());
                r.key = plan.group.name();
                r.key_id = plan.key_id;
                r.method = Some(plan.method);
                Ok((r, plan))
            }
            Err((protocol, why)) => Err(r.not_run(protocol, why)),
        }
    }

    pub(crate) fn note_trust(&mut self) {
        if !self.trusted_key {
            self.detail = if self.detail.is_empty() {
                UNTRUSTED_KEY.into()
            } else {
                format!("{}; {UNTRUSTED_KEY}", self.detail)
            };
        }
    }
}

/// The chosen protocol: OID, cipher, key and whether a ChipAuthenticationInfo named it.
#[derive(Debug, Clone)]
pub struct CaPlan {
    /// The id-CA-* OID.
    pub protocol: String,
    /// The session cipher after CA.
    pub cipher: Cipher,
    /// The group of the chip's key: a curve or MODP domain parameters.
    pub group: CaGroup,
    /// The chip's public key: an EC point or the DH value y.
    pub chip_key: Vec<u8>,
    /// The key identifier to send (84), if any.
    pub key_id: Option<u64>,
    /// The commands to use.
    pub method: CaMethod,
}

fn cipher_of(protocol: &str) -> Option<Cipher> {
    match protocol.rsplit('.').next()? {
        "1" => Some(Cipher::Tdes),
        "2" => Some(Cipher::Aes128),
        "3" => Some(Cipher::Aes192),
        "4" => Some(Cipher::Aes256),
        _ => None,
    }
}

/// Chooses the protocol and key from DG14's (or EF.CardSecurity's) SecurityInfos: the first
/// ChipAuthenticationInfo of version 1 and its key, or, when there is none, the protocol
/// inferred from the key (ECDH → id-CA-ECDH-3DES-CBC-CBC with MSE:Set KAT, ICAO 9303-11
/// §9.2.6). `Err` is the unsupported reason.
pub fn plan(infos: &SecurityInfos) -> Result<CaPlan, (String, String)> {
    let keys = infos.chip_authentication_keys();
    let ca_info = infos
        .chip_authentication(1)
        .map(|(protocol, key_id)| (protocol.to_string(), key_id));
    // A chip that announces Chip Authentication only in a later version (the German ID card
    // and residence permit: version 2, run after Terminal Authentication, BSI TR-03110-3
    // §3.4) does not answer version 1; running it anyway would look like a clone.
    let later_version = infos.infos.iter().find_map(|i| match i {
        SecurityInfo::ChipAuthentication {
            protocol, version, ..
        } if *version != 1 => Some((protocol.clone(), *version)),
        _ => None,
    });
    let (protocol, key_id, method) = match ca_info {
        Some((p, id)) => (p, id, CaMethod::SetAtGeneralAuthenticate),
        None if later_version.is_some() => {
            let (p, version) = later_version.unwrap_or_default();
            return Err((
                p,
                format!(
                    "the chip offers Chip Authentication version {version} only, which follows \
                     Terminal Authentication (BSI TR-03110-3 §3.4); version 1 does not apply"
                ),
            ));
        }
        None => {
            let Some((key, id)) = keys.first() else {
                return Err(("".into(), "no chip authentication key".into()));
            };
            let p = match key.key {
                LdsKey::Ec { .. } => format!("{ID_CA}.2.1"),
                _ => format!("{ID_CA}.1.1"),
            };
            (p, *id, CaMethod::SetKat)
        }
    };
    resolve(infos, protocol, key_id, method)
}

/// The plan for `protocol` with the key `key_id` names: the key found, its group matching the
/// protocol (id-CA-DH-* a DH key, id-CA-ECDH-* an EC key, BSI TR-03110-3 A.1.1.2) and the
/// cipher known. `Err` is the unsupported reason with the protocol.
pub(crate) fn resolve(
    infos: &SecurityInfos,
    protocol: String,
    key_id: Option<u64>,
    method: CaMethod,
) -> Result<CaPlan, (String, String)> {
    let keys = infos.chip_authentication_keys();
    let unsupported = |why: String| Err((protocol.clone(), why));
    let key: Option<&PublicKeyInfo> = keys
        .iter()
        .find(|(_, id)| key_id.is_none() || *id == key_id)
        .map(|(k, _)| *k);
    let Some(key) = key else {
        return unsupported(format!("no chip authentication key with id {key_id:?}"));
    };
    let Some(cipher) = cipher_of(&protocol) else {
        return unsupported(format!("unknown protocol {protocol}"));
    };
    let (group, chip_key) = match CaGroup::from_key(&key.key) {
        Ok(g) => g,
        Err(why) => return unsupported(why),
    };
    let dh_protocol = protocol.starts_with(&format!("{ID_CA}.1."));
    if dh_protocol != matches!(group, CaGroup::Dh(_)) {
        return unsupported(format!("a {} key for {protocol}", group.name()));
    }
    if method == CaMethod::SetKat && cipher != Cipher::Tdes {
        return unsupported("MSE:Set KAT is for 3DES only".into());
    }
    Ok(CaPlan {
        protocol,
        cipher,
        group,
        chip_key,
        key_id,
        method,
    })
}

/// The failure detail for a step the chip refused.
pub(crate) fn refused(what: &str, sw: crate::chip::StatusWord) -> String {
    format!("chip not genuine or CA refused: {what} answered {sw}")
}

/// The content octets of a dotted OID (X.690 §8.19).
fn oid_content(dotted: &str) -> Option<Vec<u8>> {
    let arcs: Vec<u64> = dotted
        .split('.')
        .map(|a| a.parse().ok())
        .collect::<Option<_>>()?;
    let (&a, rest) = arcs.split_first()?;
    let (&b, rest) = rest.split_first()?;
    let mut out = Vec::new();
    for arc in std::iter::once(a.checked_mul(40)?.checked_add(b)?).chain(rest.iter().copied()) {
        let mut bytes = vec![(arc & 0x7F) as u8];
        let mut v = arc >> 7;
        while v > 0 {
            bytes.push(0x80 | (v & 0x7F) as u8);
            v >>= 7;
        }
        out.extend(bytes.iter().rev());
    }
    Some(out)
}

/// The key reference DO'84' (BSI TR-03110-3 B.11.1): the key id, big-endian, shortest form.
fn key_reference(key_id: Option<u64>) -> Vec<u8> {
    key_id.map_or_else(Vec::new, |id| {
        let bytes = id.to_be_bytes();
        let lead = bytes.iter().take_while(|&&b| b == 0).count().min(7);
        tlv::tlv(0x84, bytes.get(lead..).unwrap_or_default())
    })
}

/// MSE:Set KAT (BSI TR-03110-3 B.11.1.2): 0022 41A6 with DO'91' the ephemeral key.
pub fn mse_set_kat(ephemeral: &[u8], key_id: Option<u64>) -> CommandApdu {
    let mut data = tlv::tlv(0x91, ephemeral);
    data.extend(key_reference(key_id));
    CommandApdu::new(0x00, 0x22, 0x41, 0xA6).with_data(data)
}

/// MSE:Set AT for chip authentication (BSI TR-03110-3 B.11.1.1): 0022 41A4 with DO'80' the
/// protocol OID and DO'84' the key id.
pub fn mse_set_at(protocol: &str, key_id: Option<u64>) -> Result<CommandApdu, ChipError> {
    let oid = oid_content(protocol).ok_or(ChipError::BadCommand("protocol OID"))?;
    let mut data = tlv::tlv(0x80, &oid);
    data.extend(key_reference(key_id));
    Ok(CommandApdu::new(0x00, 0x22, 0x41, 0xA4).with_data(data))
}

/// GENERAL AUTHENTICATE with the ephemeral key (BSI TR-03110-3 B.11.2): 7C { 80 key }, and
/// whatever the chip answers (nonce and token; Ne maximal).
pub fn general_authenticate(ephemeral: &[u8]) -> CommandApdu {
    CommandApdu::new(0x00, 0x86, 0x00, 0x00)
        .with_data(tlv::tlv(0x7C, &tlv::tlv(0x80, ephemeral)))
        .with_max_le()
}

/// Draws an ephemeral EC private key for `curve` from `rng` (rejection sampling, bounded);
/// Terminal Authentication draws the key it announces for CA v2 with it.
pub fn draw_private<R: CryptoRng + ?Sized>(
    curve: crate::crypto::curves::NamedCurve,
    rng: &mut R,
) -> Result<zeroize::Zeroizing<Vec<u8>>, ChipError> {
    CaGroup::Ec(curve)
        .draw_private(rng)
        .map_err(|_| ChipError::BadCommand(NO_PRIVATE_KEY))
}

pub(crate) const NO_PRIVATE_KEY: &str = "the RNG gave no valid private key";

/// Runs Chip Authentication version 1 with the chip key chosen from `infos` (DG14 or
/// EF.CardSecurity): on success the session continues under the new keys, and a SELECT of
/// EF.DG14 under them confirms the chip holds the private key. `pa_passed` says whether
/// passive authentication covered the key's file. Channel errors are errors; a chip that
/// refuses or answers with wrong MACs under the new keys fails (not genuine).
pub fn chip_authentication<C: CardChannel, R: CryptoRng + ?Sized>(
    session: &mut ChipSession<C>,
    infos: &SecurityInfos,
    pa_passed: bool,
    rng: &mut R,
) -> Result<ChipAuthResult, ChipError> {
    let (mut r, plan) = match ChipAuthResult::planned(pa_passed, plan(infos)) {
        Ok(started) => started,
        Err(not_run) => return Ok(not_run),
    };
    let private = plan
        .group
        .draw_private(rng)
        .map_err(|_| ChipError::BadCommand(NO_PRIVATE_KEY))?;
    let ephemeral = plan
        .group
        .public_key(&private)
        .map_err(|_| ChipError::BadCommand("ephemeral key"))?;
    let shared = match plan.group.shared_secret(&private, &plan.chip_key) {
        Ok(s) => s,
        Err(e) => return Ok(r.fail(format!("the chip's key is unusable: {e}"))),
    };
    let steps = match plan.method {
        CaMethod::SetKat => vec![("MSE:Set KAT", mse_set_kat(&ephemeral, plan.key_id))],
        _ => vec![
            ("MSE:Set AT", mse_set_at(&plan.protocol, plan.key_id)?),
            ("GENERAL AUTHENTICATE", general_authenticate(&ephemeral)),
        ],
    };
    for (what, cmd) in steps {
        let resp = session.exchange(&cmd)?;
        if !resp.sw.is_success() {
            return Ok(r.fail(refused(what, resp.sw)));
        }
    }
    // KSenc, KSmac = KDF(K, 1), KDF(K, 2) from the shared secret (the x-coordinate, or the DH
    // value as long as p); SSC starts at zero (ICAO 9303-11 §6.2.1, §9.7.1, §9.8.3).
    let keys = SessionKeys::derive(plan.cipher, &shared);
    session.install_secure_messaging(SecureMessaging::new(
        keys,
        Ssc::zero(plan.cipher.block_len()),
    )?);
    match session.select_file(FileId::Dg14) {
        Ok(()) => {
            r.status = AuthStatus::Passed;
            r.ephemeral_public = Some(ephemeral);
        }
        Err(ChipError::Channel(e)) => return Err(ChipError::Channel(e)),
        Err(e) => {
            r.status = AuthStatus::Failed;
            r.detail = format!(
                "chip not genuine: its answer under the chip-authenticated keys fails: {e}"
            );
        }
    }
    r.note_trust();
    Ok(r)
}
