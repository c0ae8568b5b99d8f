//! The trust snapshot's contents: a trust store as one indexed file (`store.bin`) and the
//! manifest that describes it (format version, the file's SHA-256, counts, the sources it was
//! built from). Encoding, decoding and the manifest check; files are the caller's job.

use super::anchor_source::AnchorSource;
use super::cert::Certificate;
use super::check::format_time;
use super::deviation::parse_deviation_content;
use super::error::PkiError;
use super::store::TrustStore;
use serde::{Deserialize, Serialize};

/// The manifest's `format`.
pub const SNAPSHOT_FORMAT: &str = "idverify-trust-snapshot";
/// The snapshot layout version written. Version 2 added where each CSCA came from (record
/// kinds 6 and 7); a version-1 snapshot still loads, its CSCAs without a recorded source.
/// A loader refuses any other version.
pub const SNAPSHOT_VERSION: u32 = 2;
/// The oldest layout version a loader reads.
pub const SNAPSHOT_VERSION_OLDEST: u32 = 1;
/// The first bytes of `store.bin`.
const MAGIC: &[u8; 8] = b"IDVTRST1";

/// Record kinds of `store.bin`.
const KIND_CSCA: u8 = 1;
const KIND_CRL: u8 = 2;
const KIND_DOCUMENT_SIGNER: u8 = 3;
const KIND_MASTER_LIST_ROOT: u8 = 4;
/// A verified deviation list: its signer's country (two letters, `--` when none) and its
/// DeviationList content.
const KIND_DEVIATION_LIST: u8 = 5;
/// Where CSCAs came from: an [`AnchorSource`] as JSON; the n-th such record is source n.
const KIND_ANCHOR_SOURCE: u8 = 6;
/// A CSCA with its source: the source's index (4 bytes, big-endian), then the DER.
const KIND_CSCA_WITH_SOURCE: u8 = 7;

/// The manifest of a snapshot (`manifest.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`SNAPSHOT_FORMAT`].
    pub format: String,
    /// The layout version, [`SNAPSHOT_VERSION`].
    pub version: u32,
    /// When it was built (`YYYY-MM-DDTHH:MM:SSZ`), the time the master lists were checked at.
    pub built: String,
    /// The same as seconds since the Unix epoch.
    pub built_unix: i64,
    /// SHA-256 of `store.bin`, lower-case hex.
    pub store_sha256: String,
    /// Length of `store.bin` in bytes.
    pub store_bytes: u64,
    /// What the store holds.
    pub counts: Counts,
    /// The sources, in the order they were added.
    pub sources: Vec<Source>,
}

/// Counts of a snapshot's records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// CSCA certificates (self-signed and link).
    pub cscas: usize,
    /// CRLs.
    pub crls: usize,
    /// Cached document signer certificates (never trust anchors).
    pub document_signers: usize,
    /// Master-list roots the master lists were verified through.
    pub master_list_roots: usize,
    /// Deviation lists (verified through the master-list roots).
    #[serde(default)]
    pub deviation_lists: usize,
    /// Sources of the CSCAs (master lists, certificate files); 0 in a version-1 snapshot.
    #[serde(default)]
    pub anchor_sources: usize,
}

/// One source a snapshot was built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The file as given.
    pub name: String,
    /// `ldif`, `master_list`, `certificates`, `crl` or `master_list_root`.
    pub kind: String,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
    /// Its length in bytes.
    pub bytes: u64,
    /// Records it added (certificates, CRLs).
    pub added: usize,
    /// The newest date of issue among what it held (certificate notBefore, CRL thisUpdate).
    pub newest_issue: Option<String>,
}

/// Why a snapshot cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    /// The manifest is not JSON of the expected shape or another format or version.
    #[error("manifest unreadable: {0}")]
    Manifest(String),
    /// `store.bin` does not match the manifest (changed or truncated after the build).
    #[error("store.bin does not match the manifest ({0})")]
    Mismatch(String),
    /// A record of `store.bin` is malformed.
    #[error("store.bin record {index}: {reason}")]
    Record {
        /// The record's index.
        index: usize,
        /// What is wrong.
        reason: String,
    },
}

/// SHA-256 as lower-case hex.
pub use crate::crypto::hash::sha256_hex;

