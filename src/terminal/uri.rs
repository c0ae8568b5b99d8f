//! The `pkcs11:` URI naming a terminal key in a token (RFC 7512 subset): token by label or
//! serial, key by `object` label and/or `id`, and the query's `module-path`, `pin-value` and
//! `pin-source`. Parsing only; reading a PIN file is the signer's job.

use crate::terminal::SignerError;
use std::path::PathBuf;
use zeroize::Zeroizing;

/// Where the user PIN comes from.
#[derive(Clone, PartialEq, Eq)]
pub enum PinSpec {
    /// `pin-value=…`: the PIN itself (zeroized on drop).
    Value(Zeroizing<String>),
    /// `pin-source=file:…` or a path: a file whose first line is the PIN.
    File(PathBuf),
}

impl std::fmt::Debug for PinSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PinSpec::Value(_) => f.write_str("Value(..)"),
            PinSpec::File(path) => f.debug_tuple("File").field(path).finish(),
        }
    }
}

/// A parsed `pkcs11:` URI, e.g.
/// `pkcs11:token=desk-1;object=ta-2026;id=%01?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/etc/idverify/pin`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pkcs11Uri {
    /// `module-path`: the PKCS#11 shared library (required).
    pub module_path: PathBuf,
    /// `token`: the token label.
    pub token: Option<String>,
    /// `serial`: the token serial number.
    pub serial: Option<String>,
    /// `object`: the key's label (CKA_LABEL).
    pub object: Option<String>,
    /// `id`: the key's CKA_ID bytes.
    pub id: Option<Vec<u8>>,
    /// `pin-value` or `pin-source`.
    pub pin: Option<PinSpec>,
}

fn bad(what: impl std::fmt::Display) -> SignerError {
    SignerError::Malformed(format!("pkcs11: URI: {what}"))
}

/// Percent-decodes an attribute value (RFC 3986 §2.1).
fn percent_decode(value: &str) -> Result<Vec<u8>, SignerError> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| bad(format!("bad percent-encoding in \"{value}\"")))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Ok(out)
}

fn text(name: &str, value: &str) -> Result<String, SignerError> {
    String::from_utf8(percent_decode(value)?).map_err(|_| bad(format!("{name} is not UTF-8")))
}

fn set<T>(slot: &mut Option<T>, name: &str, value: T) -> Result<(), SignerError> {
    if slot.is_some() {
        return Err(bad(format!("attribute {name} given twice")));
    }
    *slot = Some(value);
    Ok(())
}

