//! `chip.biometrics` (ICAO 9303-10 §4.7.3-4.7.4): what DG3 (fingerprints) and DG4 (irises)
//! hold, from their ISO/IEC 19794-4/-6 record headers, or why they could not be read.

use super::Outcome;
use crate::pki::Status;
use crate::verify::biometrics::{
    BiometricAccess, BiometricImageSummary, BiometricSummary, eye_name, finger_position, summarize,
};
use crate::verify::context::Context;
use crate::verify::lang::Text;

/// `chip.biometrics`: an info check. Passed when DG3 or DG4 was read, e.g. "DG3: 2
/// fingerprints (right index, left index), WSQ, 500 ppi"; not checked when the chip refused
/// them (terminal authentication needed) or holds none; failed (info only) when a read data
/// group's structure does not parse.
pub fn biometrics(cx: &Context<'_>) -> Outcome {
    let groups = summarize(cx.input);
    if groups.is_empty() {
        return Outcome::not_checked(
            "Keine Fingerabdrücke oder Irisbilder gelesen (DG3/DG4 nicht vorhanden)",
            "No fingerprints or iris images read (DG3/DG4 not present)",
        );
    }
    let texts: Vec<Text> = groups.iter().map(describe).collect();
    let status = if groups
        .iter()
        .any(|g| g.access == BiometricAccess::Malformed)
    {
        Status::Failed
    } else if groups.iter().any(|g| g.access == BiometricAccess::Read) {
        Status::Passed
    } else {
        Status::NotChecked
    };
    let join = |f: fn(&Text) -> &String| texts.iter().map(f).cloned().collect::<Vec<_>>();
    let mut out = Outcome::new(
        status,
        join(|t| &t.de).join("; "),
        join(|t| &t.en).join("; "),
    );
    for g in &groups {
        let value = match (&g.access, &g.error) {
            (BiometricAccess::Read, _) => format!("{} images", g.images.len()),
            (BiometricAccess::Malformed, e) => e.clone().unwrap_or_default(),
            (BiometricAccess::NotReadable, _) => "refused by the chip".to_string(),
        };
        out = out.with(&g.data_group, value);
    }
    out
}

/// One data group in words.
fn describe(g: &BiometricSummary) -> Text {
    let dg = &g.data_group;
    match g.access {
        BiometricAccess::NotReadable => Text::new(
            format!("{dg}: nicht lesbar (Zugriff erst nach Terminalauthentisierung/EAC)"),
            format!("{dg}: not readable (access needs terminal authentication/EAC)"),
        ),
        BiometricAccess::Malformed => {
            let e = g.error.as_deref().unwrap_or_default();
            Text::new(
                format!("{dg}: Struktur nicht lesbar: {e}"),
                format!("{dg}: structure not readable: {e}"),
            )
        }
        BiometricAccess::Read => read(g),
    }
}

fn read(g: &BiometricSummary) -> Text {
    let dg = &g.data_group;
    let n = g.images.len();
    let iris = g.kind == "iris";
    let (de_noun, en_noun) = match (iris, n == 1) {
        (false, true) => ("Fingerabdruck", "fingerprint"),
        (false, false) => ("Fingerabdrücke", "fingerprints"),
        (true, true) => ("Irisbild", "iris image"),
        (true, false) => ("Irisbilder", "iris images"),
    };
    let names: Vec<Text> = g
        .images
        .iter()
        .filter_map(|i| {
            let code = i.position_code?;
            Some(if iris {
                eye_name(code).1
            } else {
                finger_position(code).1
            })
        })
        .collect();
    let mut tail = Vec::new();
    tail.extend(distinct(&g.images, |i| i.compression.clone()));
    if iris {
        tail.extend(distinct(&g.images, |i| {
            Some(format!("{}×{}", i.width?, i.height?))
        }));
    } else {
        tail.extend(distinct(&g.images, |i| {
            Some(format!("{} ppi", i.resolution_ppi?))
        }));
    }
    let text = |noun: &str, names: Vec<&str>| {
        let mut s = format!("{dg}: {n} {noun}");
        if !names.is_empty() {
            s.push_str(&format!(" ({})", names.join(", ")));
        }
        for t in &tail {
            s.push_str(", ");
            s.push_str(t);
        }
        s
    };
    Text::new(
        text(de_noun, names.iter().map(|t| t.de.as_str()).collect()),
        text(en_noun, names.iter().map(|t| t.en.as_str()).collect()),
    )
}

