//! Chip Authentication version 2 (BSI TR-03110-2 §3.4, TR-03110-3 §B.3 and §B.11): after PACE
//! and Terminal Authentication version 2 the terminal sends the ephemeral key it committed to
//! in TA, the chip answers a nonce and an authentication token, and both continue under keys
//! derived from the shared secret and the nonce.

use crate::chip::auth::auth_key::AuthStatus;
use crate::chip::auth::ca::group::CaGroup;
use crate::chip::auth::ca::{
    CaMethod, CaPlan, ChipAuthResult, general_authenticate, mse_set_at, refused,
};
use crate::chip::transport::sm::{SecureMessaging, SessionKeys, Ssc};
use crate::chip::{CardChannel, ChipError, ChipSession};
use crate::crypto::agreement::ModpId;
use crate::crypto::symmetric::Cipher;
use crate::lds::{SecurityInfo, SecurityInfos};
use crate::tlv;
use rand_core::CryptoRng;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// The terminal's ephemeral key pair for Chip Authentication version 2, drawn before Terminal
/// Authentication on the chip's CA domain parameters: TA commits to its compressed public
/// key, and CA must send exactly this key.
#[derive(Clone, PartialEq, Eq)]
pub struct EphemeralKey {
    /// The group: the chip's CA domain parameters.
    pub group: CaGroup,
    private: Zeroizing<Vec<u8>>,
    /// The public key: an uncompressed EC point or the DH value.
    pub public: Vec<u8>,
}

impl std::fmt::Debug for EphemeralKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EphemeralKey")
            .field("group", &self.group.name())
            .field("public", &self.public.len())
            .finish_non_exhaustive()
    }
}

impl EphemeralKey {
    /// Draws a key pair in `group` from `rng`.
    pub fn draw<R: CryptoRng + ?Sized>(group: CaGroup, rng: &mut R) -> Result<Self, String> {
        let private = group.draw_private(rng)?;
        let public = group.public_key(&private)?;
        Ok(EphemeralKey {
            group,
            private,
            public,
        })
    }

    /// Comp(PK_PCD) as Terminal Authentication sends it (BSI TR-03110-3 §A.2.2.3).
    pub fn compressed(&self) -> Vec<u8> {
        crate::chip::auth::ta::compress(&self.public)
    }
}

/// The CA domain parameters of the chip's key for version 2 (BSI TR-03110-3 §A.1.1.2: the
/// ChipAuthenticationPublicKeyInfo that a version-2 ChipAuthenticationInfo names, in
/// EF.CardSecurity or DG14): Terminal Authentication draws its ephemeral key in this group.
pub fn domain(infos: &SecurityInfos) -> Option<CaGroup> {
    plan(infos).ok().map(|p| p.group)
}

/// The CA domain parameters EF.CardAccess announces for version 2 (BSI TR-03110-3 §A.1.2.1:
/// a ChipAuthenticationDomainParameterInfo, standardized by id or spelled out as one of the
/// standardized groups, for the key the version-2 ChipAuthenticationInfo names, or the only
/// one): where Terminal Authentication draws its ephemeral key when EF.CardSecurity was not
/// read.
pub fn domain_from_card_access(infos: &SecurityInfos) -> Option<CaGroup> {
    let (_, key_id) = infos.chip_authentication(2)?;
    let domains: Vec<(&crate::lds::AlgorithmIdentifier, Option<u64>)> = infos
        .infos
        .iter()
        .filter_map(|i| match i {
            SecurityInfo::ChipAuthenticationDomainParameter {
                domain_parameter,
                key_id,
                ..
            } => Some((domain_parameter, *key_id)),
            _ => None,
        })
        .collect();
    let chosen = match (key_id, domains.as_slice()) {
        (_, [only]) => only.0,
        (Some(id), several) => several.iter().find(|(_, k)| *k == Some(id))?.0,
        (None, _) => return None,
    };
    match crate::chip::access::pace::explicit_domain_parameters(chosen)? {
        crate::chip::access::pace::DomainParameters::Curve(c) => Some(CaGroup::Ec(c)),
        crate::chip::access::pace::DomainParameters::Modp(id) => ModpId::from_id(u64::from(id))
            .map(|m| CaGroup::Dh(crate::chip::auth::ca::group::DhDomain::Standardized(m))),
    }
}

