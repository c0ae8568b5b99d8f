//! `verify scan`: captures a document into a bundle folder (schema/capture.schema.json) —
//! a page from a SANE scanner (`--device`), or the MRZ a serial MRZ reader sends
//! (`--serial`).

use clap::Args;
use idverify::capture::{BundleWriter, Light, MrzEntry, MrzSource, utc_time};
use idverify_sane::{CancelToken, Page, PixelFormat, Sane, ScanLimits};
use idverify_serial::{LineSettings, MrzFrame, MrzReader};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Arguments of `verify scan`.
#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("source_device").required(true).args(["device", "serial"])))]
pub struct ScanArgs {
    /// The SANE scanner, as `verify devices` lists it (e.g. `epson2:libusb:001:004`).
    #[arg(long, value_name = "NAME")]
    device: Option<String>,
    /// The serial MRZ reader's port (e.g. /dev/ttyUSB0): the bundle gets its MRZ only.
    #[arg(long, value_name = "TTY")]
    serial: Option<PathBuf>,
    /// The bundle folder to write (created; must not hold a bundle yet).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Scan resolution in dpi (the device's current one if not given).
    #[arg(long, value_name = "DPI")]
    resolution: Option<u32>,
    /// Scan mode, e.g. Gray or Color.
    #[arg(long)]
    mode: Option<String>,
    /// Scan source, e.g. Flatbed; a source named infrared or UV gives the image that light.
    #[arg(long)]
    source: Option<String>,
    /// Any other device option, NAME=VALUE (repeatable), as `scanimage -A` names them.
    #[arg(long = "option", value_name = "NAME=VALUE")]
    options: Vec<String>,
    /// Serial line speed.
    #[arg(long, default_value_t = 9600)]
    baud: u32,
    /// Seconds to wait for the page or the MRZ.
    #[arg(long, default_value_t = 60)]
    timeout: u64,
}

/// Runs the subcommand: 0 when the bundle was written, 2 otherwise.
pub fn run(args: &ScanArgs) -> ExitCode {
    let result = match (&args.device, &args.serial) {
        (Some(device), _) => scan_page(args, device),
        (None, Some(tty)) => read_serial(args, tty),
        (None, None) => Err("give --device or --serial".to_string()),
    };
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("scan: {e}");
            ExitCode::from(2)
        }
    }
}

fn now() -> Result<String, String> {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| "system clock before 1970".to_string())?
        .as_secs();
    Ok(utc_time(secs))
}

fn scan_page(args: &ScanArgs, name: &str) -> Result<String, String> {
    let sane = Sane::init().map_err(|e| e.to_string())?;
    let mut device = sane.open(name).map_err(|e| e.to_string())?;
    let mut settings: Vec<(String, String)> = Vec::new();
    if let Some(dpi) = args.resolution {
        settings.push(("resolution".into(), dpi.to_string()));
    }
    for (option, value) in [("mode", &args.mode), ("source", &args.source)] {
        if let Some(value) = value {
            settings.push((option.into(), value.clone()));
        }
    }
    for pair in &args.options {
        let (option, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("--option {pair}: expected NAME=VALUE"))?;
        settings.push((option.into(), value.into()));
    }
    for (option, value) in &settings {
        device
            .set_from_text(option, value)
            .map_err(|e| e.to_string())?;
    }
    let light = match device.get("source") {
        Ok(source) => Light::from_source_name(&source.to_string()),
        Err(_) => Light::White,
    };
    let limits = ScanLimits {
        timeout: Duration::from_secs(args.timeout),
        ..ScanLimits::default()
    };
    let page = device
        .scan_page(&limits, &CancelToken::new())
        .map_err(|e| e.to_string())?;
    let dpi = page
        .dpi
        .map(|d| d.round() as u32)
        .filter(|&d| d > 0)
        .ok_or("the scanner reports no usable resolution; give --resolution DPI")?;
    let png = encode_png(&page, dpi)?;
    let file = format!("page1-{}.png", light.as_str());
    let mut writer = BundleWriter::create(&args.out, name, &now()?).map_err(|e| e.to_string())?;
    writer
        .add_image(&file, light, 1, dpi, &png)
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(format!(
        "{}: {file} ({}×{} px, {dpi} dpi, light {})",
        args.out.display(),
        page.width,
        page.height,
        light.as_str()
    ))
}

/// The page as PNG with its resolution in the pHYs chunk (pixels per metre).
fn encode_png(page: &Page, dpi: u32) -> Result<Vec<u8>, String> {
    let (color, depth) = match page.format {
        PixelFormat::Gray8 => (png::ColorType::Grayscale, png::BitDepth::Eight),
        PixelFormat::Gray16 => (png::ColorType::Grayscale, png::BitDepth::Sixteen),
        PixelFormat::Rgb8 => (png::ColorType::Rgb, png::BitDepth::Eight),
        PixelFormat::Rgb16 => (png::ColorType::Rgb, png::BitDepth::Sixteen),
    };
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, page.width, page.height);
    encoder.set_color(color);
    encoder.set_depth(depth);
    let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer
        .write_image_data(&page.pixels)
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(bytes)
}

fn read_serial(args: &ScanArgs, tty: &Path) -> Result<String, String> {
    let settings = LineSettings {
        baud: args.baud,
        rts_cts: false,
    };
    let mut reader = MrzReader::open(tty, &settings).map_err(|e| e.to_string())?;
    // Lines belong together when their check digits pass (the library's parse judges).
    let today = crate::mrz_cmd::today_utc().ok_or("system clock out of range")?;
    reader.set_judge(Box::new(move |frame: &MrzFrame| {
        idverify::mrz::check_digits_pass(&frame.text(), today)
    }));
    let frame = reader
        .read_mrz(Duration::from_secs(args.timeout), &AtomicBool::new(false))
        .map_err(|e| e.to_string())?;
    let device = format!("serial:{}", tty.display());
    let mut writer =
        BundleWriter::create(&args.out, &device, &now()?).map_err(|e| e.to_string())?;
    writer.set_mrz(MrzEntry {
        text: frame.text(),
        source: MrzSource::Serial,
    });
    writer.finish().map_err(|e| e.to_string())?;
    Ok(format!(
        "{}: MRZ ({:?})\n{}",
        args.out.display(),
        frame.shape,
        frame.text()
    ))
}