/// `store.bin` for `store`: the magic, then per record a kind byte, a 4-byte big-endian
/// length and the bytes (the CSCAs' sources, CSCAs with their source, CRLs, document signers,
/// master-list roots, deviation lists).
pub fn encode_store(store: &TrustStore) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    let mut put = |kind: u8, der: &[u8]| {
        out.push(kind);
        out.extend_from_slice(&(der.len() as u32).to_be_bytes());
        out.extend_from_slice(der);
    };
    for source in store.anchor_sources() {
        // Serialising a plain enum of strings and numbers cannot fail.
        put(
            KIND_ANCHOR_SOURCE,
            &serde_json::to_vec(source).unwrap_or_default(),
        );
    }
    for (i, c) in store.cscas().iter().enumerate() {
        match store.csca_source_index(i) {
            Some(source) => {
                let mut record = (source as u32).to_be_bytes().to_vec();
                record.extend_from_slice(&c.der);
                put(KIND_CSCA_WITH_SOURCE, &record);
            }
            None => put(KIND_CSCA, &c.der),
        }
    }
    store.crls().iter().for_each(|c| put(KIND_CRL, &c.der));
    store
        .document_signers()
        .iter()
        .for_each(|c| put(KIND_DOCUMENT_SIGNER, &c.der));
    store
        .master_list_roots()
        .iter()
        .for_each(|c| put(KIND_MASTER_LIST_ROOT, &c.der));
    for list in store.deviation_lists() {
        let country = list.country.as_deref().unwrap_or("--");
        let mut record = country.as_bytes().get(..2).unwrap_or(b"--").to_vec();
        record.extend_from_slice(&list.content);
        put(KIND_DEVIATION_LIST, &record);
    }
    out
}

/// The counts of `store`.
pub fn counts(store: &TrustStore) -> Counts {
    Counts {
        cscas: store.len(),
        crls: store.crls().len(),
        document_signers: store.document_signers().len(),
        master_list_roots: store.master_list_roots().len(),
        deviation_lists: store.deviation_lists().len(),
        anchor_sources: store.anchor_sources().len(),
    }
}

/// The manifest for `store_bin` built at `time` from `sources`.
pub fn manifest(store: &TrustStore, store_bin: &[u8], time: i64, sources: Vec<Source>) -> Manifest {
    Manifest {
        format: SNAPSHOT_FORMAT.into(),
        version: SNAPSHOT_VERSION,
        built: format_time(time),
        built_unix: time,
        store_sha256: sha256_hex(store_bin),
        store_bytes: store_bin.len() as u64,
        counts: counts(store),
        sources,
    }
}

/// Parses `manifest.json`, refusing another format or version.
pub fn parse_manifest(json: &[u8]) -> Result<Manifest, SnapshotError> {
    let m: Manifest =
        serde_json::from_slice(json).map_err(|e| SnapshotError::Manifest(e.to_string()))?;
    if m.format != SNAPSHOT_FORMAT
        || !(SNAPSHOT_VERSION_OLDEST..=SNAPSHOT_VERSION).contains(&m.version)
    {
        return Err(SnapshotError::Manifest(format!(
            "format {} version {}, expected {SNAPSHOT_FORMAT} version {SNAPSHOT_VERSION_OLDEST} to {SNAPSHOT_VERSION} (rebuild it with this program's `trust update`)",
            m.format, m.version
        )));
    }
    Ok(m)
}

/// The trust store of a snapshot: `store_bin` must have the manifest's length and SHA-256 and
/// its counts; every record must parse. The master lists were verified when the snapshot was
/// built, so loading checks the file's integrity, not their signatures again.
pub fn decode_store(manifest: &Manifest, store_bin: &[u8]) -> Result<TrustStore, SnapshotError> {
    if store_bin.len() as u64 != manifest.store_bytes {
        return Err(SnapshotError::Mismatch(format!(
            "{} bytes, manifest says {}",
            store_bin.len(),
            manifest.store_bytes
        )));
    }
    let actual = sha256_hex(store_bin);
    if actual != manifest.store_sha256 {
        return Err(SnapshotError::Mismatch(format!(
            "SHA-256 {actual}, manifest says {}",
            manifest.store_sha256
        )));
    }
    let store = decode_records(store_bin)?;
    let found = counts(&store);
    if found != manifest.counts {
        return Err(SnapshotError::Mismatch(format!(
            "holds {found:?}, manifest says {:?}",
            manifest.counts
        )));
    }
    Ok(store)
}

