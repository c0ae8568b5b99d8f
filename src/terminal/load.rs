//! Loading a terminal for Terminal Authentication: its card-verifiable certificates from a
//! folder or from memory, and its key from a PKCS#8 file, PKCS#8 bytes or a PKCS#11 URI.

use crate::crypto::signature::{PublicKey, SignatureAlgorithm};
use crate::local_file::{MAX_CREDENTIAL_FILE_LEN, read_required_file};
use crate::pki::cvc::{CvCertificate, CvcDate, CvcKeyData, Role};
use crate::terminal::TerminalCredentials;
use crate::terminal::{FileSigner, Pkcs11Signer, SignerError, TerminalSigner};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use zeroize::Zeroizing;

/// Why a terminal's certificates or key could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TerminalLoadError {
    /// A folder or file could not be read.
    #[error("{}: {reason}", path.display())]
    Unreadable {
        /// The folder or file.
        path: PathBuf,
        /// The operating system's reason.
        reason: String,
    },
    /// None of the certificates is a terminal certificate (role in its CHAT).
    #[error("{origin}: no terminal certificate")]
    NoTerminalCertificate {
        /// The folder, or "the certificates given" for certificates from memory.
        origin: String,
    },
    /// A certificate does not parse.
    #[error("{origin}: {reason}")]
    Certificate {
        /// Its file, or "certificate N" (from 0) for certificates from memory.
        origin: String,
        /// Why it is not a card-verifiable certificate.
        reason: String,
    },
    /// The terminal certificate names a key algorithm (id-TA OID) this library does not know.
    #[error("{chr}: unknown key algorithm {oid}")]
    KeyAlgorithm {
        /// The terminal certificate's holder reference.
        chr: String,
        /// The OID it names.
        oid: String,
    },
    /// The key does not open: unreadable, malformed, a token that refuses, an algorithm that
    /// does not fit the terminal certificate's.
    #[error("{0}")]
    Key(#[from] SignerError),
    /// The key opens but is not the private key of any terminal certificate given.
    #[error("the key ({key}) is not the key of terminal certificate {chr}")]
    KeyMismatch {
        /// The first terminal certificate's holder reference.
        chr: String,
        /// The key as [`TerminalSigner::describe`] names it.
        key: String,
    },
}

/// The terminal's certificates in `dir`: every `*.cvcert` and `*.cvc` file, in name order
/// (not recursive).
pub fn read_certificates(dir: &Path) -> Result<Vec<CvCertificate>, TerminalLoadError> {
    let unreadable = |path: &Path, e: std::io::Error| TerminalLoadError::Unreadable {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| unreadable(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "cvcert" || x == "cvc"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let bytes =
                read_required_file(p, MAX_CREDENTIAL_FILE_LEN).map_err(|e| unreadable(p, e))?;
            CvCertificate::parse(&bytes).map_err(|e| TerminalLoadError::Certificate {
                origin: p.display().to_string(),
                reason: e.to_string(),
            })
        })
        .collect()
}

/// The first terminal certificate and the signature algorithm its key signs with.
fn terminal_algorithm<'c>(
    certificates: &'c [CvCertificate],
    source: &str,
) -> Result<(&'c CvCertificate, SignatureAlgorithm), TerminalLoadError> {
    let terminal = certificates
        .iter()
        .find(|c| c.body.chat.role == Role::Terminal)
        .ok_or_else(|| TerminalLoadError::NoTerminalCertificate {
            origin: source.to_string(),
        })?;
    let key = &terminal.body.public_key;
    let algorithm = key
        .algorithm
        .ok_or_else(|| TerminalLoadError::KeyAlgorithm {
            chr: terminal.body.chr.clone(),
            oid: key.oid.clone(),
        })?
        .signature_algorithm();
    Ok((terminal, algorithm))
}

