//! Dates in card-verifiable certificates (BSI TR-03110-3 §D.2.1.3): six digits YYMMDD, one
//! digit per byte (unpacked BCD), years 2000–2099.

use super::CvcError;

/// A certificate effective or expiration date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct CvcDate {
    /// Year, 2000–2099.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month.
    pub day: u8,
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl CvcDate {
    /// The date, when it is a real calendar date in 2000–2099.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        ((2000..=2099).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(CvcDate { year, month, day })
    }

    /// Parses the six unpacked-BCD bytes of DO'5F25' or DO'5F24'.
    pub fn parse(bytes: &[u8]) -> Result<Self, CvcError> {
        let digits: [u8; 6] = bytes
            .try_into()
            .map_err(|_| CvcError::bad("date", format!("{} bytes, not 6", bytes.len())))?;
        if digits.iter().any(|&d| d > 9) {
            return Err(CvcError::bad("date", "a byte is not a decimal digit"));
        }
        let [y1, y2, m1, m2, d1, d2] = digits;
        let year = 2000 + u16::from(y1) * 10 + u16::from(y2);
        Self::new(year, m1 * 10 + m2, d1 * 10 + d2)
            .ok_or_else(|| CvcError::bad("date", "not a calendar date"))
    }

    /// The six unpacked-BCD bytes.
    pub fn encode(&self) -> [u8; 6] {
        let yy = (self.year % 100) as u8;
        [
            yy / 10,
            yy % 10,
            self.month / 10,
            self.month % 10,
            self.day / 10,
            self.day % 10,
        ]
    }
}

impl std::fmt::Display for CvcDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}
