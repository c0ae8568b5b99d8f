//! The German eID application's data groups (BSI TR-03110-4 §3.1 and its ASN.1 appendix,
//! BSI TR-03127): the application identifier, the files and each data group's value.

use super::LdsError;
use crate::tlv::{self, Tlv};

/// The eID application's identifier (BSI TR-03110-4 §3.1.1: E8 07 04 00 7F 00 07 03 02).
pub const EID_AID: [u8; 9] = [0xE8, 0x07, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x03, 0x02];

/// The eID application's data groups are DG1..DG22 (FID 01nn, short EF identifier nn).
pub const EID_DATA_GROUPS: u8 = 22;

/// The file identifier of eID DG`n` (BSI TR-03110-4 §3.1.1 Table 3: 0101..0116).
pub fn eid_fid(n: u8) -> u16 {
    0x0100 | u16::from(n)
}

/// What eID DG`n` holds, in English (BSI TR-03110-4 Table 3).
pub fn eid_dg_name(n: u8) -> &'static str {
    match n {
        1 => "document type",
        2 => "issuing state",
        3 => "date of expiry",
        4 => "given names",
        5 => "family names",
        6 => "artistic name",
        7 => "academic title",
        8 => "date of birth",
        9 => "place of birth",
        10 => "nationality",
        11 => "sex",
        12 => "optional data",
        13 => "birth name",
        14 => "written signature",
        15 => "date of issuance",
        17 => "place of residence",
        18 => "community ID",
        19 => "residence permit I",
        20 => "residence permit II",
        21 => "phone number",
        22 => "email address",
        _ => "RFU",
    }
}

/// A place (BSI TR-03110-4 ASN.1 `GeneralPlace`): a structured address, free text or a
/// statement that there is no place information.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EidPlace {
    /// `Place ::= SEQUENCE { street [10], city [11], state [12], country [13], zipcode [14] }`.
    Structured {
        /// The street and house number.
        street: Option<String>,
        /// The city.
        city: Option<String>,
        /// The state.
        state: Option<String>,
        /// The country (ICAO code, e.g. `D`).
        country: Option<String>,
        /// The postal code.
        zipcode: Option<String>,
    },
    /// `freetextPlace [1] UTF8String`.
    Freetext(String),
    /// `noPlaceInfo [2] UTF8String`.
    NoPlaceInfo(String),
}

impl EidPlace {
    /// The structured place's elements in `Place` order (street [10], city [11], state
    /// [12], country [13], zipcode [14]); `None` for text.
    fn elements(&self) -> Option<[&Option<String>; 5]> {
        match self {
            EidPlace::Structured {
                street,
                city,
                state,
                country,
                zipcode,
            } => Some([street, city, state, country, zipcode]),
            _ => None,
        }
    }

