//! A streaming reader of LDIF content records (RFC 2849), the format of the ICAO PKD's
//! download files (master lists, document signers, CRLs): one entry at a time, so a 100 MB
//! file is never held whole. Reads from any `BufRead` the caller opened; knows nothing of
//! certificates.

use std::io::BufRead;

/// The longest logical line (an attribute with its folded continuations) accepted: a base64
/// master list of every State is a few MiB; 64 MiB bounds what one entry may cost.
pub const MAX_LDIF_LINE: usize = 64 << 20;

/// One LDIF entry: its distinguished name and its attributes in file order. Values given in
/// base64 (`attr:: …`) are decoded; attribute names keep their options (`;binary`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LdifEntry {
    /// The `dn:` value.
    pub dn: String,
    /// The line the entry starts on (1-based), for messages.
    pub line: usize,
    /// (attribute description, value) pairs.
    pub attributes: Vec<(String, Vec<u8>)>,
}

impl LdifEntry {
    /// The values of attribute `name` (case-insensitive, options included, e.g.
    /// `userCertificate;binary`).
    pub fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.attributes
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }
}

/// Why an LDIF file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LdifError {
    /// Reading failed.
    #[error("LDIF read error: {0}")]
    Io(String),
    /// A line breaks the LDIF syntax.
    #[error("LDIF line {line}: {detail}")]
    Syntax {
        /// The line (1-based).
        line: usize,
        /// What is wrong.
        detail: String,
    },
}

/// Reads entries one by one from `reader` (see [`LdifReader::next_entry`]).
pub struct LdifReader<R> {
    reader: R,
    /// The line number of the last physical line read.
    line: usize,
    /// A physical line read ahead (to see whether the next line continues it).
    ahead: Option<Vec<u8>>,
    first_record: bool,
}

impl<R: BufRead> LdifReader<R> {
    /// A reader over `reader`.
    pub fn new(reader: R) -> Self {
        LdifReader {
            reader,
            line: 0,
            ahead: None,
            first_record: true,
        }
    }

    /// The next entry, `None` at the end. Change records other than `changetype: add` (the
    /// PKD's delta files modify and delete entries) and values by URL (`attr:< …`) are
    /// refused, never guessed at.
    pub fn next_entry(&mut self) -> Result<Option<LdifEntry>, LdifError> {
        loop {
            let mut lines = Vec::new();
            let mut start = 0;
            while let Some((n, logical)) = self.logical_line()? {
                if logical.is_empty() {
                    if lines.is_empty() {
                        continue;
                    }
                    break;
                }
                if logical.first() == Some(&b'#') {
                    continue;
                }
                if lines.is_empty() {
                    start = n;
                }
                lines.push((n, logical));
            }
            if lines.is_empty() {
                return Ok(None);
            }
            let first_record = std::mem::replace(&mut self.first_record, false);
            if first_record && lines.first().is_some_and(|(_, l)| is_version_line(l)) {
                lines.remove(0);
                if lines.is_empty() {
                    continue;
                }
            }
            return parse_entry(start, &lines).map(Some);
        }
    }

    /// The next logical line (continuations unfolded, line end removed) and the number of its
    /// first physical line; an empty one separates entries.
    fn logical_line(&mut self) -> Result<Option<(usize, Vec<u8>)>, LdifError> {
        let Some(mut logical) = self.take_physical()? else {
            return Ok(None);
        };
        let start = self.line;
        if logical.is_empty() {
            return Ok(Some((start, logical)));
        }
        while let Some(next) = self.take_physical()? {
            match next.split_first() {
                // RFC 2849 note 2: a line starting with one space continues the previous one.
                Some((b' ', rest)) => {
                    if logical.len() + rest.len() > MAX_LDIF_LINE {
                        return Err(
                            self.syntax(format!("a value longer than {MAX_LDIF_LINE} bytes"))
                        );
                    }
                    logical.extend_from_slice(rest);
                }
                _ => {
                    self.ahead = Some(next);
                    self.line -= 1;
                    break;
                }
            }
        }
        Ok(Some((start, logical)))
    }

    /// One physical line without its end (LF or CR LF), or `None` at the end of the input.
    fn take_physical(&mut self) -> Result<Option<Vec<u8>>, LdifError> {
        if let Some(line) = self.ahead.take() {
            self.line += 1;
            return Ok(Some(line));
        }
        let mut buf = Vec::new();
        let limit = (MAX_LDIF_LINE + 2) as u64;
        let n = std::io::Read::take(self.reader.by_ref(), limit)
            .read_until(b'\n', &mut buf)
            .map_err(|e| LdifError::Io(e.to_string()))?;
        if n == 0 {
            return Ok(None);
        }
        self.line += 1;
        if buf.last() == Some(&b'\n') {
            buf.pop();
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
        } else if buf.len() as u64 >= limit {
            return Err(self.syntax(format!("a line longer than {MAX_LDIF_LINE} bytes")));
        }
        Ok(Some(buf))
    }

