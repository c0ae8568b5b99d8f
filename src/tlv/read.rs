//! Reading BER-TLV (ISO/IEC 7816-4 §5.2, ITU-T X.690 §8.1): multi-byte tags, short and long
//! definite lengths, and the indefinite length (0x80 … 00 00) some issuers use in EF.SOD.

use super::TlvError;

/// How deep indefinite-length values may nest before parsing gives up.
const MAX_INDEFINITE_DEPTH: usize = 32;

/// One data object, borrowed from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The tag as its bytes read big-endian, e.g. `0x5F1F` or `0x77`.
    pub tag: u32,
    /// The value field (for an indefinite length: without the end-of-contents octets).
    pub value: &'a [u8],
    /// The whole encoding: tag, length and value (and end-of-contents octets).
    pub raw: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// Whether bit 6 of the first tag byte marks the object as constructed.
    pub fn is_constructed(&self) -> bool {
        self.raw.first().is_some_and(|b| b & 0x20 != 0)
    }

    /// The data objects inside this one's value.
    pub fn children(&self) -> TlvIter<'a> {
        TlvIter::new(self.value)
    }

    /// The first child with `tag`, if the value parses as TLV that far.
    pub fn find(&self, tag: u32) -> Option<Tlv<'a>> {
        self.children()
            .filter_map(Result::ok)
            .find(|t| t.tag == tag)
    }
}

/// Parses the first data object of `input`, returning it and the bytes after it.
pub fn parse_one(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), TlvError> {
    let end = object_end(input, 0, 0)?;
    let (raw, rest) = input.split_at(end.total);
    let value = raw
        .get(end.value_start..end.value_end)
        .ok_or(TlvError::Truncated {
            offset: end.value_start,
            what: "value",
        })?;
    Ok((
        Tlv {
            tag: end.tag,
            value,
            raw,
        },
        rest,
    ))
}

/// Parses every data object of `input` in order; fails on the first bad one.
pub fn parse_all(input: &[u8]) -> Result<Vec<Tlv<'_>>, TlvError> {
    TlvIter::new(input).collect()
}

/// Iterates over consecutive data objects; after an error it yields nothing more.
#[derive(Debug, Clone)]
pub struct TlvIter<'a> {
    rest: &'a [u8],
    failed: bool,
}

impl<'a> TlvIter<'a> {
    /// Iterates over the data objects in `input`.
    pub fn new(input: &'a [u8]) -> Self {
        TlvIter {
            rest: input,
            failed: false,
        }
    }
}

impl<'a> Iterator for TlvIter<'a> {
    type Item = Result<Tlv<'a>, TlvError>;