/// Whether `key` is the public key of one of the terminal certificates.
fn key_matches(certificates: &[CvCertificate], key: &PublicKey) -> bool {
    certificates
        .iter()
        .filter(|c| c.body.chat.role == Role::Terminal)
        .any(|c| match (&c.body.public_key.data, key) {
            (CvcKeyData::Ec { point, .. }, PublicKey::Ec { point: p, .. }) => point == p,
            (CvcKeyData::Rsa { n, e }, PublicKey::Rsa { n: n2, e: e2 }) => {
                strip(n) == strip(n2) && strip(e) == strip(e2)
            }
            _ => false,
        })
}

fn strip(integer: &[u8]) -> &[u8] {
    let zeros = integer.iter().take_while(|&&b| b == 0).count();
    integer.get(zeros..).unwrap_or_default()
}

/// Decodes a PKCS#8 key for the terminal certificate among `certificates` and checks it is
/// that certificate's key.
fn pkcs8_signer(
    certificates: &[CvCertificate],
    pkcs8: &[u8],
    algorithm: SignatureAlgorithm,
    chr: &str,
    source: &str,
) -> Result<Arc<dyn TerminalSigner>, TerminalLoadError> {
    let signer = FileSigner::from_pkcs8(pkcs8, algorithm, source)?;
    if !key_matches(certificates, &signer.public_key()) {
        return Err(TerminalLoadError::KeyMismatch {
            chr: chr.to_string(),
            key: signer.describe(),
        });
    }
    Ok(Arc::new(signer))
}

impl TerminalCredentials {
    /// Loads a terminal as the desk configures it: the certificates in `chain_dir` (see
    /// [`read_certificates`]; CVCAs, link, DV and terminal certificates) and the key `key`,
    /// either the path of a PKCS#8 file (DER or PEM, checked against the terminal
    /// certificate's public key) or an RFC 7512 `pkcs11:` URI ([`crate::terminal::Pkcs11Uri`]). The key
    /// signs with the algorithm the first terminal certificate names. `today` is the date the
    /// chain is checked at when Terminal Authentication runs.
    pub fn load(chain_dir: &Path, key: &str, today: CvcDate) -> Result<Self, TerminalLoadError> {
        let certificates = read_certificates(chain_dir)?;
        let (terminal, algorithm) =
            terminal_algorithm(&certificates, &chain_dir.display().to_string())?;
        let chr = terminal.body.chr.clone();
        let signer: Arc<dyn TerminalSigner> = if key.starts_with("pkcs11:") {
            Arc::new(Pkcs11Signer::from_uri(key, algorithm)?)
        } else {
            let path = Path::new(key);
            let bytes = read_required_file(path, MAX_CREDENTIAL_FILE_LEN)
                .map(Zeroizing::new)
                .map_err(|e| TerminalLoadError::Unreadable {
                    path: path.to_path_buf(),
                    reason: e.to_string(),
                })?;
            let name = path
                .file_name()
                .map_or_else(|| key.to_string(), |n| n.to_string_lossy().into_owned());
            pkcs8_signer(
                &certificates,
                &bytes,
                algorithm,
                &chr,
                &format!("file {name}"),
            )?
        };
        Ok(TerminalCredentials {
            certificates,
            signer,
            today,
        })
    }

