//! Builds the specimen documents' MRZ lines with their check digits (ICAO 9303-3 §4.9:
//! weights 7, 3, 1; digits as themselves, A-Z as 10-35, '<' as 0) in the TD1 (9303-5
//! §4.2.2) and TD3 (9303-4 §4.2.2) layouts.

/// The check digit of `field`.
pub fn check_digit(field: &str) -> char {
    let sum: u32 = field
        .bytes()
        .zip([7u32, 3, 1].iter().cycle())
        .map(|(b, w)| {
            let v = match b {
                b'0'..=b'9' => u32::from(b - b'0'),
                b'A'..=b'Z' => u32::from(b - b'A') + 10,
                _ => 0,
            };
            v * w
        })
        .sum();
    char::from_digit(sum % 10, 10).unwrap_or('0')
}

/// `s` cut or filled with '<' to `n` characters.
pub fn pad(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    while out.chars().count() < n {
        out.push('<');
    }
    out
}

/// What goes into a machine-readable zone.
pub struct MrzData<'a> {
    /// Document code ("P<", "ID", "AR").
    pub code: &'a str,
    /// Issuing state ("UTO", "D<<").
    pub issuer: &'a str,
    /// Primary and secondary identifiers, '<'-joined ("ERIKSSON<<ANNA<MARIA").
    pub name: &'a str,
    /// Document number (up to 9 characters here).
    pub number: &'a str,
    /// Nationality.
    pub nationality: &'a str,
    /// Date of birth YYMMDD.
    pub birth: &'a str,
    /// Sex F, M or '<'.
    pub sex: &'a str,
    /// Date of expiry YYMMDD.
    pub expiry: &'a str,
    /// Optional data (TD3: personal number; TD1: line 1 optional data).
    pub optional: &'a str,
}

/// The two 44-character lines of a TD3 passport, concatenated.
pub fn td3(d: &MrzData<'_>) -> String {
    let l1 = pad(&format!("{}{}{}", pad(d.code, 2), d.issuer, d.name), 44);
    let number = pad(d.number, 9);
    let personal = pad(d.optional, 14);
    let doc = format!("{number}{}", check_digit(&number));
    let dob = format!("{}{}", d.birth, check_digit(d.birth));
    let exp = format!("{}{}", d.expiry, check_digit(d.expiry));
    let pers = format!("{personal}{}", check_digit(&personal));
    let composite = check_digit(&format!("{doc}{dob}{exp}{pers}"));
    let l2 = format!("{doc}{}{dob}{}{exp}{pers}{composite}", d.nationality, d.sex);
    format!("{l1}{l2}")
}

/// The three 30-character lines of a TD1 card, concatenated.
pub fn td1(d: &MrzData<'_>) -> String {
    let number = pad(d.number, 9);
    let doc = format!("{number}{}", check_digit(&number));
    let l1 = pad(
        &format!("{}{}{doc}{}", pad(d.code, 2), d.issuer, d.optional),
        30,
    );
    let dob = format!("{}{}", d.birth, check_digit(d.birth));
    let exp = format!("{}{}", d.expiry, check_digit(d.expiry));
    let opt2 = pad("", 11);
    let upper = format!("{}{dob}{exp}{opt2}", l1.get(5..30).unwrap_or_default());
    let composite = check_digit(&upper);
    let l2 = format!("{dob}{}{exp}{}{opt2}{composite}", d.sex, d.nationality);
    let l3 = pad(d.name, 30);
    format!("{l1}{l2}{l3}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icao_specimen_check_digits() {
        // ICAO 9303-4 Appendix A: L898902C3 → 6, 740812 → 2, 120415 → 9, ZE184226B → 1,
        // composite 0.
        let d = MrzData {
            code: "P<",
            issuer: "UTO",
            name: "ERIKSSON<<ANNA<MARIA",
            number: "L898902C3",
            nationality: "UTO",
            birth: "740812",
            sex: "F",
            expiry: "120415",
            optional: "ZE184226B",
        };
        assert_eq!(
            td3(&d),
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10"
        );
    }

    #[test]
    fn icao_td1_specimen() {
        // ICAO 9303-5 Appendix A TD1 specimen.
        let d = MrzData {
            code: "I<",
            issuer: "UTO",
            name: "ERIKSSON<<ANNA<MARIA",
            number: "D23145890",
            nationality: "UTO",
            birth: "740812",
            sex: "F",
            expiry: "120415",
            optional: "",
        };
        assert_eq!(
            td1(&d),
            "I<UTOD231458907<<<<<<<<<<<<<<<7408122F1204159UTO<<<<<<<<<<<6ERIKSSON<<ANNA<MARIA<<<<<<<<<<"
        );
    }
}
