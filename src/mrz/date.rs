//! MRZ dates: a small calendar date type, the YYMMDD field with unknown parts, and the
//! century rule that places a two-digit year relative to the check date.

use serde::{Serialize, Serializer};
use std::fmt;

/// How many years after the check date a date of expiry may lie. Travel documents are valid
/// for at most ten years and residence permits rarely longer; twenty leaves room for both,
/// so `YY` more than twenty years ahead is read as last century.
pub const EXPIRY_YEARS_AHEAD: u16 = 20;

/// A calendar date (proleptic Gregorian), years 1 to 9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A date, or `None` when the year is outside 1..=9999 or the day does not exist.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(Some(year), month);
        valid.then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            let s = text.get(r)?;
            if !s.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        };
        Date::new(
            num(0..4)?,
            u8::try_from(num(5..7)?).ok()?,
            u8::try_from(num(8..10)?).ok()?,
        )
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    pub fn day(&self) -> u8 {
        self.day
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// Days in `month`; with the year unknown, February may have 29.
fn days_in_month(year: Option<u16>, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year.is_none_or(is_leap) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Whether a date field is a date of birth (in the past) or of expiry (up to
/// [`EXPIRY_YEARS_AHEAD`] years after the check date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRole {
    /// Date of birth: the latest century that does not put it after the check date.
    Birth,
    /// Date of expiry: within [`EXPIRY_YEARS_AHEAD`] years after the check date, otherwise
    /// in the past.
    Expiry,
}

/// A date field of the MRZ (`YYMMDD`). ICAO 9303-3 allows fillers (`<<`) for an unknown
/// part; such a part is `None` here, not an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MrzDate {
    /// The six characters as printed.
    pub raw: String,
    /// The full year after the century rule, when the year is known.
    pub year: Option<u16>,
    /// The month, when known.
    pub month: Option<u8>,
    /// The day, when known.
    pub day: Option<u8>,
    /// The full date when year, month and day are all known.
    pub date: Option<Date>,
}

impl MrzDate {
    /// Whether some part (year, month or day) is given as unknown.
    pub fn has_unknown_part(&self) -> bool {
        self.year.is_none() || self.month.is_none() || self.day.is_none()
    }
}

impl fmt::Display for MrzDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}")?,
            None => f.write_str("????")?,
        }
        match self.month {
            Some(m) => write!(f, "-{m:02}")?,
            None => f.write_str("-??")?,
        }
        match self.day {
            Some(d) => write!(f, "-{d:02}"),
            None => f.write_str("-??"),
        }
    }
}

/// Why a date field is not a date; the column is the offset (from 0) inside the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateProblem {
    pub offset: usize,
    pub message: &'static str,
}

/// Reads one two-character part: `Ok(None)` for `<<`, `Ok(Some(n))` for two digits.
fn part(raw: &[u8], at: usize) -> Result<Option<u8>, DateProblem> {
    match (raw.get(at), raw.get(at + 1)) {
        (Some(b'<'), Some(b'<')) => Ok(None),
        (Some(a @ b'0'..=b'9'), Some(b @ b'0'..=b'9')) => Ok(Some((a - b'0') * 10 + (b - b'0'))),
        (Some(a), _) if !a.is_ascii_digit() => Err(DateProblem {
            offset: at,
            message: "not a digit in a date",
        }),
        _ => Err(DateProblem {
            offset: at + 1,
            message: "not a digit in a date",
        }),
    }
}

/// Parses a `YYMMDD` field and places its year by the century rule relative to `today`.
pub(crate) fn parse_mrz_date(
    raw: &[u8],
    role: DateRole,
    today: Date,
) -> Result<MrzDate, DateProblem> {
    if raw.len() != 6 {
        return Err(DateProblem {
            offset: 0,
            message: "a date has six characters",
        });
    }
    let yy = part(raw, 0)?;
    let month = part(raw, 2)?;
    let day = part(raw, 4)?;
    if let Some(m) = month
        && !(1..=12).contains(&m)
    {
        return Err(DateProblem {
            offset: 2,
            message: "month out of range",
        });
    }
    let year = yy.map(|yy| century(yy, month, day, role, today));
    if let Some(d) = day {
        let max = month.map_or(31, |m| days_in_month(year, m));
        if d == 0 || d > max {
            return Err(DateProblem {
                offset: 4,
                message: "day out of range",
            });
        }
    }
    let date = match (year, month, day) {
        (Some(y), Some(m), Some(d)) => Date::new(y, m, d),
        _ => None,
    };
    Ok(MrzDate {
        raw: String::from_utf8_lossy(raw).into_owned(),
        year,
        month,
        day,
        date,
    })
}