impl Pkcs11Uri {
    /// Parses a `pkcs11:` URI. Unknown path attributes are refused (a misspelt `objekt`
    /// must not select another key); vendor `x-` attributes and the token's descriptive
    /// attributes (manufacturer, model, library-*, slot-*) are accepted and not used.
    pub fn parse(uri: &str) -> Result<Self, SignerError> {
        let rest = uri
            .strip_prefix("pkcs11:")
            .ok_or_else(|| bad("does not start with \"pkcs11:\""))?;
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let mut token = None;
        let mut serial = None;
        let mut object = None;
        let mut id = None;
        let mut module_path = None;
        let mut pin = None;
        for attribute in path.split(';').filter(|a| !a.is_empty()) {
            let (name, value) = attribute
                .split_once('=')
                .ok_or_else(|| bad(format!("path attribute \"{attribute}\" without '='")))?;
            match name {
                "token" => set(&mut token, name, text(name, value)?)?,
                "serial" => set(&mut serial, name, text(name, value)?)?,
                "object" => set(&mut object, name, text(name, value)?)?,
                "id" => set(&mut id, name, percent_decode(value)?)?,
                "type" if value == "private" => {}
                "type" => {
                    return Err(bad(format!(
                        "type={value}: the terminal key is a private key"
                    )));
                }
                "manufacturer"
                | "model"
                | "library-manufacturer"
                | "library-description"
                | "library-version"
                | "slot-description"
                | "slot-manufacturer"
                | "slot-id" => {}
                vendor if vendor.starts_with("x-") => {}
                other => return Err(bad(format!("unknown path attribute \"{other}\""))),
            }
        }
        for attribute in query.split('&').filter(|a| !a.is_empty()) {
            let (name, value) = attribute
                .split_once('=')
                .ok_or_else(|| bad(format!("query attribute \"{attribute}\" without '='")))?;
            match name {
                "module-path" => set(&mut module_path, name, PathBuf::from(text(name, value)?))?,
                "pin-value" => set(
                    &mut pin,
                    name,
                    PinSpec::Value(Zeroizing::new(text(name, value)?)),
                )?,
                "pin-source" => {
                    let source = text(name, value)?;
                    let path = source
                        .strip_prefix("file://")
                        .or_else(|| source.strip_prefix("file:"))
                        .unwrap_or(&source);
                    if path.is_empty() {
                        return Err(bad("empty pin-source"));
                    }
                    set(&mut pin, "pin-value/pin-source", PinSpec::File(path.into()))?;
                }
                "module-name" => {
                    return Err(bad(
                        "module-name is not supported; give the library as module-path",
                    ));
                }
                // Other query attributes (vendor x-…) do not change which key is used.
                _ => {}
            }
        }
        // An empty module-path names no library (RFC 7512 §2.4: a path to the module).
        let module_path = module_path
            .filter(|p: &PathBuf| !p.as_os_str().is_empty())
            .ok_or_else(|| {
                bad("module-path is required (e.g. ?module-path=/usr/lib/softhsm/libsofthsm2.so)")
            })?;
        if object.is_none() && id.is_none() {
            return Err(bad("name the key with object=LABEL and/or id=%XX…"));
        }
        Ok(Pkcs11Uri {
            module_path,
            token,
            serial,
            object,
            id,
            pin,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_uri_parses() {
        let uri = Pkcs11Uri::parse(
            "pkcs11:token=desk%201;object=ta-2026;id=%01%AB;type=private;manufacturer=x\
             ?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-value=12%2634",
        )
        .unwrap();
        assert_eq!(
            uri.module_path,
            PathBuf::from("/usr/lib/softhsm/libsofthsm2.so")
        );
        assert_eq!(uri.token.as_deref(), Some("desk 1"));
        assert_eq!(uri.object.as_deref(), Some("ta-2026"));
        assert_eq!(uri.id, Some(vec![0x01, 0xAB]));
        assert_eq!(
            uri.pin,
            Some(PinSpec::Value(Zeroizing::new("12&34".into())))
        );
        assert_eq!(format!("{:?}", uri.pin), "Some(Value(..))");
        let uri = Pkcs11Uri::parse(
            "pkcs11:serial=35a1;id=%02?pin-source=file:///etc/pin&module-path=m.so",
        )
        .unwrap();
        assert_eq!(uri.pin, Some(PinSpec::File("/etc/pin".into())));
        assert_eq!(uri.serial.as_deref(), Some("35a1"));
        let uri = Pkcs11Uri::parse("pkcs11:object=k?module-path=m.so&pin-source=/run/pin").unwrap();
        assert_eq!(uri.pin, Some(PinSpec::File("/run/pin".into())));
    }

    #[test]
    fn bad_uris_say_what_is_wrong() {
        for (uri, says) in [
            ("file:key.pk8", "pkcs11:"),
            ("pkcs11:object=k", "module-path"),
            ("pkcs11:token=t?module-path=m.so", "object="),
            ("pkcs11:object=k;object=j?module-path=m.so", "twice"),
            ("pkcs11:objekt=k?module-path=m.so", "objekt"),
            ("pkcs11:object=k;type=cert?module-path=m.so", "private key"),
            ("pkcs11:id=%1?module-path=m.so", "percent"),
            ("pkcs11:id=%zz?module-path=m.so", "percent"),
            ("pkcs11:object=%ff?module-path=m.so", "UTF-8"),
            ("pkcs11:object?module-path=m.so", "without '='"),
            ("pkcs11:object=k?module-name=softhsm2", "module-path"),
            (
                "pkcs11:token=t;id=%01?module-path=",
                "module-path is required",
            ),
            (
                "pkcs11:object=k?module-path=m.so&pin-value=1&pin-source=/p",
                "twice",
            ),
        ] {
            let err = Pkcs11Uri::parse(uri).unwrap_err();
            assert!(
                matches!(&err, SignerError::Malformed(m) if m.contains(says)),
                "{uri}: {err}"
            );
        }
    }
}