    fn syntax(&self, detail: String) -> LdifError {
        LdifError::Syntax {
            line: self.line,
            detail,
        }
    }
}

impl<R: BufRead> Iterator for LdifReader<R> {
    type Item = Result<LdifEntry, LdifError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_entry().transpose()
    }
}

fn is_version_line(line: &[u8]) -> bool {
    line.strip_prefix(b"version:")
        .is_some_and(|v| v.trim_ascii() == b"1")
}

/// An entry from its logical lines: `dn:` first, then `attr: value` / `attr:: base64`.
fn parse_entry(start: usize, lines: &[(usize, Vec<u8>)]) -> Result<LdifEntry, LdifError> {
    let mut dn = None;
    let mut attributes = Vec::new();
    for (n, line) in lines {
        let (name, value) = attribute(*n, line)?;
        if dn.is_none() {
            if !name.eq_ignore_ascii_case("dn") {
                return Err(LdifError::Syntax {
                    line: *n,
                    detail: format!("an entry must start with dn:, found {name}:"),
                });
            }
            dn = Some(String::from_utf8_lossy(&value).into_owned());
            continue;
        }
        if name.eq_ignore_ascii_case("changetype") && value != b"add" {
            return Err(LdifError::Syntax {
                line: *n,
                detail: format!(
                    "change record (changetype: {}) not supported: import a complete PKD download, not a delta file",
                    String::from_utf8_lossy(&value)
                ),
            });
        }
        attributes.push((name, value));
    }
    Ok(LdifEntry {
        dn: dn.unwrap_or_default(),
        line: start,
        attributes,
    })
}

/// One `attr: value`, `attr:: base64` or (refused) `attr:< url` line (RFC 2849 attrval-spec).
fn attribute(n: usize, line: &[u8]) -> Result<(String, Vec<u8>), LdifError> {
    let err = |detail: String| LdifError::Syntax { line: n, detail };
    let colon = line
        .iter()
        .position(|&b| b == b':')
        .ok_or_else(|| err("no ':' after the attribute name".into()))?;
    let (name, rest) = line.split_at(colon);
    let name = std::str::from_utf8(name)
        .ok()
        .filter(|s| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b';' || b == b'.')
        })
        .ok_or_else(|| err("bad attribute name".into()))?
        .to_string();
    let rest = rest.get(1..).unwrap_or_default();
    let value = match rest.first() {
        Some(b':') => {
            let text = std::str::from_utf8(rest.get(1..).unwrap_or_default())
                .map_err(|_| err(format!("{name}: base64 value is not ASCII")))?;
            super::store::base64_decode_strict(text)
                .ok_or_else(|| err(format!("{name}: bad base64 value")))?
        }
        Some(b'<') => {
            return Err(err(format!("{name}: values by URL (:<) are not read")));
        }
        _ => rest.trim_ascii_start().to_vec(),
    };
    Ok((name, value))
}

/// The fuzz target's property: any bytes read as LDIF give entries or an error, never a panic,
/// and every entry read has a `dn`.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    for entry in LdifReader::new(data).take(10_000) {
        match entry {
            Ok(e) => assert!(e.line >= 1),
            Err(_) => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Result<Vec<LdifEntry>, LdifError> {
        LdifReader::new(text.as_bytes()).collect()
    }

    #[test]
    fn entries_with_folded_base64_values() {
        let text = "version: 1\r\n# comment\r\n continued comment\r\n\r\ndn: cn=a,o=dsc,c=UT\r\nobjectClass: top\r\nuserCertificate;binary:: aWR2\r\n ZXJp\r\n  Znk=\r\n\r\n\r\ndn: cn=b\r\ncn:  b\r\n";
        let e = all(text).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].dn, "cn=a,o=dsc,c=UT");
        assert_eq!(e[0].line, 5);
        assert_eq!(
            e[0].values("USERCERTIFICATE;BINARY").collect::<Vec<_>>(),
            [b"idverify"]
        );
        assert_eq!(e[1].dn, "cn=b");
        assert_eq!(e[1].line, 12);
        assert_eq!(e[1].values("cn").next(), Some(&b"b"[..]));
    }

    #[test]
    fn bad_input_is_an_error_naming_the_line() {
        for (text, line, what) in [
            ("dn: a\nno colon here\n", 2, "no ':'"),
            ("cn: a\n", 1, "must start with dn"),
            ("dn: a\nx:: !!!!\n", 2, "bad base64"),
            ("dn: a\nx:< file:///etc/passwd\n", 2, "by URL"),
            ("dn: a\nchangetype: modify\n", 2, "delta file"),
            ("dn: a\nb a d: x\n", 2, "bad attribute name"),
        ] {
            match all(text) {
                Err(LdifError::Syntax { line: l, detail }) => {
                    assert_eq!(l, line, "{text:?}");
                    assert!(detail.contains(what), "{detail}");
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
        assert_eq!(all("").unwrap(), []);
        assert_eq!(all("version: 1\n\n\n").unwrap(), []);
    }
}
