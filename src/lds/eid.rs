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
            EidValue::Raw(b) => b.iter().map(|x| format!("{x:02X}")).collect(),
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
const UTF8: u32 = 0x0C;
const NUMERIC: u32 = 0x12;
const PRINTABLE: u32 = 0x13;

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
    /// Kept raw.
    Raw,
}

fn kind(n: u8) -> Kind {
    match n {
        1 | 2 | 10 | 11 => Kind::Icao,
        3 | 8 => Kind::Date,
        4..=7 | 13 => Kind::Utf8,
        9 => Kind::Place,
        17 => Kind::Residence,
        _ => Kind::Raw,
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
    /// object inside and nothing after it; DG12, DG14..DG16 and DG18..DG22 are kept raw.
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
            EidValue::Text(s) => {
                let tag = if kind(self.number) == Kind::Icao {
                    text_tag(s)
                } else {
                    UTF8
                };
                tlv::tlv(tag, s.as_bytes())
            }
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
        // DG18 raw.
        let v = EidDg::parse(18, &[0x72, 0x04, 0x04, 0x02, 0x05, 0x31]).unwrap();
        assert_eq!(v.value.display(), "04020531");
    }

    #[test]
    fn every_truncation_and_wrong_shape_is_an_error() {
        let samples = [
            (4, dg(4, EidValue::Text("ERIKA".into()))),
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
