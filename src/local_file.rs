//! Reading the files a desk hands the library by path (dumped chip files, trust files, a
//! terminal's certificates and key): regular files only, each with a size cap, so a FIFO, a
//! device or a huge file never blocks the desk application or fills its memory.

use std::io::{Error, ErrorKind, Read};
use std::path::Path;

/// What kind of file `meta` describes, for an error.
fn kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Refuses anything but a regular file of at most `max` bytes.
fn check(meta: &std::fs::Metadata, max: usize) -> Result<(), Error> {
    if !meta.is_file() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("{}, not a regular file: refused", kind(meta)),
        ));
    }
    if u64::try_from(max).is_ok_and(|max| meta.len() > max) {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("{} bytes, more than the {max} bytes allowed", meta.len()),
        ));
    }
    Ok(())
}

/// The bytes of the regular file at `path` (symbolic links followed), at most `max` bytes;
/// `Ok(None)` when there is no file. Anything else there — a folder, a FIFO, a device, a
/// socket — and a longer file are errors, found without reading: the file is looked at
/// before it is opened, opened without blocking (a FIFO put there meanwhile cannot stall the
/// open) and looked at again once open, and at most `max + 1` bytes are ever read.
pub fn read_regular_file(path: &Path, max: usize) -> Result<Option<Vec<u8>>, Error> {
    let Some(file) = open_regular_file(path, max)? else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    file.take(limit).read_to_end(&mut bytes)?;
    if bytes.len() > max {
        // Grown since it was looked at.
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("more than the {max} bytes allowed"),
        ));
    }
    Ok(Some(bytes))
}

/// The regular file at `path` opened for reading, checked as [`read_regular_file`] checks it
/// (at most `max` bytes when opened; a caller streaming it bounds what it reads itself);
/// `Ok(None)` when there is no file.
pub fn open_regular_file(path: &Path, max: usize) -> Result<Option<std::fs::File>, Error> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    check(&meta, max)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    // The file opened may not be the one looked at: look again.
    check(&file.metadata()?, max)?;
    Ok(Some(file))
}

/// [`read_regular_file`] for a file that must be there.
pub fn read_required_file(path: &Path, max: usize) -> Result<Vec<u8>, Error> {
    read_regular_file(path, max)?.ok_or_else(|| Error::new(ErrorKind::NotFound, "no such file"))
}

/// The largest file of a terminal's credentials read (a CV certificate or a PKCS#8 key is a
/// few hundred bytes to a few KiB).
pub const MAX_CREDENTIAL_FILE_LEN: usize = 1 << 20;

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("idverify-local-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn mkfifo(path: &Path) {
        let made = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(made.success());
    }

    #[test]
    fn only_bounded_regular_files_are_read() {
        let dir = scratch("kinds");
        let file = dir.join("f");
        std::fs::write(&file, [7u8; 5]).unwrap();
        assert_eq!(read_regular_file(&file, 5).unwrap().unwrap(), [7u8; 5]);
        let e = read_regular_file(&file, 4).unwrap_err().to_string();
        assert!(e.contains("5 bytes, more than the 4 bytes allowed"), "{e}");
        assert!(
            read_regular_file(&dir.join("missing"), 5)
                .unwrap()
                .is_none()
        );
        assert!(read_required_file(&dir.join("missing"), 5).is_err());
        let fifo = dir.join("fifo");
        mkfifo(&fifo);
        let e = read_regular_file(&fifo, 5).unwrap_err().to_string();
        assert!(e.contains("a FIFO, not a regular file"), "{e}");
        let e = read_regular_file(Path::new("/dev/zero"), 5)
            .unwrap_err()
            .to_string();
        assert!(e.contains("a device, not a regular file"), "{e}");
        let e = read_regular_file(&dir, 5).unwrap_err().to_string();
        assert!(e.contains("a folder, not a regular file"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A terminal's certificate folder holding a FIFO, and a key path naming a device, are
    /// errors at once rather than a desk application that hangs or fills its memory.
    #[test]
    fn terminal_credentials_are_read_as_bounded_regular_files() {
        use crate::terminal::file::FileSigner;
        use crate::terminal::load::read_certificates;
        let dir = scratch("terminal");
        mkfifo(&dir.join("terminal.cvcert"));
        let e = read_certificates(&dir).unwrap_err().to_string();
        assert!(e.contains("a FIFO, not a regular file"), "{e}");
        let algorithm = crate::crypto::signature::SignatureAlgorithm::Ecdsa {
            hash: crate::crypto::hash::HashAlgorithm::Sha256,
        };
        let e = FileSigner::from_file(Path::new("/dev/zero"), algorithm).unwrap_err();
        assert!(
            e.to_string().contains("a device, not a regular file"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
