//! Reading a document dumped to a folder (`EF.COM.bin`, `EF.SOD.bin`, `DG1.bin` …): regular
//! files only, each at most [`MAX_DUMP_FILE_LEN`] bytes, so a FIFO or a device never blocks
//! or fills the memory.

use super::InspectError;
use crate::chip::FileId;
use crate::verify::DocumentInput;
use std::path::Path;

/// The largest dumped file read: the largest file a chip read accepts
/// ([`crate::chip::MAX_FILE_LEN`]), so a dump holds nothing a live read would refuse.
pub const MAX_DUMP_FILE_LEN: usize = crate::chip::MAX_FILE_LEN;

fn io(path: &Path, reason: impl std::fmt::Display) -> InspectError {
    InspectError::Io {
        path: path.display().to_string(),
        reason: reason.to_string(),
    }
}

/// The bytes of the regular file at `path` (symbolic links followed), at most `max` bytes;
/// `Ok(None)` when there is no file. Anything else there — a folder, a FIFO, a device, a
/// socket — and a longer file are errors, found without reading: the file is looked at
/// before it is opened, opened without blocking (a FIFO put there meanwhile cannot stall the
/// open) and looked at again once open, and at most `max + 1` bytes are ever read.
pub fn read_regular_file(path: &Path, max: usize) -> Result<Option<Vec<u8>>, InspectError> {
    crate::local_file::read_regular_file(path, max).map_err(|e| io(path, e))
}

/// A dumped file of the document, `DIR/<name>.bin` ([`FileId::name`]), as
/// [`read_regular_file`] with [`MAX_DUMP_FILE_LEN`] reads it.
pub fn read_dump_file(dir: &Path, file: FileId) -> Result<Option<Vec<u8>>, InspectError> {
    read_regular_file(&dir.join(format!("{}.bin", file.name())), MAX_DUMP_FILE_LEN)
}

/// Every file of a document dumped to `dir` (missing ones skipped), with no optical MRZ and
/// no protocol outcomes. A `dir` that is not a folder, and a dumped file that is not a
/// regular file, is too long or cannot be read, are errors.
pub fn read_dump(dir: &Path) -> Result<DocumentInput, InspectError> {
    if !dir.is_dir() {
        return Err(io(dir, "not a folder"));
    }
    let mut input = DocumentInput::default();
    for file in FileId::ALL {
        if let Some(bytes) = read_dump_file(dir, file)? {
            input.files.insert(file, bytes);
        }
    }
    Ok(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("idverify-dump-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn regular_files_are_read_and_missing_ones_skipped() {
        let dir = scratch("regular");
        std::fs::write(dir.join("DG1.bin"), [0x61, 0x00]).unwrap();
        let input = read_dump(&dir).unwrap();
        assert_eq!(input.files.len(), 1);
        assert_eq!(input.files[&FileId::Dg1], [0x61, 0x00]);
        assert!(read_dump_file(&dir, FileId::Dg2).unwrap().is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_longer_than_the_cap_is_refused() {
        let dir = scratch("long");
        let path = dir.join("DG2.bin");
        std::fs::write(&path, [0u8; 11]).unwrap();
        assert_eq!(read_regular_file(&path, 11).unwrap().unwrap().len(), 11);
        let e = read_regular_file(&path, 10).unwrap_err().to_string();
        assert!(
            e.contains("11 bytes, more than the 10 bytes allowed"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_folder_and_a_device_are_refused() {
        let dir = scratch("device");
        std::fs::create_dir(dir.join("DG3.bin")).unwrap();
        let e = read_dump_file(&dir, FileId::Dg3).unwrap_err().to_string();
        assert!(e.contains("a folder, not a regular file"), "{e}");
        let e = read_regular_file(Path::new("/dev/zero"), MAX_DUMP_FILE_LEN)
            .unwrap_err()
            .to_string();
        assert!(e.contains("/dev/zero: a device, not a regular file"), "{e}");
        assert!(read_dump(&dir.join("DG3.bin").join("none")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
