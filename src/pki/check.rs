//! The outcome of one verification step: an id, a status, a message and the evidence behind
//! it. Serialised into the report; German and English texts are added by `verify`.

use std::collections::BTreeMap;

/// How a check ended (the report's five statuses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The check ran and succeeded.
    Passed,
    /// Succeeded with a reservation (e.g. a data group not covered by the SOD).
    Warning,
    /// Not run (input missing, e.g. no CRL for this CSCA).
    NotChecked,
    /// Could not be run: an algorithm or curve not implemented. Never counts as passed.
    Unsupported,
    /// The check ran and failed.
    Failed,
}

/// One verification step.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Check {
    /// Stable identifier, e.g. `sod.signature` or `dg.2.hash`.
    pub id: String,
    /// Outcome.
    pub status: Status,
    /// What happened, in English.
    pub message: String,
    /// Facts behind the outcome (algorithms, subjects, dates, hashes).
    pub evidence: BTreeMap<String, String>,
}

impl Check {
    /// A check with no evidence yet.
    pub fn new(id: impl Into<String>, status: Status, message: impl Into<String>) -> Self {
        Check {
            id: id.into(),
            status,
            message: message.into(),
            evidence: BTreeMap::new(),
        }
    }

    /// Adds one piece of evidence.
    pub fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        self.evidence.insert(key.to_string(), value.into());
        self
    }
}

/// The worst status of a set of checks (`Passed` for none).
pub fn worst(checks: &[Check]) -> Status {
    checks
        .iter()
        .map(|c| c.status)
        .max()
        .unwrap_or(Status::Passed)
}

/// Formats seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_time(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        (secs % 3600) / 60,
        secs % 60
    )
}

/// Seconds since the Unix epoch at 00:00 UTC of a date (years 1..=9999), or `None` for an
/// impossible date.
pub fn date_to_time(year: i64, month: u32, day: u32) -> Option<i64> {
    if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 || day > 31 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let (y, m, d) = civil_from_days(days);
    (y == year && m == month && d == day).then_some(days * 86_400)
}

/// Parses `YYYY-MM-DD` to seconds since the Unix epoch.
pub fn parse_date(s: &str) -> Option<i64> {
    let mut it = s.split('-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    if it.next().is_some() {
        return None;
    }
    date_to_time(y, m, d)
}

// Howard Hinnant's civil-date algorithms.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2026-11-22"), Some(1_795_305_600));
        assert_eq!(format_time(1_795_305_600 + 3661), "2026-11-22T01:01:01Z");
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("x"), None);
        assert_eq!(parse_date("99999999999999-01-01"), None);
        assert_eq!(worst(&[]), Status::Passed);
        let c = [
            Check::new("a", Status::Warning, ""),
            Check::new("b", Status::Unsupported, ""),
        ];
        assert_eq!(worst(&c), Status::Unsupported);
    }
}