/// The distinct values of `f` over the images, joined with "/" (`None` when there are none).
fn distinct(
    images: &[BiometricImageSummary],
    f: impl Fn(&BiometricImageSummary) -> Option<String>,
) -> Option<String> {
    let mut values: Vec<String> = Vec::new();
    for v in images.iter().filter_map(f) {
        if !values.contains(&v) {
            values.push(v);
        }
    }
    (!values.is_empty()).then(|| values.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chip::FileId;
    use crate::lds::{
        BDB, BiometricDg, BiometricGroup, BiometricHeader, BiometricTemplate, FingerRecord,
        FingerView, IrisEye, IrisRecord, SecondaryBiometric,
    };
    use crate::mrz::Date;
    use crate::pki::TrustStore;
    use crate::verify::calendar::CheckTime;
    use crate::verify::input::{ChipRead, DocumentInput, ProtocolOutcome, TerminalAuthInput};

    fn view(position: u8) -> FingerView {
        FingerView::plain(position, 400, 500, 80, vec![0xFF, 0xA0, 1])
    }

    fn fingers(views: Vec<FingerView>, compression: u8) -> FingerRecord {
        FingerRecord::new(compression, 500, views)
    }

    fn irises() -> IrisRecord {
        let eyes = vec![
            IrisEye::single(1, 70, vec![0xFF, 0x4F]),
            IrisEye::single(2, 70, vec![0xFF, 0x4F]),
        ];
        IrisRecord::new(14, 640, 480, 200, eyes)
    }

    fn dg(kind: SecondaryBiometric, blocks: Vec<Vec<u8>>) -> Vec<u8> {
        let templates = blocks
            .into_iter()
            .map(|data| BiometricTemplate {
                header: BiometricHeader::iso19794(0x08, 0x0007),
                data_tag: BDB,
                data,
            })
            .collect();
        let group = BiometricGroup {
            declared_count: Some(1),
            templates,
        };
        BiometricDg::new(kind, group).unwrap().encode()
    }

    fn run(input: &DocumentInput) -> Outcome {
        let time = CheckTime::from_date(Date::parse_iso("2026-11-22").unwrap());
        let store = TrustStore::new();
        biometrics(&Context::build(input, time, &store, false))
    }

    #[test]
    fn read_fingerprints_and_irises_are_described_in_both_languages() {
        let dg3 = dg(
            SecondaryBiometric::Fingerprint,
            vec![
                fingers(vec![view(2)], 2).encode(),
                fingers(vec![view(7)], 2).encode(),
            ],
        );
        let input = DocumentInput::default().with_file(FileId::Dg3, dg3);
        let o = run(&input);
        assert_eq!(o.status, Status::Passed);
        assert_eq!(
            o.message.de,
            "DG3: 2 Fingerabdrücke (rechter Zeigefinger, linker Zeigefinger), WSQ, 500 ppi"
        );
        assert_eq!(
            o.message.en,
            "DG3: 2 fingerprints (right index, left index), WSQ, 500 ppi"
        );
        assert_eq!(o.evidence["DG3"], "2 images");

        let dg4 = dg(SecondaryBiometric::Iris, vec![irises().encode()]);
        let one_finger = dg(
            SecondaryBiometric::Fingerprint,
            vec![fingers(vec![view(1)], 3).encode()],
        );
        let input = DocumentInput::default()
            .with_file(FileId::Dg3, one_finger)
            .with_file(FileId::Dg4, dg4);
        let o = run(&input);
        assert_eq!(o.status, Status::Passed);
        assert_eq!(
            o.message.de,
            "DG3: 1 Fingerabdruck (rechter Daumen), JPEG, 500 ppi; \
             DG4: 2 Irisbilder (rechtes Auge, linkes Auge), JPEG 2000 (mono), 640×480"
        );
        assert_eq!(
            o.message.en,
            "DG3: 1 fingerprint (right thumb), JPEG, 500 ppi; \
             DG4: 2 iris images (right eye, left eye), JPEG 2000 (mono), 640×480"
        );
    }

    #[test]
    fn mixed_values_and_unnamed_positions_are_shown_as_stored() {
        let mut palm = view(25);
        palm.image.push(0);
        let dg3 = dg(
            SecondaryBiometric::Fingerprint,
            vec![
                fingers(vec![view(13), palm], 2).encode(),
                fingers(vec![view(10)], 4).encode(),
            ],
        );
        let o = run(&DocumentInput::default().with_file(FileId::Dg3, dg3));
        assert_eq!(
            o.message.en,
            "DG3: 3 fingerprints (right four fingers, position 25, left little), \
             WSQ/JPEG 2000, 500 ppi"
        );
        assert_eq!(
            o.message.de,
            "DG3: 3 Fingerabdrücke (vier Finger rechts, Position 25, linker kleiner Finger), \
             WSQ/JPEG 2000, 500 ppi"
        );
    }

    #[test]
    fn refused_absent_and_malformed_data_groups() {
        // Refused by the chip: not checked, and says why.
        let input = DocumentInput {
            chip: Some(ChipRead {
                reader: None,
                access: None,
                access_apdus: 0,
                access_millis: 0,
                files: Vec::new(),
                not_readable: vec![FileId::Dg3, FileId::Dg4],
                apdus: 0,
                bytes_sent: 0,
                bytes_received: 0,
                millis: 0,
            }),
            ..DocumentInput::default()
        };
        let o = run(&input);
        assert_eq!(o.status, Status::NotChecked);
        assert_eq!(
            o.message.en,
            "DG3: not readable (access needs terminal authentication/EAC); \
             DG4: not readable (access needs terminal authentication/EAC)"
        );
        assert!(
            o.message
                .de
                .starts_with("DG3: nicht lesbar (Zugriff erst nach")
        );
        assert_eq!(o.evidence["DG4"], "refused by the chip");

        // Refused after terminal authentication (rights without DG4): DG3 read, DG4 refused.
        let dg3 = dg(
            SecondaryBiometric::Fingerprint,
            vec![fingers(vec![view(2)], 2).encode()],
        );
        let input = DocumentInput {
            terminal_authentication: Some(TerminalAuthInput {
                outcome: ProtocolOutcome::Passed {
                    detail: "TA v2".into(),
                },
                terminal: None,
                cvca: None,
                rights: vec!["read DG3".into()],
                refused: vec!["DG4".into()],
            }),
            ..DocumentInput::default().with_file(FileId::Dg3, dg3)
        };
        let o = run(&input);
        assert_eq!(o.status, Status::Passed);
        assert_eq!(
            o.message.en,
            "DG3: 1 fingerprint (right index), WSQ, 500 ppi; \
             DG4: not readable (access needs terminal authentication/EAC)"
        );

        // Neither read nor refused.
        let o = run(&DocumentInput::default());
        assert_eq!(o.status, Status::NotChecked);
        assert!(
            o.message
                .en
                .starts_with("No fingerprints or iris images read")
        );

        // A finger record cut short: the structure error, not a panic.
        let mut record = fingers(vec![view(2)], 2).encode();
        record.truncate(40);
        let dg3 = dg(SecondaryBiometric::Iris, vec![irises().encode()]);
        let broken = {
            let g = BiometricGroup {
                declared_count: Some(1),
                templates: vec![BiometricTemplate {
                    header: BiometricHeader::default(),
                    data_tag: BDB,
                    data: record,
                }],
            };
            crate::tlv::tlv(0x63, &g.encode())
        };
        let input = DocumentInput::default()
            .with_file(FileId::Dg3, broken)
            .with_file(FileId::Dg4, dg3);
        let o = run(&input);
        assert_eq!(o.status, Status::Failed);
        assert!(
            o.message
                .en
                .starts_with("DG3: structure not readable: DG3: finger record length"),
            "{}",
            o.message.en
        );
        assert!(
            o.message
                .en
                .ends_with("; DG4: 2 iris images (right eye, left eye), JPEG 2000 (mono), 640×480")
        );
    }
}