    /// One line: "HEIDESTRASSE 17, 51147 KÖLN, D" or the free text.
    pub fn line(&self) -> String {
        let Some([street, city, state, country, zipcode]) = self.elements() else {
            return match self {
                EidPlace::Freetext(s) | EidPlace::NoPlaceInfo(s) => s.clone(),
                EidPlace::Structured { .. } => String::new(),
            };
        };
        let town = [zipcode, city]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        [
            street.as_deref(),
            Some(town.as_str()),
            state.as_deref(),
            country.as_deref(),
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// The value of one eID data group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EidValue {
    /// A string (ICAOString, UTF8String).
    Text(String),
    /// A `Date ::= NumericString (SIZE (8))`, YYYYMMDD.
    Date(String),
    /// One or more places (DG9 one, DG17 one or a `SET OF GeneralPlace`).
    Places(Vec<EidPlace>),
    /// An OCTET STRING's content (DG18, the municipality ID).
    Octets(Vec<u8>),
    /// A data group kept as the bytes inside its application tag.
    Raw(Vec<u8>),
}

impl EidValue {
    /// The value for a report: text, date as DD.MM.YYYY, places joined by "; ", raw as hex.
    pub fn display(&self) -> String {
        match self {
            EidValue::Text(s) => s.clone(),
            EidValue::Date(d) => match (d.get(0..4), d.get(4..6), d.get(6..8)) {
                (Some(y), Some(m), Some(day)) => format!("{day}.{m}.{y}"),
                _ => d.clone(),
            },
            EidValue::Places(p) => p.iter().map(EidPlace::line).collect::<Vec<_>>().join("; "),
            EidValue::Octets(b) | EidValue::Raw(b) => {
                b.iter().map(|x| format!("{x:02X}")).collect()
            }
        }
    }
}

/// One eID data group: `[APPLICATION n]` around its value (BSI TR-03110-4 ASN.1 appendix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EidDg {
    /// The data group number, 1..=22.
    pub number: u8,
    /// Its value.
    pub value: EidValue,
}

const FILE: &str = "eID data group";
const OCTETS: u32 = 0x04;
const UTF8: u32 = 0x0C;
const NUMERIC: u32 = 0x12;
const PRINTABLE: u32 = 0x13;
const IA5: u32 = 0x16;
/// `Text ::= CHOICE { uncompressed [1] UTF8String, compressed [2] OCTET STRING }`.
const TEXT_UNCOMPRESSED: u32 = 0xA1;
const TEXT_COMPRESSED: u32 = 0xA2;
/// The longest residence-permit text accepted after decompression: the texts are a few
/// lines (an eID file is at most a few kilobytes), so this only stops a decompression bomb.
pub const MAX_TEXT_LEN: usize = 64 * 1024;

/// How a data group's value is encoded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An ICAOString (PrintableString).
    Icao,
    /// A UTF8String.
    Utf8,
    /// A Date.
    Date,
    /// A GeneralPlace.
    Place,
    /// A GeneralPlace or SET OF GeneralPlace.
    Residence,
    /// An OCTET STRING.
    Octets,
    /// A `Text`: a UTF8String, plain or DEFLATE-compressed.
    Text,
    /// A PrintableString (the phone number, a `tel:` URI).
    Printable,
    /// An IA5String (the email address).
    Ia5,
    /// Kept raw: DG12 (SET OF OptionalData), DG14 (the written signature, JPEG 2000), DG16.
    Raw,
}

/// BSI TR-03110-4 §2.2.3.1's ASN.1: the type of each data group.
fn kind(n: u8) -> Kind {
    match n {
        1 | 2 | 10 | 11 => Kind::Icao,
        3 | 8 | 15 => Kind::Date,
        4..=7 | 13 => Kind::Utf8,
        9 => Kind::Place,
        17 => Kind::Residence,
        18 => Kind::Octets,
        19 | 20 => Kind::Text,
        21 => Kind::Printable,
        22 => Kind::Ia5,
        _ => Kind::Raw,
    }
}

/// A `Text` (BSI TR-03110-4 §2.2.3.1): `[1]` a UTF8String, or `[2]` an OCTET STRING holding
/// the UTF8String compressed with raw DEFLATE (RFC 1951), inflated to at most
/// [`MAX_TEXT_LEN`] bytes.
fn text(t: &Tlv<'_>) -> Result<String, LdsError> {
    let inner = single(t.value, "text")?;
    match t.tag {
        TEXT_UNCOMPRESSED => string(&inner, &[UTF8], "text: UTF8String"),
        TEXT_COMPRESSED => {
            if inner.tag != OCTETS {
                return Err(malformed("compressed text: not an OCTET STRING"));
            }
            let inflated =
                miniz_oxide::inflate::decompress_to_vec_with_limit(inner.value, MAX_TEXT_LEN)
                    .map_err(|_| malformed("compressed text: not DEFLATE data or too long"))?;
            String::from_utf8(inflated).map_err(|_| malformed("compressed text: not UTF-8"))
        }
        _ => Err(malformed(
            "text: neither [1] uncompressed nor [2] compressed",
        )),
    }
}

/// The application tag of DG`n`: 0x61 for DG1 … 0x7E for DG30 (one byte up to DG30).
fn app_tag(n: u8) -> u32 {
    0x60 | u32::from(n)
}

fn malformed(what: &'static str) -> LdsError {
    LdsError::Malformed { file: FILE, what }
}

/// Exactly one data object filling `bytes`.
fn single<'a>(bytes: &'a [u8], what: &'static str) -> Result<Tlv<'a>, LdsError> {
    let (t, rest) = tlv::parse_one(bytes).map_err(LdsError::tlv(FILE))?;
    if !rest.is_empty() {
        return Err(malformed(what));
    }
    Ok(t)
}

/// A string object of one of `tags`.
fn string(t: &Tlv<'_>, tags: &[u32], what: &'static str) -> Result<String, LdsError> {
    if !tags.contains(&t.tag) {
        return Err(malformed(what));
    }
    let s = std::str::from_utf8(t.value).map_err(|_| malformed(what))?;
    if t.tag != UTF8 && !s.is_ascii() {
        return Err(malformed(what));
    }
    Ok(s.to_string())
}

