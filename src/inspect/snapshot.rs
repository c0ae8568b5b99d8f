//! Trust snapshots on disk: building one from sources (ICAO PKD LDIF files, master lists,
//! certificates, CRLs, folders of them), installing it beside the one in use and switching
//! atomically, and loading the one in use.
//!
//! Layout of a snapshot folder `DIR`: `DIR/current` is a symbolic link to `DIR/vNNNNNN`, which
//! holds `store.bin` and `manifest.json` (see [`crate::pki::snapshot`]). A new snapshot is
//! written to a fresh `vNNNNNN` and checked by loading it back; only then is `current`
//! replaced by rename(2), which is atomic: a reader sees the old snapshot or the new one,
//! never a mix, and any failure before leaves the old one in use.

use super::InspectError;
use super::trust::{MAX_TRUST_FILE_LEN, files_of};
use crate::crypto::hash::Sha256Stream;
use crate::local_file::{open_regular_file, read_required_file};
use crate::pki::check::format_time;
use crate::pki::signed::hex;
use crate::pki::snapshot::{
    Manifest, Source, decode_store, encode_store, manifest, parse_manifest, sha256_hex,
};
use crate::pki::{PkiError, TrustStore};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// The link naming the snapshot in use.
pub const CURRENT: &str = "current";
/// The manifest's file name.
pub const MANIFEST: &str = "manifest.json";
/// The store's file name.
pub const STORE_BIN: &str = "store.bin";
/// The largest LDIF file read (the PKD's DSC/CRL download is about 75 MiB); it is streamed,
/// never held whole.
pub const MAX_LDIF_FILE_LEN: usize = 4 << 30;
/// The largest `store.bin` loaded.
const MAX_STORE_BIN_LEN: usize = 1 << 30;

fn io(path: &Path, e: impl std::fmt::Display) -> InspectError {
    InspectError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

fn refused(path: &Path, reason: PkiError) -> InspectError {
    match reason {
        PkiError::NoMasterListRoot => InspectError::NoMasterListRoot {
            what: path.display().to_string(),
        },
        reason => InspectError::TrustData {
            what: path.display().to_string(),
            reason,
        },
    }
}

/// A store built from sources, with the record of each source.
#[derive(Debug, Clone)]
pub struct BuiltStore {
    /// The store.
    pub store: TrustStore,
    /// Each source file with its hash and what it added.
    pub sources: Vec<Source>,
}

/// Builds a store: the certificates of `ml_roots` become master-list roots, then every file
/// of `sources` (a folder: its files, not recursive, in name order) is added, recognised by
/// content: an LDIF file (ICAO PKD download) is streamed entry by entry, anything else is a
/// certificate file, a CRL or a master list. Every master list must verify through the roots
/// at `time`; the first source that fails is the error, naming the file (and the LDIF entry).
pub fn build_store<R: AsRef<Path>, S: AsRef<Path>>(
    ml_roots: &[R],
    sources: &[S],
    time: i64,
) -> Result<BuiltStore, InspectError> {
    let mut store = TrustStore::new();
    let mut records = Vec::new();
    for root in ml_roots {
        let path = root.as_ref();
        let bytes = read_required_file(path, MAX_TRUST_FILE_LEN).map_err(|e| io(path, e))?;
        let added = store
            .add_master_list_roots(&bytes)
            .map_err(|e| refused(path, e))?;
        records.push(source(path, "master_list_root", &bytes, added, None));
    }
    for s in sources {
        for file in files_of(s.as_ref())? {
            let sources = store.anchor_sources().len();
            records.push(add_source(&mut store, &file, time)?);
            store.name_anchor_sources(sources, &super::trust::source_name(&file));
        }
    }
    Ok(BuiltStore {
        store,
        sources: records,
    })
}

fn source(path: &Path, kind: &str, bytes: &[u8], added: usize, newest: Option<i64>) -> Source {
    Source {
        name: path.display().to_string(),
        kind: kind.into(),
        sha256: sha256_hex(bytes),
        bytes: bytes.len() as u64,
        added,
        newest_issue: newest.map(format_time),
    }
}

/// Whether `head` (a file's first bytes) starts like LDIF (RFC 2849): a version line, a
/// comment or a `dn:`.
fn looks_like_ldif(head: &[u8]) -> bool {
    let start = head.trim_ascii_start();
    [&b"version:"[..], b"dn:", b"#"].iter().any(|p| {
        start
            .get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    })
}

/// Adds one source file to `store`.
fn add_source(store: &mut TrustStore, path: &Path, time: i64) -> Result<Source, InspectError> {
    let file = open_regular_file(path, MAX_LDIF_FILE_LEN)
        .map_err(|e| io(path, e))?
        .ok_or_else(|| io(path, "no such file"))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let head = reader.fill_buf().map_err(|e| io(path, e))?;
    if looks_like_ldif(head) {
        return add_ldif(store, path, reader, time);
    }
    let mut bytes = Vec::new();
    let limit = MAX_TRUST_FILE_LEN as u64 + 1;
    reader
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| io(path, e))?;
    if bytes.len() > MAX_TRUST_FILE_LEN {
        return Err(io(
            path,
            format!("more than the {MAX_TRUST_FILE_LEN} bytes allowed"),
        ));
    }
    let (cscas, crls) = (store.len(), store.crls().len());
    let item = store
        .add_trust_bytes(&bytes, time)
        .map_err(|e| refused(path, e))?;
    let newest = store
        .cscas()
        .get(cscas..)
        .unwrap_or_default()
        .iter()
        .map(|c| c.not_before)
        .chain(
            store
                .crls()
                .get(crls..)
                .unwrap_or_default()
                .iter()
                .map(|c| c.this_update),
        )
        .max();
    let (kind, added) = match item {
        super::TrustItem::Certificates(n) => ("certificates", n),
        super::TrustItem::Crl => ("crl", 1),
        super::TrustItem::MasterList(_) => ("master_list", store.len() - cscas),
        super::TrustItem::Snapshot(n) => ("snapshot", n),
        super::TrustItem::DeviationList(n) => ("deviation_list", n),
    };
    Ok(source(path, kind, &bytes, added, newest))
}

