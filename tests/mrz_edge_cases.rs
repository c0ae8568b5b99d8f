//! MRZ edge cases real documents have (sex X, unknown birth day, truncated names, 'D<<',
//! filler-only optional data), bad input with its location, and the OCR correction mode.

use idverify::mrz::{self, CheckKind, Correction, Date, Layout, Mrz, MrzError, Sex, check_digit};

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap()
}

fn cd(s: &str) -> char {
    check_digit(s).unwrap()
}

/// A TD3 MRZ from its fields, every check digit computed.
#[allow(clippy::too_many_arguments)]
fn td3(
    issuer: &str,
    names: &str,
    number: &str,
    nat: &str,
    birth: &str,
    sex: char,
    expiry: &str,
    personal: &str,
) -> String {
    let l1 = format!("P<{issuer}{names:<<39}").replace(' ', "<");
    let l1: String = format!("{l1:<<44}").chars().take(44).collect();
    let personal = format!("{personal:<<14}");
    let mut l2 = format!(
        "{number}{}{nat}{birth}{}{sex}{expiry}{}{personal}{}",
        cd(number),
        cd(birth),
        cd(expiry),
        cd(&personal)
    );
    let composite: String = [&l2[0..10], &l2[13..20], &l2[21..43]].concat();
    l2.push(cd(&composite));
    format!("{l1}\n{l2}")
}

/// A TD1 MRZ from its fields, every check digit computed.
#[allow(clippy::too_many_arguments)]
fn td1(
    issuer: &str,
    number: &str,
    birth: &str,
    sex: char,
    expiry: &str,
    nat: &str,
    opt2: &str,
    names: &str,
) -> String {
    let l1 = format!("{:<<30}", format!("ID{issuer}{number}{}", cd(number)));
    let l2 = format!(
        "{birth}{}{sex}{expiry}{}{nat}{opt2:<<11}",
        cd(birth),
        cd(expiry)
    );
    let composite: String = [&l1[5..30], &l2[0..7], &l2[8..15], &l2[18..29]].concat();
    let l2 = format!("{l2}{}", cd(&composite));
    format!("{l1}\n{l2}\n{names:<<30}")
}

