//! The PKCS#11 adapter: [`Pkcs11Signer`] signs for Terminal Authentication with a private key
//! in a token (drivers/pkcs11), named by a `pkcs11:` URI. The message is hashed here; the
//! token signs raw (CKM_ECDSA, CKM_RSA_PKCS over a DigestInfo, CKM_RSA_PKCS_PSS).

use crate::crypto::curves::NamedCurve;
use crate::crypto::hash::HashAlgorithm;
use crate::crypto::signature::{
    PublicKey, SignatureAlgorithm, digest_info_prefix, ecdsa_signature_scalars,
};
use crate::terminal::pkcs8::curve_from_der;
use crate::terminal::uri::{PinSpec, Pkcs11Uri};
use crate::terminal::{SignerError, TerminalSigner};
use idverify_pkcs11::{
    KeySelector, Pin, Pkcs11Error, PssHash, PublicKeyInfo, SignMechanism, Token, TokenKey,
    TokenSelector,
};
use zeroize::Zeroizing;

impl From<Pkcs11Error> for SignerError {
    fn from(error: Pkcs11Error) -> Self {
        match error {
            Pkcs11Error::Unsupported(what) => SignerError::Unsupported(what),
            Pkcs11Error::Call { .. } => SignerError::Failed(error.to_string()),
            other => SignerError::Unavailable(other.to_string()),
        }
    }
}

/// A terminal private key in a PKCS#11 token. One session per signer, serialised by the
/// driver, so a signer may be shared between threads.
#[derive(Debug)]
pub struct Pkcs11Signer {
    token: Token,
    key: TokenKey,
    public: PublicKey,
    algorithm: SignatureAlgorithm,
}

/// Reads the PIN a URI names (first line of a `pin-source` file).
fn resolve_pin(spec: &PinSpec) -> Result<Pin, SignerError> {
    match spec {
        PinSpec::Value(pin) => Ok(Pin::new(pin.as_str())),
        PinSpec::File(path) => {
            let text = std::fs::read_to_string(path)
                .map(Zeroizing::new)
                .map_err(|e| {
                    SignerError::Unavailable(format!(
                        "cannot read PIN file {}: {e}",
                        path.display()
                    ))
                })?;
            Ok(Pin::new(text.lines().next().unwrap_or_default()))
        }
    }
}

fn public_key(info: &PublicKeyInfo) -> Result<PublicKey, SignerError> {
    Ok(match info {
        PublicKeyInfo::Ec { params, point } => PublicKey::Ec {
            curve: curve_from_der(params)?,
            point: point.clone(),
        },
        PublicKeyInfo::Rsa { modulus, exponent } => PublicKey::Rsa {
            n: modulus.clone(),
            e: exponent.clone(),
        },
    })
}

fn pss_hash(hash: HashAlgorithm) -> PssHash {
    match hash {
        HashAlgorithm::Sha1 => PssHash::Sha1,
        HashAlgorithm::Sha224 => PssHash::Sha224,
        HashAlgorithm::Sha256 => PssHash::Sha256,
        HashAlgorithm::Sha384 => PssHash::Sha384,
        HashAlgorithm::Sha512 => PssHash::Sha512,
    }
}

/// Brings a token's ECDSA signature to plain r‖s of the order length (BSI TR-03111 §5.2.1):
/// PKCS#11 v2.40 §2.3.1 specifies that already, but some tokens drop leading zero bytes of
/// r and s or answer in DER.
fn plain_rs(sig: &[u8], curve: NamedCurve) -> Result<Vec<u8>, SignerError> {
    let len = curve.field_len();
    let (r, s) = match ecdsa_signature_scalars(sig, len) {
        Ok(rs) => rs,
        Err(_) if sig.len().is_multiple_of(2) && sig.len() < 2 * len && !sig.is_empty() => {
            let (r, s) = sig.split_at(sig.len() / 2);
            let pad = |x: &[u8]| [vec![0u8; len.saturating_sub(x.len())], x.to_vec()].concat();
            (pad(r), pad(s))
        }
        Err(_) => {
            return Err(SignerError::Failed(format!(
                "the token's ECDSA signature has {} bytes, not 2 × {len}",
                sig.len()
            )));
        }
    };
    Ok([r, s].concat())
}

impl Pkcs11Signer {
    /// Opens the key a `pkcs11:` URI names (see [`Pkcs11Uri`]) to sign with `algorithm`.
    pub fn from_uri(uri: &str, algorithm: SignatureAlgorithm) -> Result<Self, SignerError> {
        Self::open(&Pkcs11Uri::parse(uri)?, algorithm)
    }