/// Streams an LDIF file into `store`, hashing it on the way.
fn add_ldif<R: BufRead>(
    store: &mut TrustStore,
    path: &Path,
    reader: R,
    time: i64,
) -> Result<Source, InspectError> {
    let mut hashing = HashingReader {
        inner: reader,
        hash: Sha256Stream::new(),
        bytes: 0,
    };
    let summary = store
        .import_ldif(&mut hashing, time)
        .map_err(|e| refused(path, e))?;
    let HashingReader { hash, bytes, .. } = hashing;
    Ok(Source {
        name: path.display().to_string(),
        kind: "ldif".into(),
        sha256: hex(&hash.finish()).to_lowercase(),
        bytes,
        added: summary.cscas + summary.crls + summary.document_signers + summary.deviation_lists,
        newest_issue: summary.newest_issue.map(format_time),
    })
}

/// A `BufRead` that hashes every byte consumed.
struct HashingReader<R> {
    inner: R,
    hash: Sha256Stream,
    bytes: u64,
}

impl<R: BufRead> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(buf.get(..n).unwrap_or_default());
        self.bytes += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for HashingReader<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let n = amt.min(buf.len());
            self.hash.update(buf.get(..n).unwrap_or_default());
            self.bytes += n as u64;
        }
        self.inner.consume(amt);
    }
}

/// Whether `dir` holds a snapshot (a `current` link or a manifest).
pub fn is_snapshot(dir: &Path) -> bool {
    dir.join(CURRENT).exists() || dir.join(MANIFEST).is_file()
}

/// The store and manifest of the snapshot in use in `dir` (`dir/current`, or `dir` itself
/// when it holds a manifest). The store file must match the manifest's length, SHA-256 and
/// counts; a snapshot that does not is refused.
pub fn load_snapshot(dir: &Path) -> Result<(TrustStore, Manifest), InspectError> {
    let current = dir.join(CURRENT);
    let version = if current.exists() {
        current
    } else {
        dir.to_path_buf()
    };
    let manifest_path = version.join(MANIFEST);
    let json = read_required_file(&manifest_path, 16 << 20).map_err(|e| io(&manifest_path, e))?;
    let refused = |path: &Path, reason| InspectError::Snapshot {
        path: path.display().to_string(),
        reason,
    };
    let manifest = parse_manifest(&json).map_err(|e| refused(&manifest_path, e))?;
    let store_path = version.join(STORE_BIN);
    let bin = read_required_file(&store_path, MAX_STORE_BIN_LEN).map_err(|e| io(&store_path, e))?;
    let store = decode_store(&manifest, &bin).map_err(|e| refused(&store_path, e))?;
    Ok((store, manifest))
}