    fn next(&mut self) -> Option<Self::Item> {
        // ISO 7816-4 allows 0x00 and 0xFF padding between data objects.
        while let Some((&b, tail)) = self.rest.split_first() {
            if b == 0x00 || b == 0xFF {
                self.rest = tail;
            } else {
                break;
            }
        }
        if self.failed || self.rest.is_empty() {
            return None;
        }
        match parse_one(self.rest) {
            Ok((tlv, rest)) => {
                self.rest = rest;
                Some(Ok(tlv))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

/// Where one object's parts lie, relative to the start of the slice it was read from.
struct ObjectEnd {
    tag: u32,
    value_start: usize,
    value_end: usize,
    total: usize,
}

/// Reads a tag at `input[0..]`; returns (tag, tag length, constructed).
fn read_tag(input: &[u8], base: usize) -> Result<(u32, usize, bool), TlvError> {
    let first = *input.first().ok_or(TlvError::Truncated {
        offset: base,
        what: "tag",
    })?;
    let constructed = first & 0x20 != 0;
    let mut tag = u32::from(first);
    let mut len = 1;
    if first & 0x1F == 0x1F {
        loop {
            let b = *input.get(len).ok_or(TlvError::Truncated {
                offset: base + len,
                what: "tag",
            })?;
            len += 1;
            if len > 4 {
                return Err(TlvError::TagTooLong { offset: base });
            }
            tag = (tag << 8) | u32::from(b);
            if b & 0x80 == 0 {
                break;
            }
        }
    }
    Ok((tag, len, constructed))
}

/// Reads a length at `input[0..]`; `None` is the indefinite length. Returns (length, length bytes).
fn read_length(input: &[u8], base: usize) -> Result<(Option<usize>, usize), TlvError> {
    let first = *input.first().ok_or(TlvError::Truncated {
        offset: base,
        what: "length",
    })?;
    match first {
        0x00..=0x7F => Ok((Some(usize::from(first)), 1)),
        0x80 => Ok((None, 1)),
        0x81..=0x84 => {
            let n = usize::from(first & 0x7F);
            let bytes = input.get(1..=n).ok_or(TlvError::Truncated {
                offset: base + 1,
                what: "length",
            })?;
            let len = bytes
                .iter()
                .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
            Ok((Some(len), 1 + n))
        }
        _ => Err(TlvError::BadLength { offset: base }),
    }
}

/// Finds the extent of the object at `input[0..]`; `base` is its offset for error messages.
fn object_end(input: &[u8], base: usize, depth: usize) -> Result<ObjectEnd, TlvError> {
    let (tag, tag_len, constructed) = read_tag(input, base)?;
    let after_tag = input.get(tag_len..).unwrap_or_default();
    let (len, len_len) = read_length(after_tag, base + tag_len)?;
    let value_start = tag_len + len_len;
    match len {
        Some(len) => {
            let value_end = value_start
                .checked_add(len)
                .filter(|&e| e <= input.len())
                .ok_or(TlvError::Truncated {
                    offset: base + value_start,
                    what: "value",
                })?;
            Ok(ObjectEnd {
                tag,
                value_start,
                value_end,
                total: value_end,
            })
        }
        None => {
            if !constructed {
                return Err(TlvError::IndefinitePrimitive { offset: base });
            }
            if depth >= MAX_INDEFINITE_DEPTH {
                return Err(TlvError::TooDeep);
            }
            // Walk the children until the end-of-contents octets 00 00.
            let mut pos = value_start;
            loop {
                let rest = input.get(pos..).unwrap_or_default();
                match rest {
                    [0x00, 0x00, ..] => {
                        return Ok(ObjectEnd {
                            tag,
                            value_start,
                            value_end: pos,
                            total: pos + 2,
                        });
                    }
                    [] | [_] if rest.len() < 2 => {
                        return Err(TlvError::Truncated {
                            offset: base + pos,
                            what: "value",
                        });
                    }
                    _ => {
                        let child = object_end(rest, base + pos, depth + 1)?;
                        pos += child.total;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_multibyte_tags() {
        let data = [0x5F, 0x1F, 0x03, b'A', b'B', b'C', 0x61, 0x00];
        let all = parse_all(&data).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].tag, 0x5F1F);
        assert_eq!(all[0].value, b"ABC");
        assert_eq!(all[1].tag, 0x61);
        assert!(all[1].is_constructed());
        assert!(all[1].value.is_empty());
    }

    #[test]
    fn long_lengths() {
        let mut data = vec![0x04, 0x82, 0x01, 0x00];
        data.extend(std::iter::repeat_n(0xAB, 256));
        let (t, rest) = parse_one(&data).unwrap();
        assert_eq!(t.value.len(), 256);
        assert!(rest.is_empty());
    }

    #[test]
    fn indefinite_length_nested() {
        // 30 80 { 04 01 AA  30 80 { 02 01 05 } 00 00 } 00 00  then 01 01 FF
        let data = [
            0x30, 0x80, 0x04, 0x01, 0xAA, 0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00, 0x00, 0x00,
            0x01, 0x01, 0xFF,
        ];
        let (t, rest) = parse_one(&data).unwrap();
        assert_eq!(t.tag, 0x30);
        assert_eq!(t.raw.len(), 14);
        assert_eq!(rest, &[0x01, 0x01, 0xFF]);
        let kids = parse_all(t.value).unwrap();
        assert_eq!(kids.len(), 2);
        assert_eq!(kids[1].find(0x02).unwrap().value, &[0x05]);
    }

    #[test]
    fn errors_are_located() {
        assert_eq!(
            parse_one(&[0x04, 0x05, 1, 2]).unwrap_err(),
            TlvError::Truncated {
                offset: 2,
                what: "value"
            }
        );
        assert_eq!(
            parse_one(&[0x5F]).unwrap_err(),
            TlvError::Truncated {
                offset: 1,
                what: "tag"
            }
        );
        assert_eq!(
            parse_one(&[0x04, 0x80, 0x00, 0x00]).unwrap_err(),
            TlvError::IndefinitePrimitive { offset: 0 }
        );
        assert_eq!(
            parse_one(&[0x04, 0x85, 0, 0, 0, 0, 1]).unwrap_err(),
            TlvError::BadLength { offset: 1 }
        );
        assert!(matches!(
            parse_one(&[0x30, 0x80, 0x04]),
            Err(TlvError::Truncated { .. })
        ));
        assert_eq!(
            parse_one(&[0x1F, 0x81, 0x81, 0x81, 0x01]).unwrap_err(),
            TlvError::TagTooLong { offset: 0 }
        );
    }

    #[test]
    fn deep_indefinite_nesting_is_refused() {
        let mut data = Vec::new();
        for _ in 0..100 {
            data.extend([0x30, 0x80]);
        }
        for _ in 0..100 {
            data.extend([0x00, 0x00]);
        }
        assert_eq!(parse_one(&data).unwrap_err(), TlvError::TooDeep);
    }

    #[test]
    fn padding_between_objects_is_skipped() {
        let data = [0x00, 0x80, 0x01, 0x01, 0xFF, 0xFF, 0x81, 0x00];
        let tags: Vec<u32> = parse_all(&data).unwrap().iter().map(|t| t.tag).collect();
        assert_eq!(tags, vec![0x80, 0x81]);
    }
}
