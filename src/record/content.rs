//! What the record prints, in German or English: the verdict and why, the document's data,
//! who checked when, every check, the chip read, the trust anchors that decided passive
//! authentication, the software, and an annex with the SHA-256 of what the record holds.

use super::RecordOptions;
use super::fonts::Face;
use super::layout::{BLACK, Draw, Flow, GREY, MARGIN, PAGE_WIDTH, PageLayout, Rgb, Style};
use crate::pki::Status;
use crate::verify::{Lang, Report, Severity, Verdict};

const GREEN: Rgb = Rgb(0, 110, 40);
const RED: Rgb = Rgb(190, 20, 20);
const AMBER: Rgb = Rgb(170, 100, 0);

/// Where the face image sits on page 1 (top-right), in points.
pub const FACE_BOX: (f32, f32, f32, f32) = (PAGE_WIDTH - MARGIN - 84.0, 96.0, 84.0, 108.0);

fn pick(lang: Lang, de: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::De => de,
        Lang::En => en,
    }
}

/// The title of the record (also the PDF's title).
pub fn title(lang: Lang) -> &'static str {
    pick(
        lang,
        "Prüfprotokoll Dokumentenprüfung",
        "Verification record: document check",
    )
}

/// A check status as the record prints it.
pub fn status_label(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::Passed => pick(lang, "bestanden", "passed"),
        Status::Failed => pick(lang, "FEHLER", "FAILED"),
        Status::Warning => pick(lang, "Warnung", "warning"),
        Status::NotChecked => pick(lang, "nicht geprüft", "not checked"),
        Status::Unsupported => pick(lang, "nicht unterstützt", "unsupported"),
    }
}

fn status_color(status: Status) -> Rgb {
    match status {
        Status::Passed => GREEN,
        Status::Failed => RED,
        Status::Warning => AMBER,
        Status::NotChecked | Status::Unsupported => GREY,
    }
}

fn verdict_color(verdict: Verdict) -> Rgb {
    match verdict {
        Verdict::Genuine => GREEN,
        Verdict::Failed => RED,
        Verdict::Suspicious | Verdict::Incomplete => AMBER,
    }
}

/// Unix seconds as `YYYY-MM-DD HH:MM:SS UTC`.
pub fn format_unix(t: i64) -> String {
    crate::pki::check::format_time(t)
        .replace('T', " ")
        .replace('Z', " UTC")
}

/// Why the verdict is what it is, one line per reason (empty for `genuine`): the failed
/// checks first, then warnings, then what `genuine` still requires.
pub fn reasons(report: &Report, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    for status in [Status::Failed, Status::Warning] {
        for c in report
            .checks
            .iter()
            .filter(|c| c.status == status && c.severity != Severity::Info)
        {
            out.push(format!(
                "{}: {} ({})",
                c.title.get(lang),
                c.message.get(lang),
                c.id
            ));
        }
    }
    for u in &report.unmet_requirements {
        out.push(format!("{}: {}", u.check, u.message.get(lang)));
    }
    out
}

struct Writer<'a> {
    flow: Flow,
    lang: Lang,
    report: &'a Report,
    options: &'a RecordOptions,
}

const LABEL: Style = Style::new(Face::Bold, 8.5);
const VALUE: Style = Style::new(Face::Regular, 8.5);
const MONO: Style = Style::new(Face::Mono, 7.5);
const HEADING: Style = Style::new(Face::Bold, 11.0);
const LABEL_WIDTH: f32 = 130.0;