/// Writes `built` as a new snapshot of `dir` and makes it the one in use. `create`: `dir` may
/// not hold a snapshot yet (`verify trust build`); otherwise it must (`verify trust update`).
/// The new snapshot is loaded back before `current` is switched; on any error the one in use
/// stays. Older snapshots than the one replaced are removed. Returns the new version's folder.
pub fn install_snapshot(
    dir: &Path,
    built: &BuiltStore,
    time: i64,
    create: bool,
) -> Result<PathBuf, InspectError> {
    let in_use = dir.join(CURRENT);
    match (create, std::fs::symlink_metadata(&in_use).is_ok()) {
        (true, true) => {
            return Err(io(
                dir,
                "already holds a snapshot: use `verify trust update` to replace it",
            ));
        }
        (false, false) => {
            return Err(io(
                dir,
                "holds no snapshot: build one with `verify trust build`",
            ));
        }
        _ => {}
    }
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let previous = std::fs::read_link(&in_use).ok();
    let name = next_version(dir)?;
    let staging = dir.join(format!(".{name}.partial"));
    let _ = std::fs::remove_dir_all(&staging);
    let result = write_version(&staging, built, time).and_then(|()| {
        let final_dir = dir.join(&name);
        std::fs::rename(&staging, &final_dir).map_err(|e| io(&final_dir, e))?;
        // What was written must load before it is put in use.
        load_snapshot(&final_dir)?;
        switch_current(dir, &name)
    });
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        if std::fs::read_link(&in_use).ok().as_deref() != Some(Path::new(&name)) {
            let _ = std::fs::remove_dir_all(dir.join(&name));
        }
        return Err(e);
    }
    remove_old_versions(dir, &name, previous.as_deref());
    Ok(dir.join(name))
}

/// `vNNNNNN`, one above the highest version folder of `dir`.
fn next_version(dir: &Path) -> Result<String, InspectError> {
    let highest = std::fs::read_dir(dir)
        .map_err(|e| io(dir, e))?
        .filter_map(|e| e.ok())
        .filter_map(|e| version_number(&e.file_name().to_string_lossy()))
        .max()
        .unwrap_or(0);
    Ok(format!("v{:06}", highest + 1))
}

fn version_number(name: &str) -> Option<u32> {
    name.strip_prefix('v')?.parse().ok()
}

fn write_version(staging: &Path, built: &BuiltStore, time: i64) -> Result<(), InspectError> {
    std::fs::create_dir(staging).map_err(|e| io(staging, e))?;
    let bin = encode_store(&built.store);
    let m = manifest(&built.store, &bin, time, built.sources.clone());
    let json = serde_json::to_vec_pretty(&m).map_err(|e| io(staging, e))?;
    write_synced(&staging.join(STORE_BIN), &bin)?;
    write_synced(&staging.join(MANIFEST), &json)?;
    sync_dir(staging);
    Ok(())
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), InspectError> {
    let mut f = std::fs::File::create(path).map_err(|e| io(path, e))?;
    f.write_all(bytes).map_err(|e| io(path, e))?;
    f.sync_all().map_err(|e| io(path, e))
}

/// Flushes a folder's entries (best effort: not every file system allows opening a folder).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Points `dir/current` at `name` with one rename(2).
#[cfg(unix)]
fn switch_current(dir: &Path, name: &str) -> Result<(), InspectError> {
    let link = dir.join(format!(".{CURRENT}.new"));
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(name, &link).map_err(|e| io(&link, e))?;
    std::fs::rename(&link, dir.join(CURRENT)).map_err(|e| io(dir, e))?;
    sync_dir(dir);
    Ok(())
}

#[cfg(not(unix))]
fn switch_current(dir: &Path, _name: &str) -> Result<(), InspectError> {
    Err(io(dir, "trust snapshots need symbolic links (Unix)"))
}

/// Removes version folders other than `keep` and the one replaced.
fn remove_old_versions(dir: &Path, keep: &str, previous: Option<&Path>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(|e| e.ok()) {
        let name = e.file_name().to_string_lossy().into_owned();
        let replaced = previous.is_some_and(|p| p == Path::new(&name));
        if version_number(&name).is_some() && name != keep && !replaced {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}