/// The century rule. Birth: the latest year ending in `yy` that is not after `today`
/// (unknown month or day count as the earliest possible). Expiry: the year ending in `yy`
/// in the window from 79 years before to [`EXPIRY_YEARS_AHEAD`] years after `today`.
fn century(yy: u8, month: Option<u8>, day: Option<u8>, role: DateRole, today: Date) -> u16 {
    let base = i32::from(today.year) - i32::from(today.year % 100) + i32::from(yy);
    let this_year = i32::from(today.year);
    let year = match role {
        DateRole::Birth => {
            let later =
                (base, month.unwrap_or(1), day.unwrap_or(1)) > (this_year, today.month, today.day);
            if later { base - 100 } else { base }
        }
        DateRole::Expiry => {
            if base > this_year + i32::from(EXPIRY_YEARS_AHEAD) {
                base - 100
            } else if base < this_year + i32::from(EXPIRY_YEARS_AHEAD) - 99 {
                base + 100
            } else {
                base
            }
        }
    };
    // Clamped: a check date in year 1..=99 could otherwise give year 0 or below.
    u16::try_from(year.clamp(1, 9999)).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn date_validity() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2023, 4, 31).is_none());
        assert!(Date::new(2023, 13, 1).is_none());
        assert!(Date::new(0, 1, 1).is_none());
        assert_eq!(Date::parse_iso("2026-11-22"), Some(d(2026, 11, 22)));
        assert_eq!(Date::parse_iso("2026-11-2x"), None);
        assert_eq!(Date::parse_iso("2026/11/22"), None);
        assert_eq!(d(2026, 1, 5).to_string(), "2026-01-05");
    }

    #[test]
    fn birth_is_never_after_the_check_date() {
        let today = d(2026, 11, 22);
        let b = parse_mrz_date(b"740812", DateRole::Birth, today).unwrap();
        assert_eq!(b.date, Some(d(1974, 8, 12)));
        let b = parse_mrz_date(b"261122", DateRole::Birth, today).unwrap();
        assert_eq!(b.year, Some(2026), "born today");
        let b = parse_mrz_date(b"261123", DateRole::Birth, today).unwrap();
        assert_eq!(b.year, Some(1926), "tomorrow is last century");
        let b = parse_mrz_date(b"050101", DateRole::Birth, today).unwrap();
        assert_eq!(b.year, Some(2005));
    }

    #[test]
    fn expiry_up_to_twenty_years_ahead() {
        let today = d(2026, 11, 22);
        let e = |raw: &[u8]| parse_mrz_date(raw, DateRole::Expiry, today).unwrap().year;
        assert_eq!(e(b"120415"), Some(2012));
        assert_eq!(e(b"460101"), Some(2046));
        assert_eq!(e(b"470101"), Some(1947));
        assert_eq!(e(b"950101"), Some(1995));
        let late = d(2095, 6, 1);
        assert_eq!(
            parse_mrz_date(b"100101", DateRole::Expiry, late)
                .unwrap()
                .year,
            Some(2110)
        );
    }

    #[test]
    fn unknown_parts_are_not_errors() {
        let today = d(2026, 11, 22);
        let b = parse_mrz_date(b"6408<<", DateRole::Birth, today).unwrap();
        assert_eq!(
            (b.year, b.month, b.day, b.date),
            (Some(1964), Some(8), None, None)
        );
        assert!(b.has_unknown_part());
        assert_eq!(b.to_string(), "1964-08-??");
        let b = parse_mrz_date(b"64<<<<", DateRole::Birth, today).unwrap();
        assert_eq!((b.year, b.month, b.day), (Some(1964), None, None));
        let b = parse_mrz_date(b"<<<<<<", DateRole::Birth, today).unwrap();
        assert_eq!((b.year, b.month, b.day), (None, None, None));
        // February 29 with the year unknown may exist.
        assert!(parse_mrz_date(b"<<0229", DateRole::Birth, today).is_ok());
    }

    #[test]
    fn bad_dates_are_located() {
        let today = d(2026, 11, 22);
        let p = |raw: &[u8]| {
            parse_mrz_date(raw, DateRole::Birth, today)
                .unwrap_err()
                .offset
        };
        assert_eq!(p(b"741312"), 2);
        assert_eq!(p(b"740832"), 4);
        assert_eq!(p(b"740800"), 4);
        assert_eq!(p(b"7A0812"), 1);
        assert_eq!(p(b"740<12"), 3);
        assert_eq!(p(b"230229"), 4);
        assert_eq!(p(b"74081"), 0);
    }
}
