//! A terminal key held in a PKCS#8 file (DER or PEM): [`FileSigner`] signs for Terminal
//! Authentication with ECDSA on every supported curve or RSA (PKCS#1 v1.5, PSS).

use crate::crypto::rsa_sign::RsaPrivateKey;
use crate::crypto::signature::{PublicKey, SignatureAlgorithm};
use crate::terminal::ecdsa::sign_digest;
use crate::terminal::pkcs8::{PrivateKey, decode};
use crate::terminal::{SignerError, TerminalSigner};
use rand_core::CryptoRng;
use std::path::Path;
use std::sync::Mutex;
use zeroize::Zeroizing;

/// The random source a signer may hold: hedges ECDSA nonces, blinds RSA, salts PSS.
pub type SignerRng = Box<dyn CryptoRng + Send>;

/// A terminal private key loaded from a PKCS#8 file, signing with one TA algorithm.
///
/// Without an RNG ECDSA nonces are deterministic (RFC 6979) and RSA PKCS#1 v1.5 signs
/// unblinded; RSA-PSS needs an RNG for its salt. The key is zeroized when dropped.
pub struct FileSigner {
    key: PrivateKey,
    algorithm: SignatureAlgorithm,
    rng: Option<Mutex<SignerRng>>,
    source: String,
}

impl std::fmt::Debug for FileSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileSigner")
            .field("source", &self.source)
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

impl FileSigner {
    /// Loads the PKCS#8 key (DER or PEM) at `path` to sign with `algorithm`.
    pub fn from_file(path: &Path, algorithm: SignatureAlgorithm) -> Result<Self, SignerError> {
        let bytes =
            crate::local_file::read_required_file(path, crate::local_file::MAX_CREDENTIAL_FILE_LEN)
                .map(Zeroizing::new)
                .map_err(|e| {
                    SignerError::Unavailable(format!("cannot read {}: {e}", path.display()))
                })?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        Self::from_pkcs8(&bytes, algorithm, &format!("file {name}"))
    }

    /// Decodes a PKCS#8 key (DER or PEM) to sign with `algorithm`; `source` names it in
    /// [`describe`](TerminalSigner::describe).
    pub fn from_pkcs8(
        bytes: &[u8],
        algorithm: SignatureAlgorithm,
        source: &str,
    ) -> Result<Self, SignerError> {
        let key = decode(bytes)?;
        check_fit(&key, &algorithm)?;
        Ok(Self {
            key,
            algorithm,
            rng: None,
            source: source.to_owned(),
        })
    }

    /// Uses `rng` from now on: hedged ECDSA nonces (RFC 6979 §3.6), RSA blinding, PSS salts.
    pub fn with_rng(mut self, rng: SignerRng) -> Self {
        self.rng = Some(Mutex::new(rng));
        self
    }

    /// The public key matching the private key (for comparison with the terminal certificate).
    pub fn public_key(&self) -> PublicKey {
        match &self.key {
            PrivateKey::Ec { curve, point, .. } => PublicKey::Ec {
                curve: *curve,
                point: point.clone(),
            },
            PrivateKey::Rsa(key) => PublicKey::Rsa {
                n: key.modulus(),
                e: key.exponent(),
            },
        }
    }

    /// Fills `out` from the RNG; false without one.
    fn fill_random(&self, out: &mut [u8]) -> Result<bool, SignerError> {
        let Some(rng) = &self.rng else {
            return Ok(false);
        };
        let mut rng = rng
            .lock()
            .map_err(|_| SignerError::Failed("RNG lock poisoned".into()))?;
        rng.fill_bytes(out);
        Ok(true)
    }

    fn sign_rsa(&self, key: &RsaPrivateKey, digest: &[u8]) -> Result<Vec<u8>, SignerError> {
        let failed = |e: crate::crypto::rsa_sign::RsaError| SignerError::Failed(e.to_string());
        match self.algorithm {
            SignatureAlgorithm::RsaPkcs1 { hash } => match &self.rng {
                Some(rng) => key.sign_pkcs1v15(hash, digest, Some(&mut **lock(rng)?)),
                None => key.sign_pkcs1v15::<SignerRngTarget>(hash, digest, None),
            }
            .map_err(failed),
            SignatureAlgorithm::RsaPss { hash, salt_len, .. } => {
                let rng = self.rng.as_ref().ok_or_else(|| {
                    SignerError::Unsupported("RSA-PSS needs an RNG for its salt".into())
                })?;
                key.sign_pss(hash, salt_len, digest, &mut **lock(rng)?)
                    .map_err(failed)
            }
            SignatureAlgorithm::Ecdsa { .. } => Err(mismatch(&self.algorithm, "RSA")),
        }
    }
}

/// The RNG type behind [`SignerRng`], named for a call without one.
type SignerRngTarget = dyn CryptoRng + Send;

/// The signer's RNG, locked.
fn lock(rng: &Mutex<SignerRng>) -> Result<std::sync::MutexGuard<'_, SignerRng>, SignerError> {
    rng.lock()
        .map_err(|_| SignerError::Failed("RNG lock poisoned".into()))
}

fn mismatch(algorithm: &SignatureAlgorithm, key: &str) -> SignerError {
    SignerError::Unsupported(format!(
        "algorithm {} does not fit an {key} key",
        algorithm.describe()
    ))
}

/// Refuses an algorithm of the other key type, and PSS whose MGF1 hash differs (TA's
/// id-TA-RSA-PSS-* use the message hash for MGF1, BSI TR-03110-3 §A.6.4.2).
fn check_fit(key: &PrivateKey, algorithm: &SignatureAlgorithm) -> Result<(), SignerError> {
    match (key, algorithm) {
        (PrivateKey::Ec { .. }, SignatureAlgorithm::Ecdsa { .. }) => Ok(()),
        (PrivateKey::Ec { curve, .. }, _) => Err(mismatch(algorithm, curve.name())),
        (PrivateKey::Rsa(_), SignatureAlgorithm::Ecdsa { .. }) => Err(mismatch(algorithm, "RSA")),
        (PrivateKey::Rsa(_), SignatureAlgorithm::RsaPss { hash, mgf_hash, .. })
            if hash != mgf_hash =>
        {
            Err(SignerError::Unsupported(
                "RSA-PSS with an MGF1 hash other than the message hash".into(),
            ))
        }
        (PrivateKey::Rsa(_), _) => Ok(()),
    }
}

impl TerminalSigner for FileSigner {
    fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignerError> {
        let digest = self.algorithm.hash().digest(message);
        match &self.key {
            PrivateKey::Ec { curve, scalar, .. } => {
                let mut extra = Zeroizing::new(vec![0u8; curve.field_len()]);
                if !self.fill_random(&mut extra)? {
                    extra.clear();
                }
                sign_digest(*curve, scalar, self.algorithm.hash(), &digest, &extra)
            }
            PrivateKey::Rsa(key) => self.sign_rsa(key, &digest),
        }
    }

    fn describe(&self) -> String {
        format!("{} ({})", self.source, self.public_key().describe())
    }
}