/// The records of `store.bin` into a store (no integrity check: see [`decode_store`]).
/// Certificates are parsed on up to four threads (most of a load's time), then added in
/// record order.
pub fn decode_records(bytes: &[u8]) -> Result<TrustStore, SnapshotError> {
    let records = split_records(bytes)?;
    let parsed = parse_certificates(&records);
    let mut store = TrustStore::new();
    for (index, ((kind, der), cert)) in records.iter().zip(parsed).enumerate() {
        let record = |reason: String| SnapshotError::Record { index, reason };
        let cert = || {
            cert.ok_or_else(|| record("no certificate".into()))?
                .map_err(|e| record(e.to_string()))
        };
        match *kind {
            KIND_CSCA => {
                store.add_csca(cert()?);
            }
            KIND_ANCHOR_SOURCE => {
                let source: AnchorSource =
                    serde_json::from_slice(der).map_err(|e| record(e.to_string()))?;
                store.add_anchor_source(source);
            }
            KIND_CSCA_WITH_SOURCE => {
                let source = der
                    .first_chunk::<4>()
                    .map(|b| u32::from_be_bytes(*b) as usize)
                    .ok_or_else(|| record("truncated CSCA source".into()))?;
                if source >= store.anchor_sources().len() {
                    return Err(record(format!("CSCA names source {source}, not recorded")));
                }
                store.add_csca_from(cert()?, Some(source));
            }
            KIND_CRL => store.add_crl(der).map_err(|e| record(e.to_string()))?,
            KIND_DOCUMENT_SIGNER => {
                store.add_document_signer(cert()?);
            }
            KIND_MASTER_LIST_ROOT => {
                store.add_master_list_root(cert()?);
            }
            KIND_DEVIATION_LIST => {
                let (country, content) = der
                    .split_first_chunk::<2>()
                    .ok_or_else(|| record("truncated deviation list".into()))?;
                let mut list =
                    parse_deviation_content(content).map_err(|e| record(e.to_string()))?;
                list.country =
                    Some(String::from_utf8_lossy(country).into_owned()).filter(|c| c != "--");
                store.add_deviation_list(list);
            }
            other => return Err(record(format!("unknown kind {other}"))),
        }
    }
    Ok(store)
}

/// The (kind, bytes) records of `store.bin`.
fn split_records(bytes: &[u8]) -> Result<Vec<(u8, &[u8])>, SnapshotError> {
    let record = |index: usize, reason: &str| SnapshotError::Record {
        index,
        reason: reason.into(),
    };
    let mut rest = bytes
        .strip_prefix(MAGIC)
        .ok_or_else(|| record(0, "not a trust snapshot (magic)"))?;
    let mut out = Vec::new();
    while let Some((&kind, after)) = rest.split_first() {
        let (len, after) = after
            .split_first_chunk::<4>()
            .ok_or_else(|| record(out.len(), "truncated length"))?;
        let len = u32::from_be_bytes(*len) as usize;
        let der = after
            .get(..len)
            .ok_or_else(|| record(out.len(), "truncated record"))?;
        rest = after.get(len..).unwrap_or_default();
        out.push((kind, der));
    }
    Ok(out)
}

type Parsed = Option<Result<Certificate, PkiError>>;

/// Each certificate record parsed (`None` for the other kinds), on up to four threads.
fn parse_certificates(records: &[(u8, &[u8])]) -> Vec<Parsed> {
    let parse = |chunk: &[(u8, &[u8])]| -> Vec<Parsed> {
        chunk
            .iter()
            .map(|(kind, der)| match *kind {
                KIND_CSCA | KIND_DOCUMENT_SIGNER | KIND_MASTER_LIST_ROOT => {
                    Some(Certificate::from_der(der))
                }
                KIND_CSCA_WITH_SOURCE => der.get(4..).map(Certificate::from_der),
                _ => None,
            })
            .collect()
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    if threads < 2 || records.len() < 64 {
        return parse(records);
    }
    let size = records.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = records
            .chunks(size)
            .map(|chunk| scope.spawn(move || parse(chunk)))
            .collect();
        let mut out = Vec::with_capacity(records.len());
        for (handle, chunk) in handles.into_iter().zip(records.chunks(size)) {
            // A panicking parser (never expected: parsers do not panic) costs the chunk,
            // reported per record as an error, not the caller's process.
            match handle.join() {
                Ok(parsed) => out.extend(parsed),
                Err(_) => out.extend(
                    chunk
                        .iter()
                        .map(|_| Some(Err(PkiError::Certificate("parser failed".into())))),
                ),
            }
        }
        out
    })
}

