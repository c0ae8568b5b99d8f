//! `verify files DIR`: prints the data groups of a dumped document (DIR/EF.COM.bin,
//! DG1.bin … DG16.bin, EF.SOD.bin, EF.CardAccess.bin, EF.CardSecurity.bin) in readable form;
//! `--face out.png` writes the DG2 face as PNG, `--json` prints the parsed files as JSON.
//! Files are read as `idv_verify_files` reads them: regular files only, at most
//! `MAX_DUMP_FILE_LEN` bytes each.

use clap::Args;
use idverify::inspect::{MAX_DUMP_FILE_LEN, read_regular_file};
use idverify::lds::{
    self, CardSecurity, EcParameters, EncodedImage, FileId, ParsedFile, PartialDate, PublicKey,
    PublicKeyInfo, SecurityInfo, SecurityInfos, text,
};
use idverify::mrz;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `files`.
#[derive(Args)]
pub struct FilesArgs {
    /// Directory with the dumped files (EF.COM.bin, DG1.bin, …).
    dir: PathBuf,
    /// Write the face from DG2 to this PNG file.
    #[arg(long, value_name = "OUT.png")]
    face: Option<PathBuf>,
    /// Print the parsed files as JSON instead of text.
    #[arg(long)]
    json: bool,
    /// The date two-digit MRZ years are placed against (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
}

