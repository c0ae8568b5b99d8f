//! Private keys on a token: selecting one by label and/or ID (PKCS#11 CKA_LABEL, CKA_ID),
//! reading its public half (CKA_EC_PARAMS + CKA_EC_POINT, or CKA_MODULUS +
//! CKA_PUBLIC_EXPONENT), and the raw signature mechanisms.

use crate::error::Pkcs11Error;
use cryptoki::mechanism::rsa::{PkcsMgfType, PkcsPssParams};
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::Session;

/// Which private key to use: by label, by ID, or both (RFC 7512 `object` and `id`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeySelector {
    /// CKA_LABEL.
    pub label: Option<String>,
    /// CKA_ID.
    pub id: Option<Vec<u8>>,
}

impl KeySelector {
    fn describe(&self) -> String {
        let id = self.id.as_ref().map(|id| {
            id.iter().fold(String::from("id "), |mut s, b| {
                s.push_str(&format!("{b:02x}"));
                s
            })
        });
        match (&self.label, id) {
            (Some(l), Some(id)) => format!("\"{l}\" ({id})"),
            (Some(l), None) => format!("\"{l}\""),
            (None, Some(id)) => id,
            (None, None) => "(any)".into(),
        }
    }

    fn template(&self, class: ObjectClass) -> Vec<Attribute> {
        let mut template = vec![Attribute::Class(class)];
        if let Some(label) = &self.label {
            template.push(Attribute::Label(label.as_bytes().to_vec()));
        }
        if let Some(id) = &self.id {
            template.push(Attribute::Id(id.clone()));
        }
        template
    }
}

/// The public half of a token key, as the token reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKeyInfo {
    /// An EC key: CKA_EC_PARAMS (DER ECParameters: a curve OID or explicit parameters) and
    /// the SEC1 point (CKA_EC_POINT with its DER OCTET STRING wrapper removed).
    Ec {
        /// DER ECParameters.
        params: Vec<u8>,
        /// SEC1 point.
        point: Vec<u8>,
    },
    /// An RSA key.
    Rsa {
        /// Modulus, big-endian.
        modulus: Vec<u8>,
        /// Public exponent, big-endian.
        exponent: Vec<u8>,
    },
}

/// A private key found on a token.
#[derive(Debug, Clone)]
pub struct TokenKey {
    pub(crate) handle: ObjectHandle,
    /// Its CKA_LABEL (may be empty).
    pub label: String,
    /// Its CKA_ID (may be empty).
    pub id: Vec<u8>,
    /// Its public key.
    pub public: PublicKeyInfo,
}

/// Hash functions a PSS signature can be made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PssHash {
    /// SHA-1.
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

/// A raw signature mechanism (the caller hashes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignMechanism {
    /// CKM_ECDSA over a hash; the token returns r‖s.
    Ecdsa,
    /// CKM_RSA_PKCS over a DER DigestInfo (RFC 8017 §9.2).
    RsaPkcs,
    /// CKM_RSA_PKCS_PSS over a hash, MGF1 with the same hash.
    RsaPss {
        /// The hash the data was made with.
        hash: PssHash,
        /// Salt length in bytes.
        salt_len: u64,
    },
}

impl SignMechanism {
    pub(crate) fn to_cryptoki(self) -> Mechanism<'static> {
        match self {
            Self::Ecdsa => Mechanism::Ecdsa,
            Self::RsaPkcs => Mechanism::RsaPkcs,
            Self::RsaPss { hash, salt_len } => {
                let (hash_alg, mgf) = match hash {
                    PssHash::Sha1 => (MechanismType::SHA1, PkcsMgfType::MGF1_SHA1),
                    PssHash::Sha224 => (MechanismType::SHA224, PkcsMgfType::MGF1_SHA224),
                    PssHash::Sha256 => (MechanismType::SHA256, PkcsMgfType::MGF1_SHA256),
                    PssHash::Sha384 => (MechanismType::SHA384, PkcsMgfType::MGF1_SHA384),
                    PssHash::Sha512 => (MechanismType::SHA512, PkcsMgfType::MGF1_SHA512),
                };
                Mechanism::RsaPkcsPss(PkcsPssParams {
                    hash_alg,
                    mgf,
                    s_len: salt_len.into(),
                })
            }
        }
    }
}

fn find(session: &Session, template: &[Attribute]) -> Result<Vec<ObjectHandle>, Pkcs11Error> {
    session
        .find_objects(template)
        .map_err(|e| Pkcs11Error::call("C_FindObjects", e))
}

fn attributes(
    session: &Session,
    object: ObjectHandle,
    types: &[AttributeType],
) -> Result<Vec<Attribute>, Pkcs11Error> {
    session
        .get_attributes(object, types)
        .map_err(|e| Pkcs11Error::call("C_GetAttributeValue", e))
}

