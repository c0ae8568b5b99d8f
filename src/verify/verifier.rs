//! The `Verifier`: configured once (trust store, rules, options), shared across threads,
//! it turns one [`DocumentInput`] at one [`CheckTime`] into a [`Report`].

use super::biometrics::summarize;
use super::calendar::CheckTime;
use super::config::{FaceExport, VerifierConfig};
use super::config_json_out::config_sha256;
use super::config_safety::weakened_checks;
use super::context::Context;
use super::face::face_image;
use super::input::{AccessProtocol, DocumentInput};
use super::report::Verdict;
use super::report::{
    CheckResult, ChipSummary, ConfigurationSummary, DocumentData, FileDigest, FileSummary, Report,
};
use super::rules::{self, RuleId};
use super::scan_reads::ScanRead;
use super::schema::SCHEMA_VERSION;
use super::verdict::{derive_verdict, unmet_requirements};
use crate::chip::FileId;
use crate::crypto::hash::sha256_hex;
use crate::pki::TrustStore;

/// Verifies documents. `Send + Sync`: build it once and share it.
#[derive(Debug)]
pub struct Verifier {
    trust: TrustStore,
    config: VerifierConfig,
    /// What every report says of the configuration (computed once per configuration).
    configuration: ConfigurationSummary,
}

impl Verifier {
    /// A verifier with its trust anchors (CSCAs, CRLs) and configuration.
    pub fn new(trust: TrustStore, config: VerifierConfig) -> Self {
        let configuration = summarize_configuration(&config);
        Verifier {
            trust,
            config,
            configuration,
        }
    }

    /// Replaces the configuration (the trust store stays).
    pub fn set_config(&mut self, config: VerifierConfig) {
        self.configuration = summarize_configuration(&config);
        self.config = config;
    }

    /// The configuration.
    pub fn config(&self) -> &VerifierConfig {
        &self.config
    }

    /// The trust store.
    pub fn trust_store(&self) -> &TrustStore {
        &self.trust
    }

    /// Verifies `input` as of `time` (dates, certificate validity, expiry).
    pub fn verify(&self, input: &DocumentInput, time: CheckTime) -> Report {
        let cx = Context::build(input, time, &self.trust, self.config.correct_ocr);
        let checks: Vec<CheckResult> = RuleId::ALL
            .into_iter()
            .filter_map(|id| {
                let settings = self.config.settings(id);
                if !settings.enabled {
                    return None;
                }
                let o = rules::run(id, &cx, &self.config);
                Some(CheckResult {
                    id,
                    status: o.status,
                    severity: settings.severity,
                    title: id.title(),
                    message: o.message,
                    evidence: o.evidence,
                    known_defect: None,
                })
            })
            .collect();
        let mut checks = checks;
        let listed = rules::deviations::listed(&cx, &cx.deviation_lists);
        rules::known_defects::apply(&cx, &listed, &mut checks, self.config.known_defect_severity);
        let required = self.required_for_genuine(&cx);
        let verdict = derive_verdict(&checks, &required);
        let unmet_requirements = match verdict {
            Verdict::Incomplete => unmet_requirements(&checks, &required),
            _ => Vec::new(),
        };
        Report {
            schema_version: SCHEMA_VERSION.to_string(),
            verdict,
            verdict_text: verdict.text(),
            unmet_requirements,
            checked_at: time.iso(),
            checks,
            document: self.document_data(&cx),
            chip: chip_summary(input),
            biometrics: summarize(input),
            eid: super::eid::summarize_eid(input),
            optical_mrz: cx.optical_origin.clone(),
            files: file_digests(input, &cx.scans),
            configuration: self.configuration.clone(),
        }
    }

    /// What `genuine` requires of this document: the configured checks (by default the three
    /// of passive authentication, whose `pa.dg_hashes` needs DG1 and every data group EF.SOD
    /// lists), the printed MRZ equal to DG1 when one was given, and the chip's proof that it
    /// is the one the data was written to whenever signed data says it can give one.
    fn required_for_genuine(&self, cx: &Context<'_>) -> Vec<RuleId> {
        let mut required = self.config.required_for_genuine.clone();
        let mut add = |r: RuleId| {
            if !required.contains(&r) {
                required.push(r);
            }
        };
        if cx.optical.is_some() {
            add(RuleId::MrzOpticalEqualsDg1);
        }
        if rules::chip::chip_authentication_required(cx).is_some() {
            add(RuleId::ChipChipAuthentication);
        }
        if rules::chip::active_authentication_required(cx).is_some() {
            add(RuleId::ChipActiveAuthentication);
        }
        required
    }