/// The first ChipAuthenticationInfo of version 2 with its key. `Err` is the unsupported
/// reason with the protocol.
pub fn plan(infos: &SecurityInfos) -> Result<CaPlan, (String, String)> {
    let Some((protocol, key_id)) = infos.chip_authentication(2) else {
        return Err((
            String::new(),
            "no Chip Authentication version 2 offered".into(),
        ));
    };
    crate::chip::auth::ca::resolve(infos, protocol.to_string(), key_id, CaMethod::Version2)
}

/// The nonce r (DO'81') and token T (DO'82') of the chip's answer 7C { 81 r, 82 T }
/// (BSI TR-03110-3 §B.11.2).
fn nonce_and_token(answer: &[u8]) -> Option<(&[u8], &[u8])> {
    let (outer, _) = tlv::parse_one(answer).ok()?;
    if outer.tag != 0x7C {
        return None;
    }
    Some((outer.find(0x81)?.value, outer.find(0x82)?.value))
}

/// KSenc and KSmac of CA version 2: KDF(K, r, c) = H(K ‖ r ‖ c) (BSI TR-03110-3 §A.2.3.2).
pub fn session_keys(cipher: Cipher, shared: &[u8], nonce: &[u8]) -> SessionKeys {
    let mut seed = Zeroizing::new(shared.to_vec());
    seed.extend_from_slice(nonce);
    SessionKeys::derive(cipher, &seed)
}

/// T = MAC(KSmac, PK) over the ephemeral public key data object with the protocol's OID
/// (`oid`: its content octets; BSI TR-03110-3 §A.2.4.2, §D.3.4: 86 for an EC point, 84 for a
/// DH value).
pub fn token(
    oid: &[u8],
    group: &CaGroup,
    keys: &SessionKeys,
    ephemeral: &[u8],
) -> Result<[u8; 8], String> {
    let tag = match group {
        CaGroup::Ec(_) => 0x86,
        CaGroup::Dh(_) => 0x84,
    };
    let object = crate::chip::access::pace::public_key_object(oid, tag, ephemeral);
    crate::chip::access::pace::token(keys, &object).map_err(|e| e.to_string())
}

