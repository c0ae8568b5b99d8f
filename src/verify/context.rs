//! Everything the rules look at, parsed once per verification: both MRZs, DG11, DG12,
//! passive authentication and the document signer certificate.

use super::calendar::{self, CheckTime};
use super::input::DocumentInput;
use super::optical_origin::{OpticalMrzOrigin, choose};
use super::scan_reads::{ScanRead, read_scans};
use crate::chip::FileId;
use crate::lds::{Dg1, Dg11, Dg12, parse_file, unwrap_ef_sod};
use crate::mrz::{self, Date, Mrz, ParseOptions};
use crate::pki::cms::parse_content_info;
use crate::pki::signed::matches_sid;
use crate::pki::{Certificate, PaInput, PassiveAuthentication, TrustStore, passive_authentication};

/// One document, parsed, at one check time.
pub(crate) struct Context<'a> {
    pub input: &'a DocumentInput,
    /// The check date; `None` only for a check time outside the years 1..=9999.
    pub today: Option<Date>,
    /// The optically read MRZ, parsed (`None`: not given): the text given, else the read of
    /// the white image, else of the infrared one.
    pub optical: Option<Result<Mrz, String>>,
    /// Where the optical MRZ came from and, for an image, how sure the read is (`None`: no
    /// MRZ given and no white or infrared image).
    pub optical_origin: Option<OpticalMrzOrigin>,
    /// DG1's MRZ, parsed (`None`: DG1 not read).
    pub chip_mrz: Option<Result<Mrz, String>>,
    /// DG11 as read, signed or not: rules use [`Context::signed_dg11`].
    pub dg11: Option<Dg11>,
    /// DG12 as read, signed or not: rules use [`Context::signed_dg12`].
    pub dg12: Option<Dg12>,
    /// The data groups whose hash EF.SOD signs with a valid signature and whose bytes match
    /// it: only their data may feed a rule.
    pub signed: Vec<u8>,
    /// Files that do not parse: (name, error).
    pub unreadable: Vec<(String, String)>,
    /// Passive authentication, when EF.SOD was read.
    pub pa: Option<PassiveAuthentication>,
    /// The document signer certificate embedded in EF.SOD.
    pub dsc: Option<Certificate>,
    /// Whether the trust store holds no CSCA at all.
    pub no_trust_anchors: bool,
    /// The trust store's verified deviation lists (ICAO 9303-12).
    pub deviation_lists: Vec<crate::pki::deviation::DeviationList>,
    /// The scanned images, decoded, with the MRZ read from the white and infrared ones.
    pub scans: Vec<ScanRead<'a>>,
}

impl<'a> Context<'a> {
    pub fn build(
        input: &'a DocumentInput,
        time: CheckTime,
        store: &TrustStore,
        correct_ocr: bool,
    ) -> Self {
        let today = time.date();
        let parse_options = today.map(|today| ParseOptions { today, correct_ocr });
        let scans = read_scans(&input.images);
        let (optical_text, optical_origin) = choose(
            input.optical_mrz.as_deref(),
            input.optical_mrz_source,
            &scans,
        );
        let optical = optical_text.as_deref().map(|text| match parse_options {
            Some(o) => mrz::parse_with(text, o).map_err(|e| e.to_string()),
            None => Err("check time out of range".to_string()),
        });
        let mut unreadable = Vec::new();
        let mut dg11 = None;
        let mut dg12 = None;
        let mut chip_mrz = None;
        for (file, bytes) in &input.files {
            let Some(lds) = lds_file(*file) else { continue };
            let parsed = parse_file(lds, bytes);
            if let Err(e) = &parsed {
                unreadable.push((file.name().to_string(), e.to_string()));
            }
            match (*file, parsed) {
                (FileId::Dg1, Ok(_)) => {
                    chip_mrz = Some(match (Dg1::parse(bytes), today) {
                        (Ok(dg1), Some(today)) => dg1.parse_mrz(today).map_err(|e| e.to_string()),
                        (Err(e), _) => Err(e.to_string()),
                        (_, None) => Err("check time out of range".to_string()),
                    });
                }
                (FileId::Dg1, Err(e)) => chip_mrz = Some(Err(e.to_string())),
                (FileId::Dg11, Ok(crate::lds::ParsedFile::Dg11(d))) => dg11 = Some(d),
                (FileId::Dg12, Ok(crate::lds::ParsedFile::Dg12(d))) => dg12 = Some(d),
                _ => {}
            }
        }
        let issuer = chip_mrz
            .as_ref()
            .or(optical.as_ref())
            .and_then(|m| m.as_ref().ok())
            .map(|m| m.issuer.raw.clone());
        let refused: Vec<u8> = input
            .chip
            .iter()
            .flat_map(|c| c.not_readable.iter())
            .filter_map(|f| f.data_group_number())
            .collect();
        let (pa, dsc) = match input.files.get(&FileId::Sod) {
            Some(sod) => {
                let dgs = input.data_groups();
                let pa = passive_authentication(
                    &PaInput {
                        sod,
                        data_groups: &dgs,
                        refused: &refused,
                        time: time.unix(),
                        issuing_state: issuer.as_deref(),
                    },
                    store,
                );
                (Some(pa), signer_certificate(sod))
            }
            None => (None, None),
        };
        let signed = pa
            .as_ref()
            .map(PassiveAuthentication::signed_data_groups)
            .unwrap_or_default();
        Context {
            input,
            today,
            optical,
            optical_origin,
            chip_mrz,
            dg11,
            dg12,
            signed,
            unreadable,
            pa,
            dsc,
            no_trust_anchors: store.is_empty(),
            deviation_lists: store.deviation_lists().to_vec(),
            scans,
        }
    }

