//! Writes laid-out pages as PDF/A-3b (ISO 19005-3, conformance level B) through krilla:
//! embedded font subsets, sRGB output intent and XMP identification (krilla's PDF/A-3b
//! validator refuses anything the level forbids), and the report JSON as an associated file
//! (ISO 19005-3 §6.8: /AF from the catalog, /AFRelationship /Data).

use super::RecordError;
use super::fonts::Face;
use super::layout::{Draw, PAGE_HEIGHT, PAGE_WIDTH, PageLayout, Rgb};
use krilla::color::rgb;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};

/// The name of the embedded report.
pub const REPORT_FILE_NAME: &str = "report.json";

/// Everything the PDF holds besides the pages.
pub struct PdfParts<'a> {
    /// Document title.
    pub title: &'a str,
    /// `de` or `en`.
    pub language: &'a str,
    /// The creation date, Unix seconds.
    pub written_at: i64,
    /// The report JSON to embed.
    pub report_json: &'a str,
    /// The face image to draw where the layout puts it: JPEG or PNG bytes and which.
    pub face: Option<(&'a [u8], &'a str)>,
    /// A stable identifier of the record (hex), the PDF's document ID.
    pub document_id: String,
}

/// Unix seconds as krilla's UTC date.
fn date_time(unix: i64) -> DateTime {
    let text = crate::pki::check::format_time(unix);
    let num = |range: std::ops::Range<usize>| {
        text.get(range)
            .and_then(|s| s.parse::<u16>().ok())
            .unwrap_or(0)
    };
    DateTime::new(num(0..4))
        .month(num(5..7) as u8)
        .day(num(8..10) as u8)
        .hour(num(11..13) as u8)
        .minute(num(14..16) as u8)
        .second(num(17..19) as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

fn color(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: color(c).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn load_fonts() -> Result<[Font; 3], RecordError> {
    let load = |face: Face| {
        Font::new(face.bytes().into(), 0)
            .ok_or_else(|| RecordError::Pdf(format!("font {face:?} does not load")))
    };
    Ok([load(Face::Regular)?, load(Face::Bold)?, load(Face::Mono)?])
}

fn rect(surface: &mut Surface<'_>, x: f32, y: f32, w: f32, h: f32, c: Rgb) {
    let mut pb = PathBuilder::new();
    pb.move_to(x, y);
    pb.line_to(x + w, y);
    pb.line_to(x + w, y + h);
    pb.line_to(x, y + h);
    pb.close();
    if let Some(path) = pb.finish() {
        surface.set_fill(Some(fill(c)));
        surface.draw_path(&path);
    }
}

/// Draws the face inside its box (aspect kept) and "KOPIE" diagonally across it.
fn draw_face(
    surface: &mut Surface<'_>,
    image: &Image,
    bold: &Font,
    (x, y, w, h): (f32, f32, f32, f32),
) {
    let (iw, ih) = image.size();
    let scale = f32::min(w / iw.max(1) as f32, h / ih.max(1) as f32);
    let (dw, dh) = (iw as f32 * scale, ih as f32 * scale);
    let (dx, dy) = (x + (w - dw) / 2.0, y + (h - dh) / 2.0);
    if let Some(size) = Size::from_wh(dw, dh) {
        surface.push_transform(&Transform::from_translate(dx, dy));
        surface.draw_image(image.clone(), size);
        surface.pop();
    }
    // ISO 19005 allows no hidden marks: the copy mark is visible text, in red, across the face.
    let cx = x + w / 2.0;
    let cy = y + h / 2.0;
    surface.push_transform(&Transform::from_rotate_at(-50.0, cx, cy));
    surface.set_fill(Some(fill(Rgb(200, 0, 0))));
    let size = 22.0;
    let text = "KOPIE";
    let width = Face::Bold.width(text, size);
    surface.draw_text(
        Point::from_xy(cx - width / 2.0, cy + size * 0.35),
        bold.clone(),
        size,
        text,
        false,
        TextDirection::Auto,
    );
    surface.pop();
}

/// The PDF/A-3b file of `pages` with `parts`.
pub fn render(pages: &[PageLayout], parts: &PdfParts<'_>) -> Result<Vec<u8>, RecordError> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A3_B)
        .finish()
        .map_err(|e| RecordError::Pdf(format!("PDF/A-3b configuration: {e:?}")))?;
    let settings = SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let fonts = load_fonts()?;
    let font = |face: Face| match face {
        Face::Regular => fonts[0].clone(),
        Face::Bold => fonts[1].clone(),
        Face::Mono => fonts[2].clone(),
    };
    let face_image = match parts.face {
        Some((bytes, format)) => {
            let data: krilla::Data = bytes.to_vec().into();
            let image = match format {
                "png" => Image::from_png(data, false),
                _ => Image::from_jpeg(data, false),
            }
            .map_err(|e| RecordError::Pdf(format!("face image: {e}")))?;
            Some(image)
        }
        None => None,
    };
    let page_settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| RecordError::Pdf("page size".into()))?;
    for layout in pages {
        let mut page = document.start_page_with(page_settings.clone());
        let mut surface = page.surface();
        for draw in &layout.draws {
            match draw {
                Draw::Text {
                    x,
                    y,
                    face,
                    size,
                    color: c,
                    text,
                } => {
                    surface.set_fill(Some(fill(*c)));
                    surface.draw_text(
                        Point::from_xy(*x, *y),
                        font(*face),
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Draw::Rect { x, y, w, h, color } => rect(&mut surface, *x, *y, *w, *h, *color),
                Draw::FaceImage { x, y, w, h } => {
                    if let Some(image) = &face_image {
                        draw_face(&mut surface, image, &fonts[1], (*x, *y, *w, *h));
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    let date = date_time(parts.written_at);
    document.set_metadata(
        Metadata::new()
            .title(parts.title.to_string())
            .language(parts.language.to_string())
            .creator(format!("idverify {}", env!("CARGO_PKG_VERSION")))
            .creation_date(date)
            .document_id(parts.document_id.clone()),
    );
    let json = EmbeddedFile {
        path: REPORT_FILE_NAME.to_string(),
        mime_type: MimeType::new("application/json"),
        description: Some("idverify report (JSON, schema/report.schema.json)".to_string()),
        association_kind: AssociationKind::Data,
        data: parts.report_json.as_bytes().to_vec().into(),
        modification_date: Some(date),
        compress: Some(true),
        location: None,
    };
    document
        .embed_file(json)
        .ok_or_else(|| RecordError::Pdf("report embedded twice".into()))?;
    document
        .finish()
        .map_err(|e| RecordError::Pdf(format!("{e:?}")))
}