fn strict(text: &str) -> Mrz {
    mrz::parse(text, today()).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn sex_x() {
    let m = strict(&td3(
        "UTO",
        "ERIKSSON<<ANNA",
        "L898902C3",
        "UTO",
        "740812",
        'X',
        "300415",
        "",
    ));
    assert!(m.is_valid());
    assert_eq!(m.sex, Some(Sex::Unspecified));
    let m = strict(&td3(
        "UTO",
        "ERIKSSON<<ANNA",
        "L898902C3",
        "UTO",
        "740812",
        'Q',
        "300415",
        "",
    ));
    assert!(m.checks.iter().all(|c| c.passed));
    assert_eq!(m.sex, None);
    assert_eq!(
        (
            m.problems[0].field,
            m.problems[0].line,
            m.problems[0].column
        ),
        ("sex", 2, 21)
    );
    assert!(!m.is_valid());
}

#[test]
fn unknown_birth_day_and_month() {
    let m = strict(&td1(
        "D<<",
        "T22000129",
        "6408<<",
        '<',
        "301031",
        "D<<",
        "",
        "MUSTERMANN<<ERIKA",
    ));
    assert!(m.is_valid(), "{:?}", m.problems);
    let b = m.birth_date.as_ref().unwrap();
    assert_eq!(
        (b.year, b.month, b.day, b.date),
        (Some(1964), Some(8), None, None)
    );
    assert_eq!(b.to_string(), "1964-08-??");
    assert_eq!(
        m.mrz_information().unwrap().as_str(),
        format!(
            "T22000129{}6408<<{}301031{}",
            cd("T22000129"),
            cd("6408<<"),
            cd("301031")
        )
    );
    let m = strict(&td1(
        "D<<",
        "T22000129",
        "64<<<<",
        '<',
        "301031",
        "D<<",
        "",
        "MUSTERMANN<<ERIKA",
    ));
    assert!(m.is_valid());
    assert_eq!(m.birth_date.as_ref().unwrap().month, None);
}

#[test]
fn impossible_dates_are_problems_with_location() {
    let m = strict(&td3(
        "UTO",
        "ERIKSSON<<ANNA",
        "L898902C3",
        "UTO",
        "741312",
        'F',
        "300415",
        "",
    ));
    assert!(
        m.checks.iter().all(|c| c.passed),
        "the check digits are right, the date is not"
    );
    assert!(m.birth_date.is_none());
    let p = &m.problems[0];
    assert_eq!((p.field, p.line, p.column), ("birth_date", 2, 16));
    assert!(!m.is_valid());
}

#[test]
fn truncated_names() {
    let long = "DE<LA<CRUZ<GONZALEZ<<MARIA<DEL<CARMEN<ISA";
    let m = strict(&td3(
        "UTO",
        long,
        "L898902C3",
        "UTO",
        "740812",
        'F',
        "300415",
        "",
    ));
    assert!(m.names.truncated);
    assert_eq!(m.names.primary, "DE LA CRUZ GONZALEZ");
    assert_eq!(m.names.secondary, "MARIA DEL CARMEN I");
    let m = strict(&td3(
        "UTO",
        "ERIKSSON<<ANNA",
        "L898902C3",
        "UTO",
        "740812",
        'F',
        "300415",
        "",
    ));
    assert!(!m.names.truncated);
    let m = strict(&td1(
        "D<<",
        "T22000129",
        "640812",
        'F',
        "301031",
        "D<<",
        "",
        "MUSTERMANN<<ERIKA<PAULA<ANNA<B",
    ));
    assert!(m.names.truncated && m.is_valid());
    assert_eq!(m.names.secondary, "ERIKA PAULA ANNA B");
}

#[test]
fn name_without_secondary_identifier() {
    let m = strict(&td3(
        "UTO",
        "ERIKSSON",
        "L898902C3",
        "UTO",
        "740812",
        'F',
        "300415",
        "",
    ));
    assert_eq!(
        (m.names.primary.as_str(), m.names.secondary.as_str()),
        ("ERIKSSON", "")
    );
}

#[test]
fn german_d_fillers_and_filler_only_optional_data() {
    let m = strict(&td1(
        "D<<",
        "T22000129",
        "640812",
        'F',
        "301031",
        "D<<",
        "",
        "MUSTERMANN<<ERIKA",
    ));
    assert!(m.is_valid());
    assert_eq!(m.issuer.raw, "D<<");
    assert_eq!(m.issuer.code, "D");
    assert_eq!(m.nationality.as_ref().unwrap().code, "D");
    assert!(
        m.optional_data
            .iter()
            .all(|o| o.filler_only && o.value.is_empty())
    );
    // TD3 with an all-filler personal number: the check digit may be '<' or '0'.
    let zero = td3(
        "D<<",
        "MUSTERMANN<<ERIKA",
        "C01X00T47",
        "D<<",
        "640812",
        'F',
        "270228",
        "",
    );
    assert!(zero.lines().nth(1).unwrap().ends_with("<0") || zero.contains("<<<<0"));
    let m = strict(&zero);
    assert!(m.is_valid());
    assert!(m.optional_data[0].filler_only);
}

#[test]
fn td1_long_number_without_extension_fails_the_check() {
    // '<' in the check digit position but nothing in the optional data: not a long number,
    // and '<' is not the check digit.
    let m = strict(
        "I<UTOD23145890<<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    );
    let doc = &m.checks[0];
    assert_eq!(doc.kind, CheckKind::DocumentNumber);
    assert!(!doc.passed);
    assert_eq!(
        (doc.line, doc.column, doc.expected, doc.found),
        (1, 15, '7', '<')
    );
    assert!(!m.long_document_number);
}

#[test]
fn long_number_with_optional_data_after_it() {
    let number = "D23145890734";
    let ext = format!("734{}<AB12", cd(number));
    let l1 = format!("{:<<30}", format!("I<UTOD23145890<{ext}"));
    let l2 = format!("3407127M9507122UTO{:<<11}", "");
    let comp: String = [&l1[5..30], &l2[0..7], &l2[8..15], &l2[18..29]].concat();
    let text = format!("{l1}\n{l2}{}\nSTEVENSON<<PETER<JOHN<<<<<<<<<", cd(&comp));
    let m = strict(&text);
    assert!(m.is_valid());
    assert_eq!(m.document_number, number);
    assert_eq!(m.optional_data[0].raw, "<AB12<<<<<<");
    assert_eq!(m.optional_data[0].value, "<AB12");
}

#[test]
fn a_failed_check_says_what_and_where() {
    let m = strict(
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204158ZE184226B<<<<<10",
    );
    let failed: Vec<_> = m.failed_checks().collect();
    assert_eq!(failed.len(), 2, "expiry digit and the composite over it");
    assert_eq!(failed[0].kind, CheckKind::ExpiryDate);
    assert_eq!(
        (
            failed[0].expected,
            failed[0].found,
            failed[0].line,
            failed[0].column
        ),
        ('9', '8', 2, 28)
    );
    assert_eq!(failed[1].kind, CheckKind::Composite);
    assert!(!m.is_valid());
}

#[test]
fn bad_input_errors_with_location() {
    let p = |t: &str| mrz::parse(t, today()).unwrap_err();
    assert_eq!(p(""), MrzError::Empty);
    assert_eq!(p("  \n "), MrzError::Empty);
    assert_eq!(p("P<UTO"), MrzError::LineCount { found: 1 });
    assert_eq!(p("a\nb\nc\nd"), MrzError::LineCount { found: 4 });
    assert_eq!(
        p(
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
        ),
        MrzError::LineLength {
            line: 1,
            found: 43,
            expected: "36 or 44"
        }
    );
    assert_eq!(
        p(
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<1"
        ),
        MrzError::LineLength {
            line: 2,
            found: 43,
            expected: "44"
        }
    );
    assert_eq!(
        p(
            "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<"
        ),
        MrzError::LineLength {
            line: 3,
            found: 29,
            expected: "30"
        }
    );
    assert_eq!(
        p(
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<*10"
        ),
        MrzError::Character {
            line: 2,
            column: 42,
            found: '*'
        }
    );
    assert_eq!(
        p(
            "P<UTOERIKSSON<<ANNA<MARIÄ<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
        ),
        MrzError::Character {
            line: 1,
            column: 25,
            found: 'Ä'
        }
    );
    assert_eq!(
        p(
            "p<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
        ),
        MrzError::Character {
            line: 1,
            column: 1,
            found: 'p'
        }
    );
    let e = p(
        "X<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
    );
    assert_eq!(
        e,
        MrzError::UnknownDocumentCode {
            code: "X<".into(),
            lines: 2,
            width: 44
        }
    );
    assert!(e.to_string().contains("line 1, column 1"));
    assert!(matches!(p(&"<".repeat(2000)), MrzError::TooLong { .. }));
    // A passport code on a card-sized MRZ is not a layout either.
    assert!(matches!(
        p("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"),
        MrzError::UnknownDocumentCode { .. }
    ));
}

#[test]
fn whitespace_and_crlf_around_lines_are_ignored() {
    let m = strict(
        "\n  P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<  \r\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\r\n\n",
    );
    assert!(m.is_valid());
}

#[test]
fn century_follows_the_check_date() {
    let text = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
    let m = mrz::parse(text, Date::new(2000, 1, 1).unwrap()).unwrap();
    assert_eq!(m.expiry_date.as_ref().unwrap().year, Some(2012));
    assert_eq!(m.birth_date.as_ref().unwrap().year, Some(1974));
    let m = mrz::parse(text, Date::new(2080, 1, 1).unwrap()).unwrap();
    assert_eq!(m.birth_date.as_ref().unwrap().year, Some(2074));
    assert_eq!(m.expiry_date.as_ref().unwrap().year, Some(2012));
}

// --- OCR correction -----------------------------------------------------------------

const TD3: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";

fn ocr(text: &str) -> Mrz {
    mrz::parse_ocr(text, today()).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn fix(line: usize, column: usize, from: char, to: char) -> Correction {
    Correction {
        line,
        column,
        from,
        to,
    }
}

#[test]
fn letters_in_digit_fields_are_corrected_when_the_checks_then_pass() {
    // O for 0 in both dates, I for 1 in the expiry date and in the composite check digit.
    let misread = TD3
        .replace("7408122F1204159", "74O8122F12O4I59")
        .replace("<<<<<10", "<<<<<I0");
    let strict = mrz::parse(&misread, today()).unwrap();
    assert!(!strict.is_valid());
    let m = ocr(&misread);
    assert!(m.is_valid(), "{:?} {:?}", m.checks, m.problems);
    assert_eq!(m.lines.join("\n"), TD3);
    assert_eq!(
        m.corrections,
        [
            fix(2, 16, 'O', '0'),
            fix(2, 24, 'O', '0'),
            fix(2, 26, 'I', '1'),
            fix(2, 43, 'I', '1')
        ]
    );
}

#[test]
fn digits_in_names_and_state_codes_become_letters() {
    let misread = TD3.replace("ERIKSSON", "ERIK55ON").replace("6UTO", "6UT0");
    let m = ocr(&misread);
    assert!(m.is_valid());
    assert_eq!(m.names.primary, "ERIKSSON");
    assert_eq!(m.nationality.as_ref().unwrap().code, "UTO");
    assert_eq!(
        m.corrections,
        [
            fix(1, 10, '5', 'S'),
            fix(1, 11, '5', 'S'),
            fix(2, 13, '0', 'O')
        ]
    );
    // Strict mode reports them as problems instead.
    let s = mrz::parse(&misread, today()).unwrap();
    assert_eq!(s.problems.len(), 3);
    assert_eq!(
        (
            s.problems[0].field,
            s.problems[0].line,
            s.problems[0].column
        ),
        ("names", 1, 10)
    );
}

#[test]
fn look_alikes_in_the_document_number_are_resolved_by_its_check_digit() {
    // The document number takes letters and digits: 0 read as O is only found by the check.
    let misread = TD3.replace("L898902C3", "L8989O2C3");
    let m = ocr(&misread);
    assert!(m.is_valid(), "{:?}", m.checks);
    assert_eq!(m.document_number, "L898902C3");
    assert_eq!(m.corrections, [fix(2, 6, 'O', '0')]);
}

#[test]
fn a_correction_that_leaves_its_check_failing_is_not_made() {
    // 'O' in the birth date, but the check digit does not match 740813 either.
    let misread = TD3.replace("7408122", "74O8132");
    let m = ocr(&misread);
    assert!(m.corrections.is_empty(), "{:?}", m.corrections);
    assert!(!m.is_valid());
    let birth = m
        .checks
        .iter()
        .find(|c| c.kind == CheckKind::BirthDate)
        .unwrap();
    assert!(!birth.passed);
    assert!(
        m.problems
            .iter()
            .any(|p| p.field == "birth_date" && p.column == 16)
    );
}

#[test]
fn lower_case_and_document_code_misreads() {
    let misread = "1<UTOD231458907<<<<<<<<<<<<<<<\n74O8122F1204159UTO<<<<<<<<<<<6\nerikss0n<<anna<maria<<<<<<<<<<";
    assert!(matches!(
        mrz::parse(misread, today()),
        Err(MrzError::Character {
            line: 3,
            column: 1,
            ..
        })
    ));
    let m = ocr(misread);
    assert_eq!(m.layout, Layout::Td1);
    assert!(m.is_valid(), "{:?} {:?}", m.checks, m.problems);
    assert_eq!(m.names.primary, "ERIKSSON");
    assert!(m.corrections.contains(&fix(1, 1, '1', 'I')));
    assert!(m.corrections.contains(&fix(2, 3, 'O', '0')));
    assert!(m.corrections.contains(&fix(3, 7, '0', 'O')));
    assert!(m.corrections.contains(&fix(3, 1, 'e', 'E')));
}

#[test]
fn a_valid_mrz_is_not_changed_by_correction() {
    let m = ocr(TD3);
    assert!(m.corrections.is_empty());
    assert_eq!(m, mrz::parse(TD3, today()).unwrap());
}
