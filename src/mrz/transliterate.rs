//! Names in the MRZ's character set: the transliteration of Latin letters with diacritics
//! (ICAO 9303-3 §6, Table A "Transliteration of multinational Latin-based characters"), so
//! that a name from the chip's eID application (UTF-8) can be compared with the MRZ.

/// Both forms ICAO allows for a name: with the recommended expansions (Ä → AE, Ö → OE,
/// Ü → UE) and with the base letters (Ä → A, Ö → O, Ü → U), as issuing states use either.
/// Letters are upper-cased, spaces and hyphens become the filler `<`, apostrophes and
/// commas are dropped. `None` when the name holds a character outside Table A and the
/// MRZ character set, which this crate does not transliterate (e.g. Cyrillic).
pub fn transliterations(name: &str) -> Option<[String; 2]> {
    let mut expanded = String::with_capacity(name.len());
    let mut base = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_uppercase) {
        let (long, short) = match c {
            'A'..='Z' | '0'..='9' | '<' => {
                expanded.push(c);
                base.push(c);
                continue;
            }
            ' ' | '-' => ("<", "<"),
            '\'' | ',' | '.' | '\u{2019}' => ("", ""),
            'Ä' => ("AE", "A"),
            'Ö' => ("OE", "O"),
            'Ü' => ("UE", "U"),
            other => {
                let t = table_a(other)?;
                (t, t)
            }
        };
        expanded.push_str(long);
        base.push_str(short);
    }
    Some([expanded, base])
}

/// ICAO 9303-3 Table A for the upper-case letters of Latin-1 Supplement and Latin
/// Extended-A other than Ä, Ö and Ü.
fn table_a(c: char) -> Option<&'static str> {
    Some(match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ā' | 'Ă' | 'Ą' => "A",
        'Å' => "AA",
        'Æ' => "AE",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'Ð' | 'Ď' | 'Đ' => "D",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'Ĥ' | 'Ħ' => "H",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
        'Ĳ' => "IJ",
        'Ĵ' => "J",
        'Ķ' => "K",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' | 'Ŋ' => "N",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ō' | 'Ŏ' | 'Ő' => "O",
        'Ø' | 'Œ' => "OE",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' => "S",
        // ß has no upper-case letter of its own in `to_uppercase` (it gives "SS").
        'Ţ' | 'Ť' | 'Ŧ' => "T",
        'Þ' => "TH",
        'Ù' | 'Ú' | 'Û' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
        'Ŵ' => "W",
        'Ý' | 'Ÿ' | 'Ŷ' => "Y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_names_in_both_forms() {
        assert_eq!(
            transliterations("Müller-Lüdenscheidt").unwrap(),
            [
                "MUELLER<LUEDENSCHEIDT".to_string(),
                "MULLER<LUDENSCHEIDT".to_string()
            ]
        );
        assert_eq!(transliterations("Straße").unwrap()[0], "STRASSE");
        assert_eq!(transliterations("KÖLN").unwrap(), ["KOELN", "KOLN"]);
        assert_eq!(transliterations("ERIKA").unwrap(), ["ERIKA", "ERIKA"]);
    }

    #[test]
    fn other_latin_letters_and_punctuation() {
        assert_eq!(transliterations("Ångström").unwrap()[0], "AANGSTROEM");
        assert_eq!(transliterations("Øre Æbelø").unwrap()[0], "OERE<AEBELOE");
        assert_eq!(transliterations("Łukasz Żółć").unwrap()[0], "LUKASZ<ZOLC");
        assert_eq!(transliterations("O'Neill, Jr.").unwrap()[0], "ONEILL<JR");
        assert_eq!(transliterations("Þór").unwrap()[0], "THOR");
    }

    #[test]
    fn scripts_outside_table_a_are_not_guessed() {
        assert_eq!(transliterations("Юлия"), None);
        assert_eq!(transliterations("名前"), None);
        assert_eq!(transliterations("A@B"), None);
    }
}