fn place(t: &Tlv<'_>) -> Result<EidPlace, LdsError> {
    match t.tag {
        0x30 => {
            let mut fields: [Option<String>; 5] = Default::default();
            for child in t.children() {
                let child = child.map_err(LdsError::tlv(FILE))?;
                let slot = child
                    .tag
                    .checked_sub(0xAA)
                    .and_then(|i| fields.get_mut(usize::try_from(i).ok()?))
                    .ok_or(malformed("place: unknown element"))?;
                let inner = single(child.value, "place element")?;
                *slot = Some(string(&inner, &[UTF8, PRINTABLE], "place element")?);
            }
            let [street, city, state, country, zipcode] = fields;
            Ok(EidPlace::Structured {
                street,
                city,
                state,
                country,
                zipcode,
            })
        }
        0xA1 | 0xA2 => {
            let inner = single(t.value, "place text")?;
            let s = string(&inner, &[UTF8], "place text")?;
            Ok(if t.tag == 0xA1 {
                EidPlace::Freetext(s)
            } else {
                EidPlace::NoPlaceInfo(s)
            })
        }
        _ => Err(malformed("place: not a GeneralPlace")),
    }
}

/// PrintableString for ASCII text, UTF8String otherwise.
fn text_tag(s: &str) -> u32 {
    if s.is_ascii() { PRINTABLE } else { UTF8 }
}

fn encode_place(p: &EidPlace) -> Vec<u8> {
    match (p, p.elements()) {
        (EidPlace::Freetext(s), _) => tlv::tlv(0xA1, &tlv::tlv(UTF8, s.as_bytes())),
        (EidPlace::NoPlaceInfo(s), _) => tlv::tlv(0xA2, &tlv::tlv(UTF8, s.as_bytes())),
        (_, elements) => {
            let mut seq = Vec::new();
            for (i, f) in elements.into_iter().flatten().enumerate() {
                if let Some(s) = f {
                    let tag = if i >= 3 { text_tag(s) } else { UTF8 };
                    tlv::write_tlv(0xAA + i as u32, &tlv::tlv(tag, s.as_bytes()), &mut seq);
                }
            }
            tlv::tlv(0x30, &seq)
        }
    }
}

impl EidDg {
    /// Parses eID DG`number` (1..=22) from the whole file: its application tag, one value
    /// object inside and nothing after it; DG12, DG14 and DG16 are kept raw.
    pub fn parse(number: u8, bytes: &[u8]) -> Result<Self, LdsError> {
        if !(1..=EID_DATA_GROUPS).contains(&number) {
            return Err(malformed("data group number"));
        }
        let outer = single(bytes, "trailing bytes after the data group")?;
        if outer.tag != app_tag(number) {
            return Err(LdsError::WrongTag {
                file: FILE,
                expected: app_tag(number),
                found: outer.tag,
            });
        }
        let k = kind(number);
        if k == Kind::Raw {
            return Ok(EidDg {
                number,
                value: EidValue::Raw(outer.value.to_vec()),
            });
        }
        let inner = single(outer.value, "value")?;
        let value = match k {
            Kind::Icao => EidValue::Text(string(&inner, &[PRINTABLE, UTF8], "ICAO string")?),
            Kind::Utf8 => EidValue::Text(string(&inner, &[UTF8], "UTF8String")?),
            Kind::Date => {
                let d = string(&inner, &[NUMERIC, PRINTABLE], "date")?;
                // Date ::= NumericString (SIZE (8)), YYYYMMDD.
                if d.len() != 8 || !d.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(malformed("date: not YYYYMMDD"));
                }
                EidValue::Date(d)
            }
            Kind::Place => EidValue::Places(vec![place(&inner)?]),
            Kind::Octets if inner.tag == OCTETS => EidValue::Octets(inner.value.to_vec()),
            Kind::Octets => return Err(malformed("not an OCTET STRING")),
            Kind::Text => EidValue::Text(text(&inner)?),
            Kind::Printable => EidValue::Text(string(&inner, &[PRINTABLE], "PrintableString")?),
            Kind::Ia5 => EidValue::Text(string(&inner, &[IA5], "IA5String")?),
            _ if inner.tag == 0x31 => {
                // multResidence: SET OF GeneralPlace.
                let places = inner
                    .children()
                    .map(|c| c.map_err(LdsError::tlv(FILE)).and_then(|c| place(&c)))
                    .collect::<Result<Vec<_>, _>>()?;
                EidValue::Places(places)
            }
            _ => EidValue::Places(vec![place(&inner)?]),
        };
        Ok(EidDg { number, value })
    }

    /// The data group's encoding (canonical string types: PrintableString for ICAO strings
    /// and postal data, NumericString for dates, UTF8String otherwise).
    pub fn encode(&self) -> Vec<u8> {
        let inner = match &self.value {
            EidValue::Text(s) => match kind(self.number) {
                Kind::Icao => tlv::tlv(text_tag(s), s.as_bytes()),
                Kind::Text => tlv::tlv(TEXT_UNCOMPRESSED, &tlv::tlv(UTF8, s.as_bytes())),
                Kind::Printable => tlv::tlv(PRINTABLE, s.as_bytes()),
                Kind::Ia5 => tlv::tlv(IA5, s.as_bytes()),
                _ => tlv::tlv(UTF8, s.as_bytes()),
            },
            EidValue::Octets(b) => tlv::tlv(OCTETS, b),
            EidValue::Date(d) => tlv::tlv(NUMERIC, d.as_bytes()),
            EidValue::Places(p) if p.len() == 1 => p.iter().flat_map(encode_place).collect(),
            EidValue::Places(p) => {
                tlv::tlv(0x31, &p.iter().flat_map(encode_place).collect::<Vec<_>>())
            }
            EidValue::Raw(b) => b.clone(),
        };
        tlv::tlv(app_tag(self.number), &inner)
    }
}