    fn document_data(&self, cx: &Context<'_>) -> Option<DocumentData> {
        let m = cx.mrz()?;
        let from_chip = cx.chip_mrz.as_ref().is_some_and(|r| r.is_ok());
        let dg11 = cx.dg11.as_ref();
        let dg12 = cx.dg12.as_ref();
        let unsigned: Vec<String> = [(1, from_chip), (11, dg11.is_some()), (12, dg12.is_some())]
            .into_iter()
            .filter(|&(n, shown)| shown && !cx.is_signed(n))
            .map(|(n, _)| format!("DG{n}"))
            .collect();
        let (face, face_error) = match (self.config.face, cx.input.files.get(&FileId::Dg2)) {
            (FaceExport::JpegOrPng, Some(dg2)) => match face_image(dg2) {
                Ok(face) => (Some(face), None),
                Err(why) => (None, Some(why)),
            },
            _ => (None, None),
        };
        let sex = m.sex.map(|s| {
            match s {
                crate::mrz::Sex::Male => "M",
                crate::mrz::Sex::Female => "F",
                crate::mrz::Sex::Unspecified => "X",
                crate::mrz::Sex::NotGiven => "<",
            }
            .to_string()
        });
        Some(DocumentData {
            source: if from_chip { "chip" } else { "optical" }.into(),
            mrz: m.lines.clone(),
            document_code: m.document_code.clone(),
            issuing_state: m.issuer.code.clone(),
            document_number: m.document_number.clone(),
            primary_identifier: m.names.primary.clone(),
            secondary_identifier: m.names.secondary.clone(),
            nationality: m.nationality.as_ref().map(|n| n.code.clone()),
            date_of_birth: cx.birth_date().map(|(d, _)| d.to_string()),
            sex,
            date_of_expiry: cx.expiry_date().map(|d| d.to_string()),
            date_of_issue: cx.displayed_issue_date().map(|d| d.to_string()),
            issuing_authority: dg12.and_then(|d| d.issuing_authority.clone()),
            full_name: dg11.and_then(|d| d.full_name.clone()),
            place_of_birth: dg11.and_then(|d| d.place_of_birth.clone()),
            personal_number: dg11.and_then(|d| d.personal_number.clone()),
            face,
            unsigned,
            face_error,
        })
    }
}

/// The SHA-256 of every chip file of `input`, then of every scanned image (those decoded
/// for the verification were hashed then; `scans` follows `input.images`' order).
/// The configuration's digest and weakened signed-data checks, as every report carries them.
fn summarize_configuration(config: &VerifierConfig) -> ConfigurationSummary {
    ConfigurationSummary {
        sha256: config_sha256(config),
        weakened_signed_data_checks: weakened_checks(config),
    }
}

fn file_digests(input: &DocumentInput, scans: &[ScanRead<'_>]) -> Vec<FileDigest> {
    let chip = input.files.iter().map(|(id, bytes)| FileDigest {
        file: id.name().to_string(),
        bytes: bytes.len(),
        sha256: sha256_hex(bytes),
        light: None,
        page: None,
        dpi: None,
    });
    let images = input
        .images
        .iter()
        .enumerate()
        .map(|(i, image)| FileDigest {
            file: format!("image {} page {}", image.light.as_str(), image.page),
            bytes: image.byte_len(),
            sha256: scans
                .get(i)
                .map_or_else(|| image.sha256_hex(), |scan| scan.sha256.clone()),
            light: Some(image.light),
            page: Some(image.page),
            dpi: image.dpi,
        });
    chip.chain(images).collect()
}

fn chip_summary(input: &DocumentInput) -> Option<ChipSummary> {
    let chip = input.chip.as_ref()?;
    Some(ChipSummary {
        reader: chip.reader.clone(),
        access_protocol: chip.access.as_ref().map(|(p, _)| {
            match p {
                AccessProtocol::Bac => "BAC",
                AccessProtocol::Pace => "PACE",
            }
            .to_string()
        }),
        access_apdus: chip.access_apdus,
        access_millis: chip.access_millis,
        apdus: chip.apdus,
        bytes_sent: chip.bytes_sent,
        bytes_received: chip.bytes_received,
        millis: chip.millis,
        files: chip
            .files
            .iter()
            .map(|f| FileSummary {
                file: f.file.name().to_string(),
                bytes: input.files.get(&f.file).map_or(0, Vec::len),
                apdus: f.apdus,
                millis: f.millis,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn verifier_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<super::Verifier>();
    }
}