/// Runs `files`.
pub fn run(args: &FilesArgs) -> ExitCode {
    if !args.dir.is_dir() {
        eprintln!("{}: not a directory", args.dir.display());
        return ExitCode::from(2);
    }
    let today = match &args.today {
        Some(t) => mrz::Date::parse_iso(t),
        None => super::mrz_cmd::today_utc(),
    };
    let Some(today) = today else {
        eprintln!("--today: not a date (YYYY-MM-DD)");
        return ExitCode::from(2);
    };
    let mut failed = false;
    let mut parsed = Vec::new();
    for file in FileId::application() {
        let path = args.dir.join(format!("{}.bin", file.name()));
        let bytes = match read_regular_file(&path, MAX_DUMP_FILE_LEN) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => continue,
            Err(e) => {
                eprintln!("{e}");
                failed = true;
                continue;
            }
        };
        if file == FileId::Sod {
            if !args.json {
                println!(
                    "EF.SOD: {} bytes (checked by passive authentication)",
                    bytes.len()
                );
            }
            continue;
        }
        match lds::parse_file(file, &bytes) {
            Ok(p) => parsed.push((file, p)),
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                failed = true;
            }
        }
    }
    let card_access = read_optional(
        &args.dir,
        "EF.CardAccess.bin",
        lds::parse_card_access,
        &mut failed,
    );
    let card_security = read_optional(
        &args.dir,
        "EF.CardSecurity.bin",
        CardSecurity::parse,
        &mut failed,
    );
    if parsed.is_empty() && card_access.is_none() && card_security.is_none() && !failed {
        eprintln!(
            "{}: no EF.COM.bin, DGn.bin or EF.Card*.bin found",
            args.dir.display()
        );
        return ExitCode::from(2);
    }
    if args.json {
        let files: serde_json::Map<String, serde_json::Value> = parsed
            .iter()
            .map(|(f, p)| {
                (
                    f.name().to_string(),
                    serde_json::to_value(p).unwrap_or_default(),
                )
            })
            .collect();
        let doc = serde_json::json!({
            "files": files,
            "card_access": card_access,
            "card_security": card_security,
        });
        // A closed pipe (e.g. `| head`) ends the output quietly instead of panicking.
        let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        let _ = writeln!(std::io::stdout(), "{text}");
    } else {
        for (file, p) in &parsed {
            print_file(*file, p, today);
        }
        if let Some(infos) = &card_access {
            println!("EF.CardAccess");
            print_infos(infos);
        }
        if let Some(cs) = &card_security {
            println!("EF.CardSecurity (content type {})", cs.content_type);
            print_infos(&cs.security_infos);
        }
    }
    if let Some(out) = &args.face {
        let face = parsed.iter().find_map(|(_, p)| match p {
            ParsedFile::Dg2(d) => d.face().cloned(),
            _ => None,
        });
        match face.map(|f| f.to_png()) {
            Some(Ok(png)) => {
                if let Err(e) = std::fs::write(out, png) {
                    eprintln!("{}: {e}", out.display());
                    return ExitCode::from(2);
                }
                if !args.json {
                    println!("face written to {}", out.display());
                }
            }
            Some(Err(e)) => {
                eprintln!("DG2 face: {e}");
                failed = true;
            }
            None => {
                eprintln!("no face: DG2.bin missing or without an image");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn read_optional<T>(
    dir: &Path,
    name: &str,
    parse: impl Fn(&[u8]) -> Result<T, lds::LdsError>,
    failed: &mut bool,
) -> Option<T> {
    let bytes = match read_regular_file(&dir.join(name), MAX_DUMP_FILE_LEN) {
        Ok(bytes) => bytes?,
        Err(e) => {
            eprintln!("{e}");
            *failed = true;
            return None;
        }
    };
    match parse(&bytes) {
        Ok(v) => Some(v),
        Err(e) => {
            eprintln!("{name}: {e}");
            *failed = true;
            None
        }
    }
}

/// One ISO/IEC 19794-4/-6 record in a line: per view or eye its position code, then the
/// record's compression, size and resolution.
fn biometric_record(r: &idverify::lds::BiometricRecord) -> String {
    use idverify::lds::BiometricRecord;
    match r {
        BiometricRecord::Finger(f) => {
            let views: Vec<String> = f
                .views
                .iter()
                .map(|v| {
                    format!(
                        "finger {} {}x{} quality {}",
                        v.position, v.width, v.height, v.quality
                    )
                })
                .collect();
            format!(
                "ISO/IEC 19794-4: {}; {}, {} ppi",
                views.join(", "),
                f.compression_name().unwrap_or("unknown compression"),
                f.resolution_ppi().unwrap_or_default()
            )
        }
        BiometricRecord::Iris(iris) => {
            let eyes: Vec<String> = iris
                .eyes
                .iter()
                .map(|e| format!("eye {} ({} images)", e.subtype, e.images.len()))
                .collect();
            format!(
                "ISO/IEC 19794-6: {}; {}, {}x{}",
                eyes.join(", "),
                iris.format_name().unwrap_or("unknown format"),
                iris.width,
                iris.height
            )
        }
        BiometricRecord::Iso39794 => "ISO/IEC 39794 (not interpreted)".to_string(),
    }
}

fn line(label: &str, value: Option<impl AsRef<str>>) {
    if let Some(v) = value {
        println!("  {label:<28} {}", v.as_ref());
    }
}

fn date(d: &Option<PartialDate>) -> Option<String> {
    d.as_ref().map(|d| {
        let part = |v: Option<u16>, w: usize| v.map_or("?".repeat(w), |v| format!("{v:0w$}"));
        format!(
            "{}-{}-{}{}",
            part(d.year, 4),
            part(d.month.map(u16::from), 2),
            part(d.day.map(u16::from), 2),
            if d.bcd { " (BCD)" } else { "" }
        )
    })
}

fn image(img: &EncodedImage) -> String {
    match img.dimensions() {
        Ok((w, h)) => format!("{:?}, {w}x{h}, {} bytes", img.format, img.data.len()),
        Err(_) => format!("{:?}, {} bytes", img.format, img.data.len()),
    }
}

fn name(n: &str) -> String {
    let (primary, secondary) = text::split_name(n);
    if secondary.is_empty() {
        primary
    } else {
        format!("{primary}, {secondary}")
    }
}

fn fields(v: &Option<String>) -> Option<String> {
    v.as_ref().map(|s| text::split_fields(s).join(", "))
}

fn print_file(file: FileId, p: &ParsedFile, today: mrz::Date) {
    println!("{}", file.name());
    match p {
        ParsedFile::Com(c) => {
            line(
                "LDS version",
                c.lds_version_dotted().or(c.lds_version.clone()),
            );
            line("Unicode version", c.unicode_version.as_deref());
            let dgs: Vec<String> = c.data_groups().iter().map(|n| format!("DG{n}")).collect();
            line("data groups", Some(dgs.join(" ")));
            if !c.unknown_tags().is_empty() {
                line("unknown tags", Some(format!("{:X?}", c.unknown_tags())));
            }
        }
        ParsedFile::Dg1(d) => {
            line("layout", Some(format!("{:?}", d.shape)));
            for l in d.lines() {
                println!("  {l}");
            }
            match d.parse_mrz(today) {
                Ok(m) => {
                    line(
                        "document",
                        Some(format!("{} {}", m.document_code, m.document_number)),
                    );
                    line(
                        "name",
                        Some(format!("{}, {}", m.names.primary, m.names.secondary)),
                    );
                    line(
                        "date of birth",
                        m.birth_date.as_ref().map(|d| d.raw.clone()),
                    );
                    line(
                        "date of expiry",
                        m.expiry_date.as_ref().map(|d| d.raw.clone()),
                    );
                    let failed: Vec<String> = m.failed_checks().map(|c| format!("{c:?}")).collect();
                    line(
                        "check digits",
                        Some(if failed.is_empty() {
                            "all valid".to_string()
                        } else {
                            failed.join("; ")
                        }),
                    );
                }
                Err(e) => line("MRZ", Some(format!("not parsed: {e}"))),
            }
        }
        ParsedFile::Dg2(d) => {
            for (i, img) in d.images().iter().enumerate() {
                line(&format!("face {}", i + 1), Some(image(img)));
            }
        }
        ParsedFile::Biometric(b) => {
            line("kind", Some(format!("{:?}", b.kind)));
            line("templates", Some(b.group.templates.len().to_string()));
            line("record formats", Some(b.record_formats().join(" ")));
            for (i, r) in b.records.iter().enumerate() {
                line(&format!("record {}", i + 1), Some(biometric_record(r)));
            }
        }
        ParsedFile::Displayed(d) => {
            for (i, img) in d.images.iter().enumerate() {
                line(&format!("{:?} {}", d.kind, i + 1), Some(image(img)));
            }
        }
        ParsedFile::Dg11(d) => {
            line("full name", d.full_name.as_deref().map(name));
            for n in &d.other_names {
                line("other name", Some(name(n)));
            }
            line("personal number", d.personal_number.as_deref());
            line("date of birth", date(&d.full_date_of_birth));
            line("place of birth", fields(&d.place_of_birth));
            line("address", fields(&d.address));
            line("telephone", d.telephone.as_deref());
            line("profession", fields(&d.profession));
            line("title", d.title.as_deref());
            line("personal summary", fields(&d.personal_summary));
            line(
                "proof of citizenship",
                d.proof_of_citizenship.as_ref().map(image),
            );
            line("other travel documents", fields(&d.other_td_numbers));
            line("custody information", d.custody_information.as_deref());
        }
        ParsedFile::Dg12(d) => {
            line("issuing authority", d.issuing_authority.as_deref());
            line("date of issue", date(&d.date_of_issue));
            for n in &d.other_persons {
                line("other person", Some(name(n)));
            }
            line("endorsements", d.endorsements.as_deref());
            line("tax/exit requirements", d.tax_exit_requirements.as_deref());
            line("image of front", d.image_front.as_ref().map(image));
            line("image of rear", d.image_rear.as_ref().map(image));
            line(
                "personalization time",
                d.personalization_time.as_ref().map(|t| {
                    format!(
                        "{} {}",
                        date(&Some(t.date.clone())).unwrap_or_default(),
                        t.time
                    )
                }),
            );
            line(
                "personalization device",
                d.personalization_device.as_deref(),
            );
        }
        ParsedFile::Dg13(d) => line("issuer data", Some(format!("{} bytes", d.value.len()))),
        ParsedFile::Dg14(d) => print_infos(&d.security_infos),
        ParsedFile::Dg15(d) => line("active authentication key", Some(key(&d.public_key))),
        ParsedFile::Dg16(d) => {
            for p in &d.persons {
                line("person", p.name.as_deref().map(name));
                line("  recorded", date(&p.date_recorded));
                line("  telephone", p.telephone.as_deref());
                line("  address", fields(&p.address));
            }
        }
        ParsedFile::Raw { value, .. } => line("content", Some(format!("{} bytes", value.len()))),
    }
}

fn key(k: &PublicKeyInfo) -> String {
    match &k.key {
        PublicKey::Rsa { modulus, .. } => format!("RSA-{}", modulus.len() * 8),
        PublicKey::Ec { parameters, point } => {
            let curve = match parameters {
                EcParameters::Named { oid } => format!("named curve {oid}"),
                EcParameters::Explicit(c) => {
                    format!("explicit {}-bit prime curve", c.prime.len() * 8)
                }
                EcParameters::Standardized { id } => format!("standardized parameters {id}"),
                EcParameters::Implicit => "implicit parameters".to_string(),
            };
            format!("EC, {curve}, point of {} bytes", point.len())
        }
        PublicKey::Dh { public, .. } => format!("DH, public value of {} bytes", public.len()),
        PublicKey::Other { key } => format!("{} ({} bytes)", k.algorithm, key.len()),
    }
}

fn print_infos(infos: &SecurityInfos) {
    for i in &infos.infos {
        let proto = lds::protocol_name(i.protocol()).unwrap_or_else(|| i.protocol().to_string());
        let detail = match i {
            SecurityInfo::ChipAuthentication {
                version, key_id, ..
            } => {
                format!("chip authentication v{version}, key {key_id:?}")
            }
            SecurityInfo::ChipAuthenticationPublicKey {
                public_key, key_id, ..
            } => {
                format!("chip authentication key {key_id:?}: {}", key(public_key))
            }
            SecurityInfo::ChipAuthenticationDomainParameter {
                domain_parameter, ..
            } => {
                format!("CA domain parameters {}", domain_parameter.algorithm)
            }
            SecurityInfo::Pace {
                version,
                parameter_id,
                ..
            } => {
                format!("PACE v{version}, parameters {parameter_id:?}")
            }
            SecurityInfo::PaceDomainParameter {
                domain_parameter, ..
            } => {
                format!("PACE domain parameters {}", domain_parameter.algorithm)
            }
            SecurityInfo::TerminalAuthentication { version, .. } => {
                format!("terminal authentication v{version}")
            }
            SecurityInfo::ActiveAuthentication {
                signature_algorithm,
                ..
            } => {
                format!("active authentication with {signature_algorithm}")
            }
            SecurityInfo::Unknown { raw, .. } => format!("unknown, {} bytes", raw.len()),
        };
        println!("  {proto:<36} {detail}");
    }
}
