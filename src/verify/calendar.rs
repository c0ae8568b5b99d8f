//! The check time (an input, never read from a clock here) and the date arithmetic the rules
//! need: days between dates, whole years of age, a date some years later.

use crate::lds::PartialDate;
use crate::mrz::Date;
use crate::pki::check::{date_to_time, format_time};

/// The moment a document is checked, in seconds since the Unix epoch (UTC). Passed to every
/// verification; the library never reads a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CheckTime {
    unix: i64,
}

impl CheckTime {
    /// A check time from seconds since the Unix epoch.
    pub fn from_unix(seconds: i64) -> Self {
        CheckTime { unix: seconds }
    }

    /// 00:00 UTC of a calendar date.
    pub fn from_date(date: Date) -> Self {
        CheckTime {
            unix: days(date).saturating_mul(86_400),
        }
    }

    /// Seconds since the Unix epoch.
    pub fn unix(self) -> i64 {
        self.unix
    }

    /// The calendar date (UTC); `None` outside the years 1..=9999.
    pub fn date(self) -> Option<Date> {
        let iso = format_time(self.unix);
        Date::parse_iso(iso.get(..10)?)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn iso(self) -> String {
        format_time(self.unix)
    }
}

/// Days since 1970-01-01.
pub(crate) fn days(date: Date) -> i64 {
    date_to_time(
        i64::from(date.year()),
        u32::from(date.month()),
        u32::from(date.day()),
    )
    .map_or(0, |t| t / 86_400)
}

/// The same day `years` later; 29 February becomes 28 February in a common year.
pub(crate) fn add_years(date: Date, years: u16) -> Option<Date> {
    let year = date.year().checked_add(years)?;
    Date::new(year, date.month(), date.day()).or_else(|| Date::new(year, date.month(), 28))
}

/// Whole years from `birth` to `on` (negative when `on` is before `birth`).
pub(crate) fn age_on(birth: Date, on: Date) -> i32 {
    let mut years = i32::from(on.year()) - i32::from(birth.year());
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// A complete LDS date (DG11, DG12) as a calendar date.
pub(crate) fn from_partial(date: &PartialDate) -> Option<Date> {
    Date::new(date.year?, date.month?, date.day?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn arithmetic() {
        let t = CheckTime::from_unix(1_795_305_600 + 3_600);
        assert_eq!(t.date(), Some(d("2026-11-22")));
        assert_eq!(CheckTime::from_date(d("2026-11-22")).unix(), 1_795_305_600);
        assert_eq!(add_years(d("2024-02-29"), 10), Some(d("2034-02-28")));
        assert_eq!(add_years(d("2024-04-16"), 10), Some(d("2034-04-16")));
        assert_eq!(age_on(d("1974-08-12"), d("2026-08-11")), 51);
        assert_eq!(age_on(d("1974-08-12"), d("2026-08-12")), 52);
        assert_eq!(age_on(d("2030-01-01"), d("2026-08-12")), -4);
        assert_eq!(days(d("1970-01-02")), 1);
        assert_eq!(
            from_partial(&PartialDate::ascii("20240416")),
            Some(d("2024-04-16"))
        );
        assert_eq!(from_partial(&PartialDate::ascii("2024")), None);
    }
}