/// The fuzz target's property (`trust_snapshot`): any bytes as `store.bin` decode to a store
/// or an error, never a panic; a store decoded encodes back to bytes that decode to the same
/// counts.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    if let Ok(store) = decode_records(data) {
        let again = decode_records(&encode_store(&store)).map(|s| counts(&s));
        assert_eq!(again, Ok(counts(&store)));
    }
    let _ = parse_manifest(data);
}

#[cfg(all(test, feature = "emulator"))]
mod tests {
    use super::*;
    use crate::emulator::test_pki;

    fn store() -> TrustStore {
        let mut s = TrustStore::new();
        s.add_certificates(test_pki::CSCA).unwrap();
        s.name_anchor_sources(0, "csca.der");
        s.add_crl(test_pki::CRL).unwrap();
        s.add_master_list_roots(test_pki::CSCA).unwrap();
        s.add_document_signer(Certificate::from_der(test_pki::DSC).unwrap());
        s
    }

    #[test]
    fn a_store_round_trips_and_a_changed_byte_is_refused() {
        let s = store();
        let bin = encode_store(&s);
        let m = manifest(&s, &bin, 0, Vec::new());
        let back = decode_store(&m, &bin).unwrap();
        assert_eq!(counts(&back), counts(&s));
        assert_eq!(back.cscas()[0].der, s.cscas()[0].der);
        assert_eq!(back.crls()[0].der, s.crls()[0].der);
        // Where the CSCA came from survives the round trip.
        assert_eq!(
            back.source_of(&back.cscas()[0]),
            Some(&AnchorSource::CertificateFile {
                file: Some("csca.der".into())
            })
        );
        let json = serde_json::to_vec(&m).unwrap();
        assert_eq!(parse_manifest(&json).unwrap(), m);
        fuzz_check(&bin);
        fuzz_check(&json);
        crate::write_fuzz_seed("trust_snapshot", "seed_store.bin", &bin);
        crate::write_fuzz_seed("trust_snapshot", "seed_manifest.json", &json);

        let mut changed = bin.clone();
        let last = changed.len() - 1;
        changed[last] ^= 1;
        assert!(matches!(
            decode_store(&m, &changed),
            Err(SnapshotError::Mismatch(_))
        ));
        assert!(matches!(
            decode_store(&m, &bin[..bin.len() - 1]),
            Err(SnapshotError::Mismatch(_))
        ));
        let mut other = m.clone();
        other.version = 3;
        let e = parse_manifest(&serde_json::to_vec(&other).unwrap()).unwrap_err();
        assert!(
            e.to_string().contains("version 3") && e.to_string().contains("trust update"),
            "{e}"
        );
        // A version-1 snapshot (CSCAs without sources) still loads; its CSCAs have no source.
        let mut v1_store = TrustStore::new();
        v1_store.add_csca(Certificate::from_der(test_pki::CSCA).unwrap());
        let v1_bin = encode_store(&v1_store);
        assert_eq!(v1_bin[MAGIC.len()], KIND_CSCA);
        let mut v1 = manifest(&v1_store, &v1_bin, 0, Vec::new());
        v1.version = 1;
        let v1_json = serde_json::to_string(&v1)
            .unwrap()
            .replace(",\"anchor_sources\":0", "");
        let v1 = parse_manifest(v1_json.as_bytes()).unwrap();
        let back = decode_store(&v1, &v1_bin).unwrap();
        assert_eq!((back.len(), back.source_of(&back.cscas()[0])), (1, None));
        // A CSCA naming a source that was not recorded is refused.
        let mut bad_source = MAGIC.to_vec();
        bad_source.push(KIND_CSCA_WITH_SOURCE);
        bad_source.extend_from_slice(&(4 + test_pki::CSCA.len() as u32).to_be_bytes());
        bad_source.extend_from_slice(&[0, 0, 0, 0]);
        bad_source.extend_from_slice(test_pki::CSCA);
        let e = decode_records(&bad_source).unwrap_err();
        assert!(e.to_string().contains("not recorded"), "{e}");
        for bad in [
            &b"IDVTRST1\x01\x00\x00"[..],
            b"IDVTRST1\x09\x00\x00\x00\x00",
            b"nope",
        ] {
            assert!(decode_records(bad).is_err());
        }
    }
}