    /// Loads the module, opens and logs in to the token, finds the key and checks that it
    /// fits `algorithm`.
    pub fn open(uri: &Pkcs11Uri, algorithm: SignatureAlgorithm) -> Result<Self, SignerError> {
        let pin = uri.pin.as_ref().map(resolve_pin).transpose()?;
        let selector = TokenSelector {
            label: uri.token.clone(),
            serial: uri.serial.clone(),
        };
        let token = Token::open(&uri.module_path, &selector, pin.as_ref())?;
        let key = token.find_key(&KeySelector {
            label: uri.object.clone(),
            id: uri.id.clone(),
        })?;
        let public = public_key(&key.public)?;
        let fits = match (&public, algorithm) {
            (PublicKey::Ec { .. }, SignatureAlgorithm::Ecdsa { .. }) => true,
            (PublicKey::Rsa { .. }, SignatureAlgorithm::RsaPkcs1 { .. }) => true,
            (PublicKey::Rsa { .. }, SignatureAlgorithm::RsaPss { hash, mgf_hash, .. }) => {
                hash == mgf_hash
            }
            _ => false,
        };
        if !fits {
            return Err(SignerError::Unsupported(format!(
                "algorithm {} does not fit the token's {} key",
                algorithm.describe(),
                public.describe()
            )));
        }
        Ok(Pkcs11Signer {
            token,
            key,
            public,
            algorithm,
        })
    }

    /// The key's public half as the token reports it (for comparison with the terminal
    /// certificate).
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }
}

impl TerminalSigner for Pkcs11Signer {
    fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignerError> {
        let digest = self.algorithm.hash().digest(message);
        match (self.algorithm, &self.public) {
            (SignatureAlgorithm::Ecdsa { .. }, PublicKey::Ec { curve, .. }) => {
                let sig = self.token.sign(&self.key, &SignMechanism::Ecdsa, &digest)?;
                plain_rs(&sig, *curve)
            }
            (SignatureAlgorithm::RsaPkcs1 { hash }, _) => {
                // EMSA-PKCS1-v1_5 (RFC 8017 §9.2): the token pads, we give the DigestInfo.
                let mut info = digest_info_prefix(hash).to_vec();
                info.extend_from_slice(&digest);
                Ok(self.token.sign(&self.key, &SignMechanism::RsaPkcs, &info)?)
            }
            (SignatureAlgorithm::RsaPss { hash, salt_len, .. }, _) => {
                let mechanism = SignMechanism::RsaPss {
                    hash: pss_hash(hash),
                    salt_len: salt_len as u64,
                };
                Ok(self.token.sign(&self.key, &mechanism, &digest)?)
            }
            (SignatureAlgorithm::Ecdsa { .. }, _) => {
                Err(SignerError::Unsupported("ECDSA with a non-EC key".into()))
            }
        }
    }

    fn describe(&self) -> String {
        let key = if self.key.label.is_empty() {
            let id: String = self.key.id.iter().map(|b| format!("{b:02x}")).collect();
            format!("id {id}")
        } else {
            format!("\"{}\"", self.key.label)
        };
        format!(
            "PKCS#11 token \"{}\", key {key} ({})",
            self.token.label(),
            self.public.describe()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_signatures_become_plain_r_s_of_the_order_length() {
        let curve = NamedCurve::P256;
        let full = [[0x11u8; 32], [0x22; 32]].concat();
        assert_eq!(plain_rs(&full, curve).unwrap(), full);
        // Short halves (leading zeros dropped) are padded back.
        let short = [[0x11u8; 31], [0x22; 31]].concat();
        let padded = plain_rs(&short, curve).unwrap();
        assert_eq!(padded.len(), 64);
        assert_eq!(
            (padded[0], padded[1], padded[32], padded[33]),
            (0, 0x11, 0, 0x22)
        );
        // DER from a non-conforming token.
        let der = [&[0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07][..]].concat();
        let plain = plain_rs(&der, curve).unwrap();
        assert_eq!((plain[31], plain[63], plain.len()), (5, 7, 64));
        for bad in [&[][..], &[1, 2, 3], &[0u8; 66]] {
            assert!(matches!(plain_rs(bad, curve), Err(SignerError::Failed(_))));
        }
    }

    #[test]
    fn driver_errors_map_to_signer_errors() {
        assert!(matches!(
            SignerError::from(Pkcs11Error::PinIncorrect),
            SignerError::Unavailable(m) if m.contains("PIN")
        ));
        assert!(matches!(
            SignerError::from(Pkcs11Error::Unsupported("DSA".into())),
            SignerError::Unsupported(_)
        ));
        assert!(matches!(
            SignerError::from(Pkcs11Error::Call {
                operation: "C_Sign",
                reason: "CKR_DEVICE_ERROR".into()
            }),
            SignerError::Failed(m) if m.contains("C_Sign")
        ));
    }
}