/// Finds exactly one private key matching `selector` and reads its public key.
pub(crate) fn find_private_key(
    session: &Session,
    selector: &KeySelector,
) -> Result<TokenKey, Pkcs11Error> {
    let found = find(session, &selector.template(ObjectClass::PRIVATE_KEY))?;
    let handle = match found.as_slice() {
        [one] => *one,
        [] => {
            return Err(Pkcs11Error::Key(format!(
                "{} not found on the token (is the PIN given? private keys are visible only \
                 after login)",
                selector.describe()
            )));
        }
        more => {
            return Err(Pkcs11Error::Key(format!(
                "{} is ambiguous: {} keys match; give a label and an ID",
                selector.describe(),
                more.len()
            )));
        }
    };
    let mut key_type = None;
    let mut label = String::new();
    let mut id = Vec::new();
    let mut params = None;
    let mut modulus = None;
    let mut exponent = None;
    let wanted = [
        AttributeType::KeyType,
        AttributeType::Label,
        AttributeType::Id,
        AttributeType::EcParams,
        AttributeType::Modulus,
        AttributeType::PublicExponent,
    ];
    for attribute in attributes(session, handle, &wanted)? {
        match attribute {
            Attribute::KeyType(t) => key_type = Some(t),
            Attribute::Label(l) => label = String::from_utf8_lossy(&l).into_owned(),
            Attribute::Id(i) => id = i,
            Attribute::EcParams(p) => params = Some(p),
            Attribute::Modulus(n) => modulus = Some(n),
            Attribute::PublicExponent(e) => exponent = Some(e),
            _ => {}
        }
    }
    let public = match key_type {
        Some(KeyType::EC) => {
            let params =
                params.ok_or_else(|| Pkcs11Error::Key("EC key without CKA_EC_PARAMS".into()))?;
            let point = ec_point(session, selector, &label, &id)?;
            PublicKeyInfo::Ec { params, point }
        }
        Some(KeyType::RSA) => match (modulus, exponent) {
            (Some(modulus), Some(exponent)) => PublicKeyInfo::Rsa { modulus, exponent },
            _ => {
                return Err(Pkcs11Error::Key(
                    "RSA key without a readable modulus and public exponent".into(),
                ));
            }
        },
        Some(other) => {
            return Err(Pkcs11Error::Unsupported(format!(
                "key type {other}; Terminal Authentication signs with EC or RSA keys"
            )));
        }
        None => {
            return Err(Pkcs11Error::Key(
                "the token did not report CKA_KEY_TYPE".into(),
            ));
        }
    };
    Ok(TokenKey {
        handle,
        label,
        id,
        public,
    })
}

/// The EC point of the public key object paired with the private key (same ID, else same
/// label): PKCS#11 keeps CKA_EC_POINT on the public key only.
fn ec_point(
    session: &Session,
    selector: &KeySelector,
    label: &str,
    id: &[u8],
) -> Result<Vec<u8>, Pkcs11Error> {
    let pair = if id.is_empty() {
        KeySelector {
            label: Some(label.to_owned()),
            id: None,
        }
    } else {
        KeySelector {
            label: None,
            id: Some(id.to_vec()),
        }
    };
    let found = find(session, &pair.template(ObjectClass::PUBLIC_KEY))?;
    let [public] = found.as_slice() else {
        return Err(Pkcs11Error::Key(format!(
            "{}: {} public key objects with its ID or label; one is needed for the EC point",
            selector.describe(),
            found.len()
        )));
    };
    for attribute in attributes(session, *public, &[AttributeType::EcPoint])? {
        if let Attribute::EcPoint(point) = attribute {
            return Ok(unwrap_octet_string(point));
        }
    }
    Err(Pkcs11Error::Key("public key without CKA_EC_POINT".into()))
}

/// CKA_EC_POINT is a DER OCTET STRING holding the SEC1 point (PKCS#11 v2.40 §2.3.3); some
/// modules give the bare point. Removes the wrapper when the bytes are exactly one.
fn unwrap_octet_string(bytes: Vec<u8>) -> Vec<u8> {
    let inner = match bytes.as_slice() {
        [0x04, len, rest @ ..] if usize::from(*len) < 0x80 && usize::from(*len) == rest.len() => {
            Some(rest)
        }
        [0x04, 0x81, len, rest @ ..] if usize::from(*len) == rest.len() => Some(rest),
        [0x04, 0x82, hi, lo, rest @ ..]
            if usize::from(u16::from_be_bytes([*hi, *lo])) == rest.len() =>
        {
            Some(rest)
        }
        _ => None,
    };
    inner.map_or(bytes.clone(), <[u8]>::to_vec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ec_point_wrapper_is_removed_only_when_it_is_one() {
        let point: Vec<u8> = [4u8].into_iter().chain(1..=64).collect();
        let mut wrapped = vec![0x04, 0x41];
        wrapped.extend(&point);
        assert_eq!(unwrap_octet_string(wrapped), point);
        // A bare point stays as it is.
        assert_eq!(unwrap_octet_string(point.clone()), point);
        let big: Vec<u8> = [4u8].into_iter().chain((0..132).map(|b| b as u8)).collect();
        let mut wrapped = vec![0x04, 0x81, 133];
        wrapped.extend(&big);
        assert_eq!(unwrap_octet_string(wrapped), big);
        assert_eq!(unwrap_octet_string(vec![]), Vec::<u8>::new());
    }

    #[test]
    fn selectors_describe_themselves() {
        let s = KeySelector {
            label: Some("ta".into()),
            id: Some(vec![1, 0xab]),
        };
        assert_eq!(s.describe(), "\"ta\" (id 01ab)");
        assert_eq!(KeySelector::default().describe(), "(any)");
    }
}