/// DG`n` around `Text`'s compressed choice: `[2]` OCTET STRING holding `deflated`, raw
/// DEFLATE (RFC 1951) of the text.
fn compressed_text(n: u8, deflated: &[u8]) -> Vec<u8> {
    let octets = tlv::tlv(OCTETS, deflated);
    tlv::tlv(app_tag(n), &tlv::tlv(TEXT_COMPRESSED, &octets))
}

impl EidDg {
    /// The data group's encoding with a text value DEFLATE-compressed (`Text`'s `[2]`
    /// choice, BSI TR-03110-4 §2.2.3.1: DG19 and DG20); `None` for any other data group or
    /// value.
    pub fn encode_compressed(&self) -> Option<Vec<u8>> {
        match (&self.value, kind(self.number)) {
            (EidValue::Text(s), Kind::Text) => {
                let deflated = miniz_oxide::deflate::compress_to_vec(s.as_bytes(), 6);
                Some(compressed_text(self.number, &deflated))
            }
            _ => None,
        }
    }
}

/// Fuzz property for eID data groups: parsing never panics and whatever parses re-encodes
/// to bytes that parse to the same value. `selector` picks the data group.
pub(crate) fn fuzz_property(selector: u8, input: &[u8]) {
    let n = selector % EID_DATA_GROUPS + 1;
    if let Ok(v) = EidDg::parse(n, input) {
        assert_eq!(EidDg::parse(n, &v.encode()).as_ref(), Ok(&v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dg(n: u8, v: EidValue) -> Vec<u8> {
        EidDg {
            number: n,
            value: v,
        }
        .encode()
    }

    #[test]
    fn mustermann_values_parse() {
        // DG4 GivenNames "ERIKA": 64 07 0C 05 45 52 49 4B 41.
        let dg4 = [0x64, 0x07, 0x0C, 0x05, b'E', b'R', b'I', b'K', b'A'];
        let v = EidDg::parse(4, &dg4).unwrap();
        assert_eq!(v.value, EidValue::Text("ERIKA".into()));
        assert_eq!(v.encode(), dg4);
        // DG8 DateOfBirth 19640812 as NumericString.
        let dg8 = [&[0x68, 0x0A, 0x12, 0x08][..], b"19640812"].concat();
        let v = EidDg::parse(8, &dg8).unwrap();
        assert_eq!(v.value.display(), "12.08.1964");
        // DG9 PlaceOfBirth freetext "BERLIN".
        let dg9 = [&[0x69, 0x0A, 0xA1, 0x08, 0x0C, 0x06][..], b"BERLIN"].concat();
        let v = EidDg::parse(9, &dg9).unwrap();
        assert_eq!(
            v.value,
            EidValue::Places(vec![EidPlace::Freetext("BERLIN".into())])
        );
        // DG17 structured address with a non-ASCII city.
        let address = EidPlace::Structured {
            street: Some("HEIDESTRASSE 17".into()),
            city: Some("KÖLN".into()),
            state: None,
            country: Some("D".into()),
            zipcode: Some("51147".into()),
        };
        let bytes = dg(17, EidValue::Places(vec![address.clone()]));
        assert_eq!(bytes.first(), Some(&0x71));
        assert_eq!(bytes.get(2), Some(&0x30));
        let v = EidDg::parse(17, &bytes).unwrap();
        assert_eq!(v.value.display(), "HEIDESTRASSE 17, 51147 KÖLN, D");
        // Two residences: SET OF GeneralPlace.
        let two = EidValue::Places(vec![address, EidPlace::NoPlaceInfo("keine".into())]);
        let bytes = dg(17, two.clone());
        assert_eq!(EidDg::parse(17, &bytes).unwrap().value, two);
        // DG18 MunicipalityID: an OCTET STRING.
        let dg18 = [0x72, 0x04, 0x04, 0x02, 0x05, 0x31];
        let v = EidDg::parse(18, &dg18).unwrap();
        assert_eq!(v.value, EidValue::Octets(vec![0x05, 0x31]));
        assert_eq!(v.value.display(), "0531");
        assert_eq!(v.encode(), dg18);
        // DG12 and DG14 stay raw: the bytes inside the application tag.
        let v = EidDg::parse(14, &[0x6E, 0x03, 0x04, 0x01, 0xFF]).unwrap();
        assert_eq!(v.value, EidValue::Raw(vec![0x04, 0x01, 0xFF]));
    }

    #[test]
    fn issuance_date_phone_and_email_parse_and_round_trip() {
        // DG15 DateOfIssuance, DG21 PhoneNumber (PrintableString), DG22 EmailAddress (IA5).
        let dg15 = [&[0x6F, 0x0A, 0x12, 0x08][..], b"20240701"].concat();
        assert_eq!(
            EidDg::parse(15, &dg15).unwrap().value.display(),
            "01.07.2024"
        );
        let phone = "tel:+49-30-1234567";
        let dg21 = [&[0x75, 0x14, 0x13, 0x12][..], phone.as_bytes()].concat();
        let v = EidDg::parse(21, &dg21).unwrap();
        assert_eq!(v.value, EidValue::Text(phone.into()));
        assert_eq!(v.encode(), dg21);
        let email = "erika@example.org";
        let dg22 = [&[0x76, 0x13, 0x16, 0x11][..], email.as_bytes()].concat();
        let v = EidDg::parse(22, &dg22).unwrap();
        assert_eq!(v.value, EidValue::Text(email.into()));
        assert_eq!(v.encode(), dg22);
        // The wrong string types: a UTF8String phone number, a non-ASCII IA5String.
        assert!(EidDg::parse(21, &[0x75, 0x03, 0x0C, 0x01, b'1']).is_err());
        assert!(EidDg::parse(22, &[0x76, 0x04, 0x16, 0x02, 0xC3, 0xA4]).is_err());
    }

    #[test]
    fn residence_permit_texts_plain_and_deflate_compressed() {
        let plain = "Erwerbstätigkeit gestattet.";
        let dg19 = dg(19, EidValue::Text(plain.into()));
        // 73 L A1 L 0C L text: the uncompressed choice.
        assert_eq!(dg19.get(2), Some(&0xA1));
        assert_eq!(
            EidDg::parse(19, &dg19).unwrap().value,
            EidValue::Text(plain.into())
        );
        let long = "Beschäftigung nur mit Erlaubnis der Ausländerbehörde. ".repeat(20);
        let deflated = miniz_oxide::deflate::compress_to_vec(long.as_bytes(), 6);
        assert!(deflated.len() < long.len() / 4);
        let dg20 = compressed_text(20, &deflated);
        let v = EidDg::parse(20, &dg20).unwrap();
        assert_eq!(v.value, EidValue::Text(long.clone()));
        // Re-encoded uncompressed, it parses to the same text.
        assert_eq!(EidDg::parse(20, &v.encode()).unwrap(), v);
        // Encoded compressed: the same bytes as above.
        assert_eq!(v.encode_compressed(), Some(dg20));
        // Only a Text data group has a compressed form.
        let dg4 = EidDg::parse(4, &dg(4, EidValue::Text("ERIKA".into()))).unwrap();
        assert_eq!(dg4.encode_compressed(), None);
    }

    #[test]
    fn hostile_compressed_texts_are_errors() {
        // A decompression bomb: 1 MiB of zeros deflates to about a kilobyte.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; 1 << 20], 9);
        assert!(bomb.len() < 2048);
        assert!(EidDg::parse(20, &compressed_text(20, &bomb)).is_err());
        // Exactly at the limit is still accepted.
        let at_limit = miniz_oxide::deflate::compress_to_vec(&vec![b'A'; MAX_TEXT_LEN], 9);
        assert!(EidDg::parse(20, &compressed_text(20, &at_limit)).is_ok());
        // Not DEFLATE data, a cut-off stream, inflated bytes that are not UTF-8.
        assert!(EidDg::parse(19, &compressed_text(19, &[0xFF; 16])).is_err());
        let good = miniz_oxide::deflate::compress_to_vec("Auflage".repeat(30).as_bytes(), 6);
        for cut in 0..good.len() {
            assert!(
                EidDg::parse(19, &compressed_text(19, &good[..cut])).is_err(),
                "deflate stream cut at {cut}"
            );
        }
        let latin1 = miniz_oxide::deflate::compress_to_vec(&[b'T', 0xE4, b'r'], 6);
        assert!(EidDg::parse(19, &compressed_text(19, &latin1)).is_err());
        // The wrong shapes: [3], a UTF8String where the OCTET STRING belongs, a bare string.
        assert!(EidDg::parse(19, &[0x73, 0x05, 0xA3, 0x03, 0x0C, 0x01, b'x']).is_err());
        assert!(EidDg::parse(19, &[0x73, 0x05, 0xA2, 0x03, 0x0C, 0x01, b'x']).is_err());
        assert!(EidDg::parse(19, &[0x73, 0x03, 0x0C, 0x01, b'x']).is_err());
        // DG18 must hold an OCTET STRING.
        assert!(EidDg::parse(18, &[0x72, 0x03, 0x0C, 0x01, b'x']).is_err());
    }

    #[test]
    fn every_truncation_and_wrong_shape_is_an_error() {
        let samples = [
            (4, dg(4, EidValue::Text("ERIKA".into()))),
            (19, dg(19, EidValue::Text("Auflage".into()))),
            (
                20,
                compressed_text(
                    20,
                    &miniz_oxide::deflate::compress_to_vec("Auflage".repeat(9).as_bytes(), 6),
                ),
            ),
            (22, dg(22, EidValue::Text("a@b.de".into()))),
            (18, dg(18, EidValue::Octets(vec![2, 0x76]))),
            (3, dg(3, EidValue::Date("20341231".into()))),
            (
                17,
                dg(
                    17,
                    EidValue::Places(vec![EidPlace::Structured {
                        street: Some("HEIDESTRASSE 17".into()),
                        city: Some("KÖLN".into()),
                        state: None,
                        country: Some("D".into()),
                        zipcode: Some("51147".into()),
                    }]),
                ),
            ),
        ];
        for (n, bytes) in samples {
            assert!(EidDg::parse(n, &bytes).is_ok());
            for cut in 0..bytes.len() {
                assert!(
                    EidDg::parse(n, &bytes[..cut]).is_err(),
                    "DG{n} cut at {cut}"
                );
            }
            let mut trailing = bytes.clone();
            trailing.push(0);
            assert!(EidDg::parse(n, &trailing).is_err());
            // Another data group's tag.
            assert!(matches!(
                EidDg::parse(n % 22 + 1, &bytes),
                Err(LdsError::WrongTag { .. })
            ));
        }
        // A date that is not eight digits, invalid UTF-8, an unknown place element.
        assert!(EidDg::parse(3, &dg(3, EidValue::Date("2034123".into()))).is_err());
        assert!(EidDg::parse(3, &dg(3, EidValue::Date("2034123X".into()))).is_err());
        assert!(EidDg::parse(4, &[0x64, 0x03, 0x0C, 0x01, 0xFF]).is_err());
        assert!(EidDg::parse(9, &[0x69, 0x06, 0x30, 0x04, 0xAF, 0x02, 0x0C, 0x00]).is_err());
        assert!(EidDg::parse(0, &[0x60, 0x00]).is_err());
        assert!(EidDg::parse(23, &[0x77, 0x00]).is_err());
    }

    #[test]
    fn fuzz_property_holds_on_samples() {
        for n in 1..=EID_DATA_GROUPS {
            fuzz_property(n - 1, &dg(n, EidValue::Text("X".into())));
            fuzz_property(n - 1, &[0x60 | n, 0x00]);
        }
    }
}