    /// The MRZ the document data comes from: the chip's when it parses, else the optical one.
    pub fn mrz(&self) -> Option<&Mrz> {
        let chip = self.chip_mrz.as_ref().and_then(|m| m.as_ref().ok());
        chip.or_else(|| self.optical.as_ref().and_then(|m| m.as_ref().ok()))
    }

    /// Whether data group `n` is covered by a valid EF.SOD signature and matches its hash.
    pub fn is_signed(&self, n: u8) -> bool {
        self.signed.contains(&n)
    }

    /// DG11, when EF.SOD's valid signature covers it.
    pub fn signed_dg11(&self) -> Option<&Dg11> {
        self.dg11.as_ref().filter(|_| self.is_signed(11))
    }

    /// DG12, when EF.SOD's valid signature covers it.
    pub fn signed_dg12(&self) -> Option<&Dg12> {
        self.dg12.as_ref().filter(|_| self.is_signed(12))
    }

    /// The data groups EF.SOD lists, when it parsed (`None`: no EF.SOD or unreadable).
    pub fn sod_data_groups(&self) -> Option<Vec<u8>> {
        let lds = self.pa.as_ref()?.lds_security_object.as_ref()?;
        Some(lds.data_group_hashes.iter().map(|d| d.number).collect())
    }

    /// Whether EF.SOD lists data group `n`.
    pub fn sod_lists(&self, n: u8) -> bool {
        let lds = self
            .pa
            .as_ref()
            .and_then(|pa| pa.lds_security_object.as_ref());
        lds.is_some_and(|l| l.hash_of(n).is_some())
    }

    /// The date of birth: DG11's full date when DG11 is signed (four-digit year), else the
    /// MRZ's.
    pub fn birth_date(&self) -> Option<(Date, &'static str)> {
        let full = self
            .signed_dg11()
            .and_then(|d| d.full_date_of_birth.as_ref())
            .and_then(calendar::from_partial);
        match full {
            Some(d) => Some((d, "DG11")),
            None => Some((self.mrz()?.birth_date.as_ref()?.date?, "MRZ")),
        }
    }

    /// The date of expiry from the MRZ.
    pub fn expiry_date(&self) -> Option<Date> {
        self.mrz()?.expiry_date.as_ref()?.date
    }

    /// The date of issue from DG12, when DG12 is signed.
    pub fn issue_date(&self) -> Option<Date> {
        calendar::from_partial(self.signed_dg12()?.date_of_issue.as_ref()?)
    }

    /// The date of issue from DG12, signed or not (for display).
    pub fn displayed_issue_date(&self) -> Option<Date> {
        calendar::from_partial(self.dg12.as_ref()?.date_of_issue.as_ref()?)
    }
}

/// The LDS file for a chip file, for the files the LDS parses (EF.COM, DG1..DG16).
fn lds_file(file: FileId) -> Option<FileId> {
    (file == FileId::Com || file.data_group_number().is_some()).then_some(file)
}

/// The certificate EF.SOD's first SignerInfo names, from the certificates it embeds.
fn signer_certificate(sod: &[u8]) -> Option<Certificate> {
    let sd = parse_content_info(unwrap_ef_sod(sod).ok()?).ok()?;
    let si = sd.signer_infos.first()?;
    sd.certificates
        .iter()
        .filter_map(|der| Certificate::from_der(der).ok())
        .find(|c| matches_sid(c, &si.sid))
}