/// Runs Chip Authentication version 2 with the key `infos` (EF.CardSecurity or DG14) names and
/// the `ephemeral` key Terminal Authentication committed to. On a pass the session continues
/// under the new keys with SSC 0. A chip that refuses, answers malformed data or a token that
/// does not match the published key fails (not genuine) and the session is left without
/// secure messaging; only a channel error is an error.
pub fn chip_authentication_v2<C: CardChannel>(
    session: &mut ChipSession<C>,
    infos: &SecurityInfos,
    ephemeral: &EphemeralKey,
    pa_passed: bool,
) -> Result<ChipAuthResult, ChipError> {
    let (mut r, plan) = match ChipAuthResult::planned(pa_passed, plan(infos)) {
        Ok(started) => started,
        Err(not_run) => return Ok(not_run),
    };
    if plan.group != ephemeral.group {
        let why = format!(
            "Terminal Authentication's ephemeral key is on {}, the chip's key on {}",
            ephemeral.group.name(),
            plan.group.name()
        );
        return Ok(r.not_run(plan.protocol.clone(), why));
    }
    let shared = match plan.group.shared_secret(&ephemeral.private, &plan.chip_key) {
        Ok(s) => s,
        Err(e) => return Ok(r.fail(format!("the chip's key is unusable: {e}"))),
    };
    let resp = session.exchange(&mse_set_at(&plan.protocol, plan.key_id)?)?;
    if !resp.sw.is_success() {
        return Ok(r.fail(refused("MSE:Set AT", resp.sw)));
    }
    let resp = session.exchange(&general_authenticate(&ephemeral.public))?;
    if !resp.sw.is_success() {
        return Ok(r.fail(refused("GENERAL AUTHENTICATE", resp.sw)));
    }
    // The chip has switched to its new keys: whatever follows, the old ones are gone.
    session.clear_secure_messaging();
    let Some((nonce, chip_token)) = nonce_and_token(&resp.data) else {
        return Ok(r.fail("chip not genuine: no nonce and token in its answer".into()));
    };
    let keys = session_keys(plan.cipher, &shared, nonce);
    let oid = crate::lds::der::oid_from_string(&plan.protocol)
        .ok_or(ChipError::BadCommand("protocol OID"))?;
    let expected = token(&oid, &plan.group, &keys, &ephemeral.public)
        .map_err(|_| ChipError::BadCommand("the authentication token cannot be computed"))?;
    if !bool::from(expected.as_slice().ct_eq(chip_token)) {
        return Ok(r.fail(
            "chip not genuine: its authentication token does not match the key \
             EF.CardSecurity publishes"
                .into(),
        ));
    }
    session.install_secure_messaging(SecureMessaging::new(
        keys,
        Ssc::zero(plan.cipher.block_len()),
    )?);
    r.status = AuthStatus::Passed;
    r.note_trust();
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::curves::NamedCurve;
    use crate::lds::AlgorithmIdentifier;

    fn ca_info(key_id: Option<u64>) -> SecurityInfo {
        SecurityInfo::ChipAuthentication {
            protocol: "0.4.0.127.0.7.2.2.3.2.2".into(),
            version: 2,
            key_id,
        }
    }

    fn domain(algorithm: &str, parameters: &[u8], key_id: Option<u64>) -> SecurityInfo {
        SecurityInfo::ChipAuthenticationDomainParameter {
            protocol: "0.4.0.127.0.7.2.2.3.2".into(),
            domain_parameter: AlgorithmIdentifier {
                algorithm: algorithm.into(),
                parameters: Some(parameters.to_vec()),
            },
            key_id,
        }
    }

    const STANDARDIZED: &str = crate::lds::spki::STANDARDIZED_DOMAIN_PARAMETERS;

    #[test]
    fn the_card_access_domain_is_the_one_for_the_version_2_key() {
        let infos = |v: Vec<SecurityInfo>| SecurityInfos { infos: v };
        // One domain: standardized id 13 (brainpoolP256r1), whatever its key id.
        let one = infos(vec![
            ca_info(Some(1)),
            domain(STANDARDIZED, &[2, 1, 13], None),
        ]);
        assert_eq!(
            domain_from_card_access(&one),
            Some(CaGroup::Ec(NamedCurve::BrainpoolP256r1))
        );
        // Two domains: the one with the CA info's key id.
        let two = infos(vec![
            ca_info(Some(2)),
            domain(STANDARDIZED, &[2, 1, 13], Some(1)),
            domain(STANDARDIZED, &[2, 1, 12], Some(2)),
        ]);
        assert_eq!(
            domain_from_card_access(&two),
            Some(CaGroup::Ec(NamedCurve::P256))
        );
        // A named curve as id-ecPublicKey parameters; a standardized MODP group.
        let named = infos(vec![
            ca_info(None),
            domain(
                crate::lds::spki::EC_PUBLIC_KEY,
                &crate::lds::der::oid_tlv("1.3.132.0.34"),
                None,
            ),
        ]);
        assert_eq!(
            domain_from_card_access(&named),
            Some(CaGroup::Ec(NamedCurve::P384))
        );
        let dh = infos(vec![ca_info(None), domain(STANDARDIZED, &[2, 1, 2], None)]);
        assert_eq!(
            domain_from_card_access(&dh),
            Some(CaGroup::Dh(
                crate::chip::auth::ca::group::DhDomain::Standardized(ModpId::Modp2048_256)
            ))
        );
        // Nothing usable: no version-2 CA, no domain, an unknown id, two without a key id to
        // choose by, a key id no domain has.
        for bad in [
            infos(vec![domain(STANDARDIZED, &[2, 1, 13], None)]),
            infos(vec![ca_info(Some(1))]),
            infos(vec![ca_info(None), domain(STANDARDIZED, &[2, 1, 99], None)]),
            infos(vec![
                ca_info(None),
                domain(STANDARDIZED, &[2, 1, 13], Some(1)),
                domain(STANDARDIZED, &[2, 1, 12], Some(2)),
            ]),
            infos(vec![
                ca_info(Some(3)),
                domain(STANDARDIZED, &[2, 1, 13], Some(1)),
                domain(STANDARDIZED, &[2, 1, 12], Some(2)),
            ]),
            infos(vec![
                ca_info(None),
                domain(STANDARDIZED, &[0x30, 0x00], None),
            ]),
        ] {
            assert_eq!(domain_from_card_access(&bad), None, "{bad:?}");
        }
    }

    /// The keys and token rebuilt byte by byte with the hash and CMAC crates directly (BSI
    /// TR-03110-3 §A.2.3.2 and §A.2.4.2): KSmac = SHA-1(K ‖ r ‖ 00000002)[..16], and T the
    /// first 8 bytes of CMAC over 7F49 { 06 id-CA-ECDH-AES-CBC-CMAC-128, 86 PK_PCD }.
    #[test]
    fn keys_and_token_follow_tr_03110() {
        use cmac::{Cmac, KeyInit, Mac};
        use sha1::{Digest, Sha1};
        let shared = [0x11u8; 32];
        let nonce = [0x22u8; 8];
        let point = [&[0x04][..], &[0x33; 64]].concat();
        let keys = session_keys(Cipher::Aes128, &shared, &nonce);
        let kdf = |c: u8| {
            let mut h = Sha1::new();
            h.update(shared);
            h.update(nonce);
            h.update([0, 0, 0, c]);
            h.finalize()[..16].to_vec()
        };
        assert_eq!(keys.enc_key(), kdf(1));
        assert_eq!(keys.mac_key(), kdf(2));
        let oid = crate::lds::der::oid_from_string("0.4.0.127.0.7.2.2.3.2.2").unwrap();
        assert_eq!(
            oid,
            [0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03, 0x02, 0x02]
        );
        let mut object = vec![0x7F, 0x49, 0x4F, 0x06, 0x0A];
        object.extend(&oid);
        object.extend([0x86, 0x41]);
        object.extend(&point);
        let mut mac = <Cmac<aes::Aes128> as KeyInit>::new_from_slice(&kdf(2)).unwrap();
        mac.update(&object);
        let want = mac.finalize().into_bytes();
        let group = CaGroup::Ec(crate::crypto::curves::NamedCurve::BrainpoolP256r1);
        let t = token(&oid, &group, &keys, &point).unwrap();
        assert_eq!(t[..], want[..8]);
    }

    #[test]
    fn the_answer_needs_both_nonce_and_token() {
        let mut inner = tlv::tlv(0x81, &[1; 8]);
        inner.extend(tlv::tlv(0x82, &[2; 8]));
        let answer = tlv::tlv(0x7C, &inner);
        assert_eq!(
            nonce_and_token(&answer),
            Some((&[1u8; 8][..], &[2u8; 8][..]))
        );
        assert_eq!(
            nonce_and_token(&tlv::tlv(0x7C, &tlv::tlv(0x81, &[1]))),
            None
        );
        assert_eq!(nonce_and_token(&tlv::tlv(0x7D, &inner)), None);
        assert_eq!(nonce_and_token(&[0x7C, 0x20, 0x81]), None);
        assert_eq!(nonce_and_token(&[]), None);
    }
}
