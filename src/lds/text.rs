//! Text and byte helpers shared by the data groups: lenient UTF-8, ICAO name and field
//! splitting at '<' fillers, and hex serialization of byte fields for the JSON report.

/// Decodes a text field. ICAO 9303-10 §4.7 says UTF-8; invalid sequences (some issuers
/// write Latin-1) become U+FFFD instead of failing the whole data group.
pub fn utf8(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Splits an ICAO name ("SMITH<<JOHN<J") into primary and secondary identifiers, with the
/// '<' fillers inside each turned into spaces ("SMITH", "JOHN J").
pub fn split_name(name: &str) -> (String, String) {
    let (primary, secondary) = name.split_once("<<").unwrap_or((name, ""));
    (fillers_to_spaces(primary), fillers_to_spaces(secondary))
}

/// Splits a '<'-separated field ("123 MAPLE RD<ANYTOWN<MN") into its non-empty parts.
pub fn split_fields(value: &str) -> Vec<String> {
    value
        .split('<')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn fillers_to_spaces(s: &str) -> String {
    s.split('<')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Serializes byte fields as uppercase hex strings.
pub mod hex_bytes {
    use serde::Serializer;

    /// Writes `bytes` as one hex string.
    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_hex(bytes))
    }

    /// Uppercase hex of `bytes`.
    pub fn to_hex(bytes: &[u8]) -> String {
        const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
        let mut out = String::with_capacity(bytes.len() * 2);
        for &b in bytes {
            out.push(char::from(DIGITS[usize::from(b >> 4)]));
            out.push(char::from(DIGITS[usize::from(b & 0x0F)]));
        }
        out
    }
}

/// Serializes optional byte fields as hex strings or null.
pub mod hex_opt {
    use serde::Serializer;

    /// Writes `bytes` as a hex string, or null.
    pub fn serialize<S: Serializer>(bytes: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(b) => s.serialize_str(&super::hex_bytes::to_hex(b)),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_fields() {
        assert_eq!(
            split_name("SMITH<<JOHN<J"),
            ("SMITH".to_string(), "JOHN J".to_string())
        );
        assert_eq!(split_name("ZHAO"), ("ZHAO".to_string(), String::new()));
        assert_eq!(
            split_fields("123 MAPLE RD<ANYTOWN<MN"),
            vec!["123 MAPLE RD", "ANYTOWN", "MN"]
        );
        assert!(split_fields("<<").is_empty());
        assert_eq!(utf8(&[0x4D, 0xFC, 0x6C]), "M\u{FFFD}l");
        assert_eq!(hex_bytes::to_hex(&[0x0A, 0xFF]), "0AFF");
    }
}
