//! The MRZ information from which BAC and PACE derive their keys (ICAO 9303-11 §4.3.2 and
//! §9.7.3): document number, date of birth, date of expiry, each with its check digit.

use zeroize::Zeroizing;

use super::MrzError;
use super::check_digit::check_digit_bytes;

/// The longest document number accepted: 9 characters plus what fits in the TD1 optional
/// data (15 characters less the check digit).
pub const MAX_DOCUMENT_NUMBER: usize = 23;

/// Builds the MRZ information for BAC/PACE from the three fields as printed in the MRZ:
/// the document number padded with `<` to at least 9 characters (a longer number is used
/// whole) + its check digit + the date of birth `YYMMDD` + check digit + the date of expiry
/// `YYMMDD` + check digit. Lower-case letters are upper-cased; surrounding spaces ignored.
///
/// The result is a secret (it derives the chip's access keys) and is zeroized on drop.
pub fn mrz_information(
    document_number: &str,
    birth_date: &str,
    expiry_date: &str,
) -> Result<Zeroizing<String>, MrzError> {
    let number = document_number.trim();
    if number.is_empty() || number.len() > MAX_DOCUMENT_NUMBER {
        return Err(MrzError::KeyInput {
            field: "document number",
            reason: "must have 1 to 23 characters",
        });
    }
    if !number
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || c == b'<')
    {
        return Err(MrzError::KeyInput {
            field: "document number",
            reason: "only A-Z, 0-9 and < are allowed",
        });
    }
    let dates = [
        ("birth date", birth_date.trim()),
        ("expiry date", expiry_date.trim()),
    ];
    for (field, date) in dates {
        if date.len() != 6 || !date.bytes().all(|c| c.is_ascii_digit() || c == b'<') {
            return Err(MrzError::KeyInput {
                field,
                reason: "must be YYMMDD (digits, or < for an unknown part)",
            });
        }
    }
    // Sized up front so the secret is never reallocated (which would leave a copy behind).
    let mut out = Zeroizing::new(String::with_capacity(MAX_DOCUMENT_NUMBER + 1 + 14));
    out.extend(number.chars().map(|c| c.to_ascii_uppercase()));
    while out.len() < 9 {
        out.push('<');
    }
    let digit = check_digit_bytes(out.bytes()).unwrap_or(b'0');
    out.push(char::from(digit));
    for (_, date) in dates {
        out.push_str(date);
        out.push(char::from(check_digit_bytes(date.bytes()).unwrap_or(b'0')));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_input() {
        assert!(mrz_information("", "740812", "120415").is_err());
        assert!(mrz_information("L898902C", "74081", "120415").is_err());
        assert!(mrz_information("L898902C", "740812", "12041A").is_err());
        assert!(mrz_information("L89-902C", "740812", "120415").is_err());
        assert!(mrz_information("ÄÖ", "740812", "120415").is_err());
        assert!(mrz_information(&"A".repeat(24), "740812", "120415").is_err());
    }

    #[test]
    fn pads_and_upper_cases() {
        let info = mrz_information(" l898902c ", "690806", "940623").unwrap();
        assert_eq!(info.as_str(), "L898902C<369080619406236");
    }
}