impl Writer<'_> {
    fn l(&self, de: &'static str, en: &'static str) -> &'static str {
        pick(self.lang, de, en)
    }

    fn heading(&mut self, de: &'static str, en: &'static str) {
        self.flow.skip(8.0);
        self.flow.ensure(40.0);
        let text = self.l(de, en);
        self.flow.text(MARGIN, HEADING, text);
        self.flow.rule();
    }

    /// A label and its value; `right` is where the value column ends.
    fn field(&mut self, label: &str, value: &str, right: f32) {
        let value_x = MARGIN + LABEL_WIDTH;
        self.flow.row(&[
            (MARGIN, LABEL_WIDTH - 6.0, LABEL, label),
            (value_x, right - value_x, VALUE, value),
        ]);
    }

    fn head(&mut self) {
        let title = self.l(
            "Prüfprotokoll Dokumentenprüfung",
            "Verification record: document check",
        );
        self.flow.text(MARGIN, Style::new(Face::Bold, 14.0), title);
        let office = if self.options.office.is_empty() {
            self.l("(Behörde nicht angegeben)", "(office not given)")
                .to_string()
        } else {
            self.options.office.clone()
        };
        self.flow.text(MARGIN, VALUE.colored(GREY), &office);
        self.flow.skip(8.0);
    }

    fn verdict(&mut self) {
        let verdict = self.report.verdict;
        let color = verdict_color(verdict);
        let text_right = if self.options.include_face {
            FACE_BOX.0 - 12.0
        } else {
            PAGE_WIDTH - MARGIN
        };
        let top = self.flow.y();
        let label = self.l("Ergebnis", "Verdict");
        self.flow.text(MARGIN + 10.0, LABEL.colored(GREY), label);
        let verdict_text = self.report.verdict_text.get(self.lang).to_string();
        self.flow.text_in(
            MARGIN + 10.0,
            text_right - MARGIN - 10.0,
            Style::new(Face::Bold, 26.0).colored(color),
            &verdict_text,
        );
        let reasons = reasons(self.report, self.lang);
        if !reasons.is_empty() {
            let why = self.l("Begründung:", "Why:");
            self.flow.text(MARGIN + 10.0, LABEL, why);
            for r in reasons {
                self.flow.text_in(
                    MARGIN + 18.0,
                    text_right - MARGIN - 18.0,
                    VALUE,
                    &format!("• {r}"),
                );
            }
        }
        self.flow.skip(4.0);
        // A bar in the verdict's colour beside the block (same page: the block is short
        // enough to stay on page 1).
        let bottom = self.flow.y();
        self.flow.draw(Draw::Rect {
            x: MARGIN,
            y: top,
            w: 4.0,
            h: bottom - top,
            color,
        });
        if self.options.include_face
            && self
                .report
                .document
                .as_ref()
                .is_some_and(|d| d.face.is_some())
        {
            let (x, y, w, h) = FACE_BOX;
            self.flow.draw(Draw::FaceImage { x, y, w, h });
        }
        self.flow.skip(6.0);
    }

    fn circumstances(&mut self) {
        let right = if self.options.include_face {
            FACE_BOX.0 - 8.0
        } else {
            PAGE_WIDTH - MARGIN
        };
        let checked = self
            .report
            .checked_at
            .replace('T', " ")
            .replace('Z', " UTC");
        let written = format_unix(self.options.written_at);
        let rows: [(&str, String); 6] = [
            (self.l("Prüfzeitpunkt", "Checked at"), checked),
            (self.l("Arbeitsplatz", "Desk"), self.options.desk.clone()),
            (
                self.l("Bearbeitet von", "Operator"),
                self.options.operator.clone(),
            ),
            (self.l("Anlass", "Purpose"), self.options.purpose.clone()),
            (self.l("Protokoll erstellt", "Record written"), written),
            (
                self.l("Software", "Software"),
                format!(
                    "idverify {} ({} {})",
                    env!("CARGO_PKG_VERSION"),
                    self.l("Berichtsschema", "report schema"),
                    self.report.schema_version
                ),
            ),
        ];
        for (label, value) in rows {
            let value = if value.is_empty() {
                "–".to_string()
            } else {
                value
            };
            self.field(label, &value, right);
        }
    }

    fn document(&mut self) {
        self.heading("Dokument", "Document");
        let Some(d) = &self.report.document else {
            let none = self.l(
                "Keine Dokumentdaten (keine MRZ gelesen)",
                "No document data (no MRZ read)",
            );
            self.flow.text(MARGIN, VALUE, none);
            return;
        };
        let source = match (d.source.as_str(), self.lang) {
            ("chip", Lang::De) => "Chip (DG1)".to_string(),
            ("chip", Lang::En) => "chip (DG1)".to_string(),
            (_, Lang::De) => "optisch gelesene MRZ".to_string(),
            (_, Lang::En) => "optically read MRZ".to_string(),
        };
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let rows: Vec<(&str, String)> = vec![
            (
                self.l("Dokumentart", "Document type"),
                d.document_code.clone(),
            ),
            (
                self.l("Ausstellender Staat", "Issuing state"),
                d.issuing_state.clone(),
            ),
            (
                self.l("Dokumentnummer", "Document number"),
                d.document_number.clone(),
            ),
            (self.l("Name", "Surname"), d.primary_identifier.clone()),
            (
                self.l("Vornamen", "Given names"),
                d.secondary_identifier.clone(),
            ),
            (
                self.l("Staatsangehörigkeit", "Nationality"),
                opt(&d.nationality),
            ),
            (
                self.l("Geburtsdatum", "Date of birth"),
                opt(&d.date_of_birth),
            ),
            (self.l("Geschlecht", "Sex"), opt(&d.sex)),
            (
                self.l("Ausstellungsdatum", "Date of issue"),
                opt(&d.date_of_issue),
            ),
            (
                self.l("Gültig bis", "Date of expiry"),
                opt(&d.date_of_expiry),
            ),
            (
                self.l("Ausstellende Behörde", "Issuing authority"),
                opt(&d.issuing_authority),
            ),
            (self.l("Quelle der Daten", "Data from"), source),
        ];
        for (label, value) in rows.into_iter().filter(|(_, v)| !v.is_empty()) {
            self.field(label, &value, PAGE_WIDTH - MARGIN);
        }
        if !d.unsigned.is_empty() {
            let label = self.l("Nicht signiert", "Not signed");
            self.field(label, &d.unsigned.join(", "), PAGE_WIDTH - MARGIN);
        }
        if !d.mrz.is_empty() {
            let label = self.l("MRZ", "MRZ");
            self.flow.row(&[
                (MARGIN, LABEL_WIDTH - 6.0, LABEL, label),
                (
                    MARGIN + LABEL_WIDTH,
                    PAGE_WIDTH - 2.0 * MARGIN - LABEL_WIDTH,
                    MONO,
                    &d.mrz.join("\n"),
                ),
            ]);
        }
    }

    fn checks(&mut self) {
        self.heading("Prüfungen", "Checks");
        let status_w = 72.0;
        let id_w = 166.0;
        let text_x = MARGIN + status_w + id_w;
        let text_w = PAGE_WIDTH - MARGIN - text_x;
        for c in &self.report.checks {
            // A failure the issuing State's deviation list explains reads as what it is.
            let (status, color) = match &c.known_defect {
                Some(k) if c.status == Status::Failed => (
                    pick(self.lang, "bek. Mangel", "known defect"),
                    if k.effect == Severity::Error {
                        RED
                    } else {
                        AMBER
                    },
                ),
                _ => (status_label(c.status, self.lang), status_color(c.status)),
            };
            let text = format!("{}: {}", c.title.get(self.lang), c.message.get(self.lang));
            self.flow.row(&[
                (MARGIN, status_w - 4.0, LABEL.colored(color), status),
                (MARGIN + status_w, id_w - 4.0, MONO, c.id.as_str()),
                (text_x, text_w, VALUE, &text),
            ]);
            self.flow.skip(1.5);
        }
    }

    fn chip(&mut self) {
        let Some(chip) = &self.report.chip else {
            return;
        };
        self.heading("Chip-Auslesung", "Chip read");
        let right = PAGE_WIDTH - MARGIN;
        let rows: Vec<(&str, String)> = vec![
            (
                self.l("Lesegerät", "Reader"),
                chip.reader.clone().unwrap_or_default(),
            ),
            (
                self.l("Zugriffsprotokoll", "Access protocol"),
                chip.access_protocol.clone().unwrap_or_default(),
            ),
            (
                self.l("APDUs", "APDUs"),
                format!(
                    "{} ({} {}, {} {})",
                    chip.apdus,
                    chip.bytes_sent,
                    self.l("Bytes gesendet", "bytes sent"),
                    chip.bytes_received,
                    self.l("empfangen", "received")
                ),
            ),
            (self.l("Dauer", "Duration"), format!("{} ms", chip.millis)),
            (
                self.l("Gelesene Dateien", "Files read"),
                chip.files
                    .iter()
                    .map(|f| format!("{} ({} B)", f.file, f.bytes))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ];
        for (label, value) in rows.into_iter().filter(|(_, v)| !v.is_empty()) {
            self.field(label, &value, right);
        }
    }

    fn trust(&mut self) {
        self.heading(
            "Vertrauensanker der passiven Authentisierung",
            "Trust anchors of passive authentication",
        );
        let chain = self
            .report
            .checks
            .iter()
            .find(|c| c.id.as_str() == "pa.dsc_chain");
        let labels = [
            ("anchor.csca_subject", self.l("CSCA", "CSCA")),
            (
                "anchor.csca_serial",
                self.l("Seriennummer", "Serial number"),
            ),
            (
                "anchor.csca_key_id",
                self.l("Schlüsselkennung", "Key identifier"),
            ),
            ("anchor.csca_key", self.l("Schlüssel", "Key")),
            (
                "anchor.source_file",
                self.l("Aus Masterliste/Datei", "From master list/file"),
            ),
            (
                "anchor.source_issued",
                self.l("Ausgabedatum der Masterliste", "Master list issued"),
            ),
            (
                "anchor.source_signer",
                self.l("Signer der Masterliste", "Master list signer"),
            ),
        ];
        let mut rows: Vec<(&str, String)> = labels
            .iter()
            .filter_map(|(key, label)| {
                chain
                    .and_then(|c| c.evidence.get(*key))
                    .map(|v| (*label, v.clone()))
            })
            .collect();
        if !rows.is_empty() {
            let kind = chain.and_then(|c| c.evidence.get("anchor.source_kind"));
            let source = match kind.map(String::as_str) {
                Some("master_list") => self.l(
                    "CSCA-Masterliste, Signatur bei der Übernahme geprüft",
                    "CSCA master list, its signature verified when loaded",
                ),
                Some("certificate_file") => self.l(
                    "Zertifikatsdatei, vom Amt direkt eingerichtet",
                    "certificate file configured by the office",
                ),
                _ => self.l("nicht erfasst", "not recorded"),
            };
            // After the CSCA's own rows (subject, serial, key identifier, key), before the
            // master list's.
            let at = labels[..4]
                .iter()
                .filter(|(key, _)| chain.is_some_and(|c| c.evidence.contains_key(*key)))
                .count();
            rows.insert(at, (self.l("Herkunft", "Source"), source.to_string()));
        }
        if rows.is_empty() {
            let none = self.l(
                "Keiner: keine vertrauenswürdige CSCA hat das Dokument-Signer-Zertifikat ausgestellt \
                 oder die passive Authentisierung lief nicht",
                "None: no trusted CSCA issued the document signer certificate, or passive \
                 authentication did not run",
            );
            self.flow.text(MARGIN, VALUE, none);
            return;
        }
        for (label, value) in rows {
            self.field(label, &value, PAGE_WIDTH - MARGIN);
        }
    }

    fn annex(&mut self, report_sha256: &str) {
        self.heading("Anhang: Prüfsummen (SHA-256)", "Annex: checksums (SHA-256)");
        let note = self.l(
            "Der vollständige Prüfbericht ist als Datei report.json in dieses PDF eingebettet.",
            "The full report is embedded in this PDF as the file report.json.",
        );
        self.flow.text(MARGIN, VALUE, note);
        self.flow.skip(2.0);
        let mut rows = vec![("report.json".to_string(), report_sha256.to_string())];
        rows.extend(
            self.report
                .files
                .iter()
                .map(|f| (f.file.clone(), f.sha256.clone())),
        );
        for (name, digest) in rows {
            self.flow.row(&[
                (MARGIN, LABEL_WIDTH - 6.0, MONO, &name),
                (
                    MARGIN + LABEL_WIDTH,
                    PAGE_WIDTH - 2.0 * MARGIN - LABEL_WIDTH,
                    MONO,
                    &digest,
                ),
            ]);
        }
        if !self.options.include_face {
            self.flow.skip(4.0);
            let note = self.l(
                "Datenminimierung (§ 20 Abs. 2 PAuswG, Art. 5 Abs. 1 c DSGVO): Lichtbild, \
                 Zugangsnummer (CAN) und Bilder sind nicht enthalten.",
                "Data minimisation (§ 20 (2) PAuswG, GDPR Art. 5 (1) c): no face image, no \
                 card access number (CAN), no images.",
            );
            self.flow.text(MARGIN, VALUE.colored(GREY), note);
        }
    }
}

/// Lays out the record of `report` (already minimised as `options` ask); `report_sha256` is
/// the hex SHA-256 of the embedded report JSON.
pub fn layout(report: &Report, options: &RecordOptions, report_sha256: &str) -> Vec<PageLayout> {
    let mut w = Writer {
        flow: Flow::new(),
        lang: options.lang,
        report,
        options,
    };
    w.head();
    w.verdict();
    w.circumstances();
    w.document();
    w.checks();
    w.chip();
    w.trust();
    w.annex(report_sha256);
    let lang = options.lang;
    let number = report
        .document
        .as_ref()
        .map(|d| d.document_number.clone())
        .unwrap_or_default();
    let checked_at = report.checked_at.clone();
    let _ = BLACK;
    w.flow.finish(move |page, pages| {
        format!(
            "{} · {} {number} · {} {checked_at} · {} {page} {} {pages}",
            title(lang),
            pick(lang, "Dokument", "document"),
            pick(lang, "geprüft", "checked"),
            pick(lang, "Seite", "page"),
            pick(lang, "von", "of"),
        )
    })
}