    /// A terminal from memory: `certificates` as DER-encoded card-verifiable certificates
    /// (any order) and its PKCS#8 private key (DER or PEM), checked against the terminal
    /// certificate's public key. `today` as in [`Self::load`].
    pub fn from_der(
        certificates: &[&[u8]],
        pkcs8: &[u8],
        today: CvcDate,
    ) -> Result<Self, TerminalLoadError> {
        let certificates = certificates
            .iter()
            .enumerate()
            .map(|(i, der)| {
                CvCertificate::parse(der).map_err(|e| TerminalLoadError::Certificate {
                    origin: format!("certificate {i}"),
                    reason: e.to_string(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let (terminal, algorithm) = terminal_algorithm(&certificates, "the certificates given")?;
        let chr = terminal.body.chr.clone();
        let signer = pkcs8_signer(&certificates, pkcs8, algorithm, &chr, "key in memory")?;
        Ok(TerminalCredentials {
            certificates,
            signer,
            today,
        })
    }
}

/// Checks the loaded terminal: its key signs as one of its terminal certificates' keys (a
/// signature over a fixed message verifies under that certificate's key).
fn assert_signs_as_terminal(t: &TerminalCredentials) {
    let message = b"idverify terminal credentials property";
    let Ok(signature) = t.signer.sign(message) else {
        return;
    };
    let verifies = t
        .certificates
        .iter()
        .filter(|c| c.body.chat.role == Role::Terminal)
        .any(|c| {
            // The curve of a terminal key comes from its chain's CVCA; try every curve.
            crate::crypto::curves::NamedCurve::ALL.iter().any(|&curve| {
                crate::crypto::signature::verify(
                    &c.body.public_key.to_public_key(Some(curve)),
                    &t.signer.algorithm(),
                    message,
                    &signature,
                )
                .is_ok()
            })
        });
    assert!(
        verifies,
        "a loaded key is not the key of any terminal certificate"
    );
}

/// Splits `data` into a count byte's worth of 2-byte-length-prefixed chunks and the rest.
fn chunks(data: &[u8]) -> (Vec<&[u8]>, &[u8]) {
    let Some((&count, mut rest)) = data.split_first() else {
        return (Vec::new(), data);
    };
    let mut out = Vec::new();
    for _ in 0..count % 8 {
        let [hi, lo, tail @ ..] = rest else {
            break;
        };
        let n = (usize::from(*hi) << 8 | usize::from(*lo)).min(tail.len());
        let (chunk, tail) = tail.split_at(n);
        out.push(chunk);
        rest = tail;
    }
    (out, rest)
}

/// The `terminal_credentials` fuzz property: loading a terminal never panics, errors say
/// something, and a terminal that loads holds a key that signs as one of its terminal
/// certificates. Input: one byte choosing the source — a `pkcs11:` URI (parsed only, no
/// token is opened), certificates and a PKCS#8 key from memory, or the same written as a
/// terminal folder and key file — then, for the latter two, a count byte, that many
/// certificates each with a 2-byte big-endian length, and the key bytes.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    let Some((how, rest)) = data.split_first() else {
        return;
    };
    let today = CvcDate {
        year: 2026,
        month: 6,
        day: 1,
    };
    match how % 3 {
        0 => {
            let text = String::from_utf8_lossy(rest);
            for uri in [text.to_string(), format!("pkcs11:{text}")] {
                match crate::terminal::Pkcs11Uri::parse(&uri) {
                    Ok(parsed) => assert!(!parsed.module_path.as_os_str().is_empty()),
                    Err(e) => assert!(!e.to_string().is_empty()),
                }
            }
        }
        1 => {
            let (certificates, key) = chunks(rest);
            match TerminalCredentials::from_der(&certificates, key, today) {
                Ok(t) => assert_signs_as_terminal(&t),
                Err(e) => assert!(!e.to_string().is_empty()),
            }
        }
        _ => {
            let (certificates, key) = chunks(rest);
            let dir = std::env::temp_dir().join(format!(
                "idverify-terminal-credentials-{}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            if std::fs::create_dir_all(&dir).is_err() {
                return;
            }
            let key_path = dir.join("terminal.pk8");
            let written = certificates
                .iter()
                .enumerate()
                .try_for_each(|(i, c)| std::fs::write(dir.join(format!("{i}.cvcert")), c))
                .and_then(|()| std::fs::write(&key_path, key));
            if written.is_ok() {
                match TerminalCredentials::load(&dir, &key_path.to_string_lossy(), today) {
                    Ok(t) => assert_signs_as_terminal(&t),
                    Err(e) => assert!(!e.to_string().is_empty()),
                }
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::cvc::testing::{self, TestChain};

    fn today() -> CvcDate {
        testing::date("2026-11-22")
    }

    /// A fresh folder with `chain`'s certificates, the IS CVCA (as `cvca.cvc`), the terminal's
    /// key and a file that is no certificate.
    fn terminal_dir(name: &str, chain: TestChain) -> (PathBuf, String) {
        let dir =
            std::env::temp_dir().join(format!("idverify-ta-load-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        testing::write_terminal_dir(chain, &dir).unwrap();
        std::fs::rename(dir.join("cvca.cvcert"), dir.join("cvca.cvc")).unwrap();
        std::fs::write(dir.join("notes.txt"), b"not a certificate").unwrap();
        (dir, chain.build().1)
    }

    fn key_path(dir: &Path) -> String {
        dir.join("terminal.pk8").to_str().unwrap().to_string()
    }

    #[test]
    fn a_folder_with_chain_and_key_loads_and_signs_as_the_terminal() {
        let (dir, terminal) = terminal_dir("good", TestChain::Valid);
        let t = TerminalCredentials::load(&dir, &key_path(&dir), today()).unwrap();
        // DV, terminal and CVCA; the text file is skipped.
        assert_eq!(t.certificates.len(), 3);
        assert_eq!(t.today, today());
        assert!(t.signer.describe().starts_with("file terminal.pk8"));
        // It signs as the terminal certificate's key: the signature verifies under it.
        let cert = t
            .certificates
            .iter()
            .find(|c| c.body.chr == terminal)
            .unwrap();
        let signature = t.signer.sign(b"challenge").unwrap();
        let public = cert.body.public_key.to_public_key(Some(testing::CURVE));
        crate::crypto::signature::verify(&public, &t.signer.algorithm(), b"challenge", &signature)
            .unwrap();
        assert!(
            crate::crypto::signature::verify(&public, &t.signer.algorithm(), b"other", &signature)
                .is_err()
        );
        // The chain builds from the folder's certificates to the CVCA.
        let run = crate::chip::auth::ta::run::Terminal {
            certificates: t.certificates.clone(),
            signer: &*t.signer,
        };
        let chains = run.chains();
        assert_eq!(chains.len(), 1);
        assert_eq!(chains[0].len(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn certificates_and_key_from_memory_load_like_the_folder() {
        let (certs, terminal) = TestChain::AuthenticationTerminal.build();
        let der: Vec<Vec<u8>> = certs.iter().map(|c| c.to_bytes()).collect();
        let refs: Vec<&[u8]> = der.iter().map(Vec::as_slice).collect();
        let t = TerminalCredentials::from_der(&refs, &testing::pkcs8(&terminal), today()).unwrap();
        assert_eq!(t.certificates, certs);
        assert_eq!(t.signer.describe(), "key in memory (EC brainpoolP256r1)");

        // Another terminal's key is refused by name.
        let other = testing::pkcs8("DETIS0000001");
        let e = TerminalCredentials::from_der(&refs, &other, today()).unwrap_err();
        assert!(matches!(&e, TerminalLoadError::KeyMismatch { chr, .. } if *chr == terminal));
        assert!(
            e.to_string()
                .contains("is not the key of terminal certificate DETAT"),
            "{e}"
        );
        // Garbage certificate bytes name their position.
        let e = TerminalCredentials::from_der(&[refs[0], &[0x7F, 0x21, 0x05]], &other, today())
            .unwrap_err();
        assert!(e.to_string().starts_with("certificate 1: "), "{e}");
        // Only a DV: no terminal certificate.
        let e = TerminalCredentials::from_der(&refs[..1], &other, today()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the certificates given: no terminal certificate"
        );
    }

    #[test]
    fn a_folder_without_a_terminal_certificate_is_refused() {
        let (dir, terminal) = terminal_dir("no-terminal", TestChain::Valid);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.to_string_lossy().contains(&terminal) {
                std::fs::remove_file(p).unwrap();
            }
        }
        let e = TerminalCredentials::load(&dir, &key_path(&dir), today()).unwrap_err();
        assert!(matches!(e, TerminalLoadError::NoTerminalCertificate { .. }));
        assert_eq!(
            e.to_string(),
            format!("{}: no terminal certificate", dir.display())
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_broken_certificate_file_is_named() {
        let (dir, _) = terminal_dir("broken-cert", TestChain::Valid);
        let broken = dir.join("9-broken.cvcert");
        std::fs::write(&broken, [0x7F, 0x21, 0x82, 0x01]).unwrap();
        let e = TerminalCredentials::load(&dir, &key_path(&dir), today()).unwrap_err();
        assert!(
            matches!(&e, TerminalLoadError::Certificate { origin, .. } if origin.ends_with("9-broken.cvcert")),
            "{e:?}"
        );
        assert!(e.to_string().contains("CV certificate"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_bad_key_and_a_wrong_path_are_refused_with_their_reason() {
        let (dir, _) = terminal_dir("bad-key", TestChain::Valid);
        // Not PKCS#8.
        std::fs::write(dir.join("terminal.pk8"), b"-----BEGIN NOTHING-----\n").unwrap();
        let e = TerminalCredentials::load(&dir, &key_path(&dir), today()).unwrap_err();
        assert!(
            matches!(e, TerminalLoadError::Key(SignerError::Malformed(_))),
            "{e:?}"
        );
        assert!(e.to_string().starts_with("terminal key malformed"), "{e}");
        // A key of another terminal.
        std::fs::write(dir.join("terminal.pk8"), testing::pkcs8("DETAT0000001")).unwrap();
        let e = TerminalCredentials::load(&dir, &key_path(&dir), today()).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("the key (file terminal.pk8 (EC brainpoolP256r1)) is not the key"),
            "{e}"
        );
        // A path that does not exist.
        let missing = dir.join("missing.pk8");
        let e = TerminalCredentials::load(&dir, missing.to_str().unwrap(), today()).unwrap_err();
        assert!(
            matches!(&e, TerminalLoadError::Unreadable { path, .. } if *path == missing),
            "{e:?}"
        );
        // A folder that does not exist.
        let e = TerminalCredentials::load(&dir.join("nope"), &key_path(&dir), today()).unwrap_err();
        assert!(matches!(e, TerminalLoadError::Unreadable { .. }), "{e:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The committed seeds: a URI, a valid terminal from memory and as a folder, and one
    /// whose key belongs to another terminal. `IDVERIFY_WRITE_FUZZ_SEEDS=1` writes them.
    #[test]
    fn the_fuzz_seeds_hold() {
        let (mut certs, terminal) = TestChain::Valid.build();
        certs.push(testing::cvca(testing::CVCA_IS));
        let input = |how: u8, key: &[u8]| {
            let mut out = vec![how, certs.len() as u8];
            for c in &certs {
                let der = c.to_bytes();
                out.extend((der.len() as u16).to_be_bytes());
                out.extend(der);
            }
            out.extend(key);
            out
        };
        let uri = [
            &[0u8][..],
            b"pkcs11:token=desk-1;object=ta-2026;id=%01?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-value=1234",
        ]
        .concat();
        let seeds = [
            ("uri", uri),
            ("memory", input(1, &testing::pkcs8(&terminal))),
            ("folder", input(2, &testing::pkcs8(&terminal))),
            ("other_key", input(1, &testing::pkcs8("DETIS0000002"))),
        ];
        let loaded = TerminalCredentials::from_der(
            &certs.iter().map(|c| c.raw.as_slice()).collect::<Vec<_>>(),
            &testing::pkcs8(&terminal),
            today(),
        );
        assert!(loaded.is_ok());
        for (name, seed) in seeds {
            fuzz_check(&seed);
            crate::write_fuzz_seed("terminal_credentials", &format!("seed_{name}"), &seed);
        }
    }
}
