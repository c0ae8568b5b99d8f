//! Distinguished names compared as sets of attributes (RFC 5280 §7.1 with the leniency real
//! documents need: some SignerInfos list the issuer's RDNs in another order than the DSC).

use super::asn1::oid_string;
use super::cert_der::name_attributes;
use super::error::PkiError;
use crate::tlv::Tlv;
use x509_parser::prelude::{FromDer, X509Name};

/// A distinguished name reduced to a sorted list of (attribute OID, normalised value), so
/// that two names with the same attributes in a different order compare equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name {
    attrs: Vec<(String, String)>,
    ordered: Vec<(String, String)>,
    display: String,
}

impl Name {
    /// Builds the set form of a parsed X.509 name.
    pub(crate) fn from_x509(name: &X509Name<'_>) -> Self {
        Self::build(
            name.iter_attributes()
                .map(|a| (a.attr_type().to_id_string(), a.as_str().ok(), a.as_slice())),
        )
    }

    /// Builds the set form of a DER name walked with the TLV reader; `None` when it is not
    /// plain DER (the caller then parses with x509-parser). Values of the string types
    /// x509-parser reads as text (NumericString, PrintableString, UTF8String, IA5String) are
    /// text, others hex, exactly as [`Name::from_x509`] does.
    pub(crate) fn from_tlv(name: &Tlv<'_>) -> Option<Self> {
        let mut attrs = Vec::new();
        for (oid, value) in name_attributes(name)? {
            let text = match value.tag {
                0x12 | 0x13 | 0x0C | 0x16 => std::str::from_utf8(value.value).ok(),
                _ => None,
            };
            attrs.push((oid_string(oid).ok()?, text, value.value));
        }
        Some(Self::build(attrs.into_iter()))
    }

    /// The name from (dotted OID, value as text if it is a string type, raw value) in the
    /// encoded order.
    fn build<'a>(attributes: impl Iterator<Item = (String, Option<&'a str>, &'a [u8])>) -> Self {
        let mut ordered = Vec::new();
        let mut display = String::new();
        for (oid, text, raw) in attributes {
            let value = match text {
                Some(s) => s
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase(),
                None => hex_lower(raw),
            };
            if !display.is_empty() {
                display.push_str(", ");
            }
            display.push_str(short_name(&oid).unwrap_or(&oid));
            display.push('=');
            match text {
                Some(s) => display.push_str(s),
                None => {
                    display.push('#');
                    display.push_str(&hex_lower(raw));
                }
            }
            ordered.push((oid, value));
        }
        let mut attrs = ordered.clone();
        attrs.sort();
        Name {
            attrs,
            ordered,
            display,
        }
    }

    /// Parses a DER `Name` (as inside issuerAndSerialNumber).
    pub fn from_der(der: &[u8]) -> Result<Self, PkiError> {
        let (_, name) =
            X509Name::from_der(der).map_err(|e| PkiError::Certificate(format!("name: {e}")))?;
        Ok(Self::from_x509(&name))
    }

    /// The first countryName (2.5.4.6) value, upper-cased.
    pub fn country(&self) -> Option<String> {
        self.attrs
            .iter()
            .find(|(oid, _)| oid == "2.5.4.6")
            .map(|(_, v)| v.to_uppercase())
    }

    /// The name as text (`C=DE, O=bund, CN=csca-germany`: short names, in the encoded order).
    pub fn display(&self) -> &str {
        &self.display
    }

    /// Whether both names hold the same attributes, in any order.
    pub fn same_as(&self, other: &Name) -> bool {
        self.attrs == other.attrs
    }

    /// Whether both names hold the same attributes in the same order (case and inner
    /// whitespace still ignored, as OpenSSL's canonical comparison does).
    pub fn same_in_order(&self, other: &Name) -> bool {
        self.ordered == other.ordered
    }

    /// A key for indexing by name (order-insensitive).
    pub(crate) fn key(&self) -> &[(String, String)] {
        &self.attrs
    }
}

/// RFC 4514 short names of the attributes found in eMRTD certificates.
fn short_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "1.2.840.113549.1.9.1" => "emailAddress",
        _ => return None,
    })
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rdn(oid: &[u8], value: &str) -> Vec<u8> {
        let mut atv = vec![0x06, oid.len() as u8];
        atv.extend_from_slice(oid);
        atv.push(0x13);
        atv.push(value.len() as u8);
        atv.extend_from_slice(value.as_bytes());
        let mut seq = vec![0x30, atv.len() as u8];
        seq.extend(atv);
        let mut set = vec![0x31, seq.len() as u8];
        set.extend(seq);
        set
    }

    fn name(rdns: &[Vec<u8>]) -> Vec<u8> {
        let body: Vec<u8> = rdns.concat();
        let mut out = vec![0x30, body.len() as u8];
        out.extend(body);
        out
    }

    #[test]
    fn order_and_case_do_not_matter_values_do() {
        let c = rdn(&[0x55, 0x04, 0x06], "MY");
        let o = rdn(&[0x55, 0x04, 0x0A], "Jabatan  Imigresen");
        let cn = rdn(&[0x55, 0x04, 0x03], "Signer");
        let a = Name::from_der(&name(&[c.clone(), o.clone(), cn.clone()])).unwrap();
        let b = Name::from_der(&name(&[cn.clone(), c.clone(), o.clone()])).unwrap();
        assert!(a.same_as(&b));
        assert_eq!(a.country().as_deref(), Some("MY"));
        let other = rdn(&[0x55, 0x04, 0x03], "Other");
        let d = Name::from_der(&name(&[c, o, other])).unwrap();
        assert!(!a.same_as(&d));
        assert!(Name::from_der(&[0x30, 0x05, 0x31]).is_err());
    }
}
