/*
 * idverify C ABI.
 *
 * Conventions for every function:
 * - Returns an idv_result; IDV_OK (0) on success. idv_error_message(code) gives a static
 *   text, idv_last_error_detail() the detail of this thread's last failure.
 * - Strings are UTF-8 with an explicit length (no NUL terminator needed or written).
 *   Input pointers are borrowed for the call only and stay owned by the caller.
 * - Every (pointer, length) argument is checked before it is read: NULL with a nonzero
 *   length is IDV_ERR_NULL_ARGUMENT; a size above PTRDIFF_MAX bytes, a range running past
 *   the end of the address space, and an array (e.g. of size_t lengths) or output pointer
 *   misaligned for its element type are IDV_ERR_INVALID_ARGUMENT.
 * - Handles (idv_trust_store, idv_verifier, idv_readers, idv_report, idv_cancel,
 *   idv_terminal, idv_document) are created by idv_*_new or idv_terminal_load/_from_bytes
 *   (or returned through an out pointer) and owned by the caller until passed to their
 *   idv_*_free. A handle of another kind, or one already freed, is answered
 *   with IDV_ERR_WRONG_HANDLE_KIND or IDV_ERR_INVALID_HANDLE (a freed address reused by a
 *   new handle of the same kind cannot be detected).
 * - Pointers written into out parameters that point into a handle are borrowed from it and
 *   valid until that handle is freed (or as documented); never free them.
 * - No function unwinds or aborts: a Rust panic becomes IDV_ERR_PANIC.
 */

#ifndef IDVERIFY_H
#define IDVERIFY_H

/* Generated from src/ffi by cbindgen (IDVERIFY_BLESS=1 cargo test --test c_header). Do not edit. */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/**
 * The API version: a new minor adds functions, a new major changes or removes some.
 */
#define IDV_API_VERSION_MAJOR 1

/**
 * See [`IDV_API_VERSION_MAJOR`].
 */
#define IDV_API_VERSION_MINOR 5

/**
 * The ABI version: changes whenever a struct layout, enum value or signature changes.
 */
#define IDV_ABI_VERSION 1

/**
 * What every `idv_*` function returns. The values are stable: new codes are only added.
 */
typedef enum {
  /**
   * Success.
   */
  IDV_OK = 0,
  /**
   * A required pointer argument was NULL.
   */
  IDV_ERR_NULL_ARGUMENT = 1,
  /**
   * A string argument is not valid UTF-8.
   */
  IDV_ERR_INVALID_UTF8 = 2,
  /**
   * An argument has a wrong value: a zero length where data is required, a length whose
   * size exceeds `PTRDIFF_MAX` bytes or runs past the end of the address space, an array
   * or output pointer misaligned for its element type, an unknown enum value, a malformed
   * MRZ or CAN.
   */
  IDV_ERR_INVALID_ARGUMENT = 3,
  /**
   * The handle is of another kind than the function takes (e.g. a verifier passed as a
   * trust store).
   */
  IDV_ERR_WRONG_HANDLE_KIND = 4,
  /**
   * The handle is not live: already freed, or never returned by this library.
   */
  IDV_ERR_INVALID_HANDLE = 5,
  /**
   * An index past the end (a check number, a reader number).
   */
  IDV_ERR_OUT_OF_RANGE = 6,
  /**
   * The item asked for is absent (e.g. the report has no face image).
   */
  IDV_ERR_NOT_FOUND = 7,
  /**
   * Trust data that is neither a certificate, a usable CRL nor a master list that verifies
   * through a configured master-list root (a delta CRL, a master list whose signer lacks
   * the master-list signer key usage or is of another country than its root).
   */
  IDV_ERR_TRUST_DATA = 8,
  /**
   * A file or folder could not be read.
   */
  IDV_ERR_IO = 9,
  /**
   * The PC/SC service or the reader is unavailable.
   */
  IDV_ERR_READER = 10,
  /**
   * No card arrived within the timeout.
   */
  IDV_ERR_TIMEOUT = 11,
  /**
   * The chip refused the access key (wrong MRZ or CAN) or no access protocol worked.
   */
  IDV_ERR_ACCESS_DENIED = 12,
  /**
   * The session with the chip broke (card removed, secure messaging error).
   */
  IDV_ERR_CHIP = 13,
  /**
   * The progress callback or the cancel flag stopped the operation.
   */
  IDV_ERR_CANCELLED = 14,
  /**
   * A Rust panic was caught at the boundary (a bug in the library).
   */
  IDV_ERR_PANIC = 15,
  /**
   * Terminal certificates or a terminal key that do not load: no terminal certificate,
   * a certificate that does not parse, a key that does not open or is not the terminal
   * certificate's (API 1.1).
   */
  IDV_ERR_TERMINAL_DATA = 16,
  /**
   * A CSCA master list offered to a trust store without a master-list root: add the root
   * first with `idv_trust_store_add_master_list_root` (API 1.2).
   */
  IDV_ERR_NO_MASTER_LIST_ROOT = 17,
  /**
   * The verification record could not be written (e.g. a face image that does not
   * decode) (API 1.3).
   */
  IDV_ERR_RECORD = 18,
  /**
   * The record could not be sealed: a certificate that does not parse, a key that does
   * not open or is not the certificate's (API 1.3).
   */
  IDV_ERR_SEAL = 19,
  /**
   * The image holds no machine-readable zone (API 1.4).
   */
  IDV_ERR_NO_MRZ = 20,
  /**
   * The image does not decode (not a PNG, JPEG, TIFF or BMP, or broken) or its header
   * states more pixels than a desk decodes (API 1.4).
   */
  IDV_ERR_IMAGE = 21,
  /**
   * Scanning is unavailable or the scanner failed: SANE is not installed (libsane could
   * not be loaded), a scanner is already open in this process (SANE allows one session),
   * or the device reported a failure (jam, cover open, an I/O error when it vanished)
   * (API 1.5).
   */
  IDV_ERR_SCANNER = 22,
  /**
   * The capture bundle is broken: no or a malformed `manifest.json`, an image it lists
   * missing, outside the folder or changed since the scan (API 1.5).
   */
  IDV_ERR_BUNDLE = 23,
} idv_result;

/**
 * The overall verdict.
 */
typedef enum {
  /**
   * Every required check passed and nothing raised doubt.
   */
  IDV_VERDICT_GENUINE = 0,
  /**
   * Nothing proves a forgery, but something raises doubt.
   */
  IDV_VERDICT_SUSPICIOUS = 1,
  /**
   * A check of severity error failed.
   */
  IDV_VERDICT_FAILED = 2,
  /**
   * A check required for genuine did not run.
   */
  IDV_VERDICT_INCOMPLETE = 3,
} idv_verdict;

/**
 * A check's status.
 */
typedef enum {
  /**
   * Passed.
   */
  IDV_CHECK_PASSED = 0,
  /**
   * Failed.
   */
  IDV_CHECK_FAILED = 1,
  /**
   * Passed with a warning.
   */
  IDV_CHECK_WARNING = 2,
  /**
   * Not checked (its input was missing).
   */
  IDV_CHECK_NOT_CHECKED = 3,
  /**
   * Not supported by this library.
   */
  IDV_CHECK_UNSUPPORTED = 4,
} idv_check_status;

/**
 * Which access key `idv_read_and_verify` gets.
 */
typedef enum {
  /**
   * The whole MRZ text (two or three lines separated by newlines): PACE, else BAC.
   */
  IDV_KEY_MRZ = 1,
  /**
   * The card access number (digits): PACE only.
   */
  IDV_KEY_CAN = 2,
} idv_access_key;

/**
 * A chip file, for `idv_document_add_file`. Data group n is `100 + n`.
 */
typedef enum {
  /**
   * EF.CardAccess (master file, FID 011C).
   */
  IDV_FILE_CARD_ACCESS = 1,
  /**
   * EF.CardSecurity (master file, FID 011D).
   */
  IDV_FILE_CARD_SECURITY = 2,
  /**
   * EF.COM (FID 011E).
   */
  IDV_FILE_COM = 3,
  /**
   * EF.SOD (FID 011D in the eMRTD application).
   */
  IDV_FILE_SOD = 4,
  /**
   * DG1, the MRZ.
   */
  IDV_FILE_DG1 = 101,
  /**
   * DG2, the face.
   */
  IDV_FILE_DG2 = 102,
  /**
   * DG3, fingerprints.
   */
  IDV_FILE_DG3 = 103,
  /**
   * DG4, irises.
   */
  IDV_FILE_DG4 = 104,
  /**
   * DG5, displayed portrait.
   */
  IDV_FILE_DG5 = 105,
  /**
   * DG6 (reserved).
   */
  IDV_FILE_DG6 = 106,
  /**
   * DG7, displayed signature.
   */
  IDV_FILE_DG7 = 107,
  /**
   * DG8, data features.
   */
  IDV_FILE_DG8 = 108,
  /**
   * DG9, structure features.
   */
  IDV_FILE_DG9 = 109,
  /**
   * DG10, substance features.
   */
  IDV_FILE_DG10 = 110,
  /**
   * DG11, additional personal details.
   */
  IDV_FILE_DG11 = 111,
  /**
   * DG12, additional document details.
   */
  IDV_FILE_DG12 = 112,
  /**
   * DG13, optional details.
   */
  IDV_FILE_DG13 = 113,
  /**
   * DG14, security options (chip authentication).
   */
  IDV_FILE_DG14 = 114,
  /**
   * DG15, active authentication public key.
   */
  IDV_FILE_DG15 = 115,
  /**
   * DG16, persons to notify.
   */
  IDV_FILE_DG16 = 116,
} idv_file;

/**
 * What a chip protocol the caller's own reader ran showed, for
 * `idv_document_set_chip_authentication` and `idv_document_set_active_authentication`.
 */
typedef enum {
  /**
   * The protocol ran against this chip and the chip proved its key.
   */
  IDV_PROTOCOL_PASSED = 1,
  /**
   * The protocol ran and the chip did not prove its key (a wrong response or signature).
   */
  IDV_PROTOCOL_FAILED = 2,
  /**
   * The protocol could not run with this chip or reader.
   */
  IDV_PROTOCOL_UNSUPPORTED = 3,
} idv_protocol_outcome;

/**
 * The light an image was taken under, for `idv_document_add_image`.
 */
typedef enum {
  /**
   * Visible white light.
   */
  IDV_LIGHT_WHITE = 1,
  /**
   * Near infrared (the MRZ is printed in ink that absorbs there, ICAO 9303-3).
   */
  IDV_LIGHT_IR = 2,
  /**
   * Ultraviolet (the substrate must stay dull, ICAO 9303-2).
   */
  IDV_LIGHT_UV = 3,
  /**
   * Coaxial (retro-reflective) light.
   */
  IDV_LIGHT_COAXIAL = 4,
} idv_light;

/**
 * How the samples of a raw pixel buffer are laid out; 16-bit samples are little-endian.
 */
typedef enum {
  /**
   * One byte per pixel.
   */
  IDV_PIXELS_GREY8 = 1,
  /**
   * Two bytes per pixel.
   */
  IDV_PIXELS_GREY16 = 2,
  /**
   * Three bytes per pixel: R, G, B.
   */
  IDV_PIXELS_RGB8 = 3,
  /**
   * Six bytes per pixel: R, G, B of 16 bits each.
   */
  IDV_PIXELS_RGB16 = 4,
  /**
   * Four bytes per pixel: R, G, B, alpha (ignored).
   */
  IDV_PIXELS_RGBA8 = 5,
} idv_pixel_format;

/**
 * A cancel flag (opaque) for `idv_read_and_verify`, raised with `idv_cancel_request` from
 * any thread. Created by `idv_cancel_new`, freed by `idv_cancel_free`.
 */
typedef struct idv_cancel idv_cancel;

/**
 * A document's files in memory (opaque). Created by `idv_document_new`, freed by
 * `idv_document_free`.
 */
typedef struct idv_document idv_document;

/**
 * An MRZ read from an image (opaque). Freed with `idv_mrz_read_free`.
 */
typedef struct idv_mrz_read idv_mrz_read;

/**
 * The PC/SC service and its reader list (opaque). Created by `idv_readers_new`, freed by
 * `idv_readers_free`.
 */
typedef struct idv_readers idv_readers;

/**
 * A verification record (opaque): the PDF and, once sealed, its seal. Created by
 * `idv_record_write`, freed by `idv_record_free`.
 */
typedef struct idv_record idv_record;

/**
 * A verification report (opaque). Freed by `idv_report_free`; every pointer a function
 * returns into it stays valid until then.
 */
typedef struct idv_report idv_report;

/**
 * An open SANE scanner (opaque): created by `idv_scanner_open`, freed by
 * `idv_scanner_free`. It holds the process's SANE session while it lives.
 */
typedef struct idv_scanner idv_scanner;

/**
 * The scanners SANE found (opaque): created by `idv_scanner_list_new`, freed by
 * `idv_scanner_list_free`.
 */
typedef struct idv_scanner_list idv_scanner_list;

/**
 * An open serial MRZ reader (opaque). Created by `idv_serial_reader_open`, freed by
 * `idv_serial_reader_free`.
 */
typedef struct idv_serial_reader idv_serial_reader;

/**
 * A terminal (opaque): its card-verifiable certificates and private key for Terminal
 * Authentication. Created by `idv_terminal_load` or `idv_terminal_from_bytes`, freed by
 * `idv_terminal_free`.
 */
typedef struct idv_terminal idv_terminal;

/**
 * A trust store (opaque). Created by `idv_trust_store_new`, freed by `idv_trust_store_free`.
 */
typedef struct idv_trust_store idv_trust_store;

/**
 * A verifier (opaque): a copy of a trust store and the default configuration, with the
 * face image exported (or the one `idv_verifier_configure_json` set), and the terminal
 * `idv_verifier_set_terminal` attached, if any.
 * Created by `idv_verifier_new`, freed by `idv_verifier_free`.
 */
typedef struct idv_verifier idv_verifier;

/**
 * Where a chip read is, passed to the progress callback.
 */
typedef struct {
  /**
   * 0 access control, 1 reading a file, 2 chip authentication, 3 active
   * authentication, 4 terminal authentication, 5 reading an eID data group.
   */
  uint32_t stage;
  /**
   * The file identifier when reading a file (0x011E EF.COM, 0x011D EF.SOD, 0x0101 DG1
   * …), else 0.
   */
  uint16_t file_id;
  /**
   * Bytes of the file read so far; for other stages 0 before and 1 after.
   */
  size_t done;
  /**
   * The file's length once known, else 0; 1 for other stages.
   */
  size_t total;
  /**
   * APDUs exchanged so far.
   */
  size_t apdus;
} idv_progress;

/**
 * The progress callback: called on the thread that called `idv_read_and_verify`, before
 * every APDU of a file read and at every step. Return 0 to go on, anything else to cancel
 * (the read stops before the next APDU with `IDV_ERR_CANCELLED`). `event` is valid only
 * during the call.
 */
typedef int32_t (*idv_progress_fn)(void *user_data, const idv_progress *event);

/**
 * What the record says beyond the report. Strings are UTF-8 of the given length (no NUL
 * needed); NULL with length 0 leaves a field empty.
 */
typedef struct {
  /**
   * The office.
   */
  const char *office;
  /**
   * Its length in bytes.
   */
  size_t office_len;
  /**
   * The desk or workstation.
   */
  const char *desk;
  /**
   * Its length in bytes.
   */
  size_t desk_len;
  /**
   * The operator.
   */
  const char *operator_name;
  /**
   * Its length in bytes.
   */
  size_t operator_name_len;
  /**
   * Why the document was checked.
   */
  const char *purpose;
  /**
   * Its length in bytes.
   */
  size_t purpose_len;
  /**
   * The record's language: 0 German, 1 English.
   */
  uint32_t lang;
  /**
   * When the record is written, seconds since the Unix epoch (its creation date).
   */
  int64_t written_at_unix;
  /**
   * Print the face (marked "KOPIE") and keep it in the embedded report; false leaves out
   * the face, as data minimisation asks.
   */
  bool include_face;
} idv_record_options;

/**
 * One check of a report. Every pointer points into the report and stays valid until
 * `idv_report_free`; the strings are UTF-8, not NUL-terminated: use the lengths.
 */
typedef struct {
  /**
   * The stable id, e.g. `pa.sod_signature`.
   */
  const char *id;
  /**
   * Length of `id` in bytes.
   */
  size_t id_len;
  /**
   * The status.
   */
  idv_check_status status;
  /**
   * What was found, in German.
   */
  const char *text_de;
  /**
   * Length of `text_de` in bytes.
   */
  size_t text_de_len;
  /**
   * What was found, in English.
   */
  const char *text_en;
  /**
   * Length of `text_en` in bytes.
   */
  size_t text_en_len;
} idv_check;

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/**
 * Gives the document the capture bundle in folder `dir` (UTF-8 of `dir_len` bytes; written
 * by `verify scan` or any desk software following `schema/capture.schema.json`): every
 * image its `manifest.json` lists, with its light, page and dpi, each checked against its
 * SHA-256; and the MRZ text the bundle carries (a serial reader's or a typed one), which
 * replaces an optical MRZ set before. Answers `IDV_ERR_BUNDLE` for a folder without or with
 * a malformed manifest, or an image missing, outside the folder or changed since the scan;
 * `IDV_ERR_IO` for a file that cannot be read; `IDV_ERR_INVALID_ARGUMENT` when the images
 * would take the document past 32. Nothing is added on error.
 *
 * Since API 1.5.
 *
 * Thread safety: not concurrently with any other call on the same document.
 *
 * # Safety
 * `document` is a live document; `dir` is readable for `dir_len` bytes (borrowed for the
 * call).
 */
idv_result idv_document_add_bundle(idv_document *document, const char *dir, size_t dir_len);

/**
 * Creates an empty document in `*out`.
 *
 * Since API 1.1.
 *
 * Thread safety: any thread. Ownership: `*out` is the caller's, freed with
 * `idv_document_free`.
 *
 * # Safety
 * `out` is a valid pointer to a `idv_document *`.
 */
idv_result idv_document_new(idv_document **out);

/**
 * Adds the bytes of one chip file, `file` being an `idv_file` value (passed as a number);
 * a file added again replaces the earlier bytes. The bytes are copied. Answers
 * `IDV_ERR_INVALID_ARGUMENT` for an unknown `file` or zero length. What the bytes hold is
 * judged by `idv_verify_document` (a malformed file fails `lds.files_readable`).
 *
 * Since API 1.1.
 *
 * Thread safety: not concurrently with any other call on the same document.
 *
 * # Safety
 * `document` is a live document; `bytes` is readable for `len` bytes (borrowed for the call).
 */
idv_result idv_document_add_file(idv_document *document,
                                 uint32_t file,
                                 const uint8_t *bytes,
                                 size_t len);

/**
 * Sets the optically read MRZ (lines separated by newlines) to compare with DG1; NULL and
 * 0 clear it.
 *
 * Since API 1.1.
 *
 * Thread safety: not concurrently with any other call on the same document.
 *
 * # Safety
 * `document` is a live document; `mrz` is NULL or readable for `mrz_len` bytes.
 */
idv_result idv_document_set_optical_mrz(idv_document *document, const char *mrz, size_t mrz_len);

/**
 * States the outcome of chip authentication (ICAO 9303-11 §6.2, BSI TR-03110 CA v1/v2)
 * that the caller's own reader ran against this document's chip, `outcome` being an
 * `idv_protocol_outcome` value (passed as a number), with `detail` (UTF-8 of `detail_len`
 * bytes; NULL and 0 for none) as its evidence: which key, which algorithm, or why it
 * failed. The report's `chip.chip_authentication` then passes, fails (chip not genuine)
 * or is unsupported; without this call it is `not_checked`, since files alone cannot
 * prove the chip genuine. Stating it again replaces the earlier outcome. Answers
 * `IDV_ERR_INVALID_ARGUMENT` for an unknown `outcome`.
 *
 * `IDV_PROTOCOL_PASSED` is the caller's assertion that its own reader ran the protocol
 * against the chip these files were read from and the chip proved the key of this DG14 (or
 * of EF.CardSecurity): the library cannot check it, and reports it as stated by the caller.
 *
 * Since API 1.2.
 *
 * Thread safety: not concurrently with any other call on the same document.
 *
 * # Safety
 * `document` is a live document; `detail` is NULL or readable for `detail_len` bytes.
 */
idv_result idv_document_set_chip_authentication(idv_document *document,
                                                uint32_t outcome,
                                                const char *detail,
                                                size_t detail_len);

/**
 * States the outcome of active authentication (ICAO 9303-11 §6.1) that the caller's own
 * reader ran against this document's chip, as `idv_document_set_chip_authentication` does
 * for chip authentication; the report's `chip.active_authentication` follows it.
 *
 * `IDV_PROTOCOL_PASSED` is the caller's assertion that its own reader ran the protocol
 * against the chip these files were read from and the chip signed a fresh challenge with
 * the key of this DG15: the library cannot check it, and reports it as stated by the
 * caller.
 *
 * Since API 1.2.
 *
 * Thread safety: not concurrently with any other call on the same document.
 *
 * # Safety
 * `document` is a live document; `detail` is NULL or readable for `detail_len` bytes.
 */
idv_result idv_document_set_active_authentication(idv_document *document,
                                                  uint32_t outcome,
                                                  const char *detail,
                                                  size_t detail_len);

/**
 * Verifies the document's files offline at `now_unix` (seconds since 1970), as
 * `idv_verify_files` does for a folder; the report goes to `*out`. The document stays the
 * caller's and may be verified again. Files alone do not show the chip genuine:
 * `chip.chip_authentication` and `chip.active_authentication` are `not_checked` unless the
 * caller stated them (`idv_document_set_chip_authentication`,
 * `idv_document_set_active_authentication`), and a document whose EF.SOD lists DG14 or DG15
 * is then `IDV_VERDICT_INCOMPLETE` ("chip not authenticated").
 *
 * Since API 1.1.
 *
 * Thread safety: any thread; concurrently with other verifications of the same verifier
 * and document, not with changes to the document.
 * Ownership: `*out` is the caller's, freed with `idv_report_free`.
 *
 * # Safety
 * `verifier` is a live verifier, `document` a live document; `out` is a valid pointer.
 */
idv_result idv_verify_document(const idv_verifier *verifier,
                               const idv_document *document,
                               int64_t now_unix,
                               idv_report **out);

/**
 * Frees a document. NULL is accepted.
 *
 * Since API 1.1.
 *
 * Thread safety: not concurrently with any other call on the same document.
 *
 * # Safety
 * `document` is NULL or a live document; it must not be used afterwards.
 */
idv_result idv_document_free(idv_document *document);

/**
 * Gives the document a scanned image as an encoded file (PNG, JPEG, TIFF, BMP), taken under
 * `light` (an `idv_light` value), page (or card side) `page` from 1, at the resolution
 * `dpi` the scanner reported (0: not reported; the file's own is used). The bytes are
 * copied. `idv_verify_document` then reads the MRZ from the white image (else the infrared
 * one) when no optical MRZ was set, and lists every image's SHA-256, light, page and dpi in
 * the report's `files`. Whether the bytes decode is judged there (the report's
 * `optical_mrz.error`), not here. Answers `IDV_ERR_INVALID_ARGUMENT` for an unknown light,
 * page 0, zero length or a 33rd image.
 *
 * Since API 1.4.
 *
 * Thread safety: not concurrently with any other call on the same document.
 *
 * # Safety
 * `document` is a live document; `bytes` is readable for `len` bytes (borrowed for the call).
 */
idv_result idv_document_add_image(idv_document *document,
                                  uint32_t light,
                                  uint32_t page,
                                  uint32_t dpi,
                                  const uint8_t *bytes,
                                  size_t len);

/**
 * Gives the document a scanned image as a raw pixel buffer, as a vendor SDK delivers it:
 * `width` × `height` pixels of `format` (an `idv_pixel_format` value), rows top to bottom
 * `stride` bytes apart (0: tight rows without padding), `len` bytes in all; light, page and
 * dpi as for `idv_document_add_image`. The pixels are copied (tight rows; the report hashes
 * them so). Answers `IDV_ERR_INVALID_ARGUMENT` for an unknown light or format, page 0, a
 * stride shorter than a row, a buffer shorter than the stated size, or more pixels than the
 * optical layer decodes (10 000 per side, 36 million in all), before anything is copied.
 *
 * Since API 1.4.
 *
 * Thread safety: not concurrently with any other call on the same document.
 *
 * # Safety
 * `document` is a live document; `pixels` is readable for `len` bytes (borrowed for the call).
 */
idv_result idv_document_add_image_pixels(idv_document *document,
                                         uint32_t light,
                                         uint32_t page,
                                         uint32_t dpi,
                                         const uint8_t *pixels,
                                         size_t len,
                                         uint32_t width,
                                         uint32_t height,
                                         size_t stride,
                                         uint32_t format);

/**
 * Reads the MRZ from an encoded image (PNG, JPEG, TIFF, BMP; grey, colour, 16-bit) into
 * `*out`. Its size is bounded before anything is allocated. Answers `IDV_ERR_NO_MRZ` when
 * the image holds no MRZ, `IDV_ERR_IMAGE` when it does not decode or is too large. A read
 * that is not certain is still a read: its JSON says which positions are open and why.
 *
 * Since API 1.4.
 *
 * Thread safety: any thread. Ownership: `*out` is the caller's, freed with
 * `idv_mrz_read_free`.
 *
 * # Safety
 * `bytes` is readable for `len` bytes (borrowed for the call); `out` is a valid pointer to
 * an `idv_mrz_read *`.
 */
idv_result idv_mrz_read_image(const uint8_t *bytes, size_t len, idv_mrz_read **out);

/**
 * Reads the MRZ from a raw pixel buffer into `*out`: `width` × `height` pixels of `format`
 * (an `idv_pixel_format` value), rows `stride` bytes apart (0: tight rows), `len` bytes in
 * all, at `dpi` (0: unknown; the read finds the pitch itself). Answers
 * `IDV_ERR_INVALID_ARGUMENT` for an unknown format, a stride shorter than a row, a buffer
 * shorter than the stated size or more pixels than the optical layer decodes, and
 * `IDV_ERR_NO_MRZ` as `idv_mrz_read_image`.
 *
 * Since API 1.4.
 *
 * Thread safety: any thread. Ownership: as `idv_mrz_read_image`.
 *
 * # Safety
 * `pixels` is readable for `len` bytes (borrowed for the call); `out` is a valid pointer
 * to an `idv_mrz_read *`.
 */
idv_result idv_mrz_read_pixels(const uint8_t *pixels,
                               size_t len,
                               uint32_t width,
                               uint32_t height,
                               size_t stride,
                               uint32_t format,
                               uint32_t dpi,
                               idv_mrz_read **out);

/**
 * Points `*json`/`*len` at the read as JSON, UTF-8, not NUL-terminated: `lines` (as printed;
 * they feed an MRZ parser unchanged), `layout` (`TD1`, `TD2`, `TD3`…), `certain` (no open
 * position and every check digit passing), `min_confidence` (0 to 1), `uncertain` (each
 * open position: `line` and `column` from 1 and its `reason`: `ambiguous_glyph`,
 * `check_digits_do_not_settle`, `weak_glyph`, `not_allowed_here`, `check_digit_fails`), and
 * `optical` (per character its alternatives, confidence and box; orientation, skew, dpi,
 * corrections).
 *
 * Since API 1.4.
 *
 * Thread safety: any thread.
 *
 * # Safety
 * `read` is a live MRZ read; `json` and `len` are valid pointers. `*json` borrows from
 * `read`: valid until `idv_mrz_read_free`, never freed by the caller.
 */
idv_result idv_mrz_read_json(const idv_mrz_read *read, const char **json, size_t *len);

/**
 * Frees an MRZ read and the JSON borrowed from it. NULL is accepted.
 *
 * Since API 1.4.
 *
 * Thread safety: not concurrently with any other call on the same read.
 *
 * # Safety
 * `read` is NULL or a live MRZ read; neither it nor its JSON may be used afterwards.
 */
idv_result idv_mrz_read_free(idv_mrz_read *read);

/**
 * Connects to the PC/SC service; `*out` gets the readers handle.
 *
 * Thread safety: any thread. Ownership: `*out` is the caller's, freed with
 * `idv_readers_free`.
 *
 * # Safety
 * `out` is a valid pointer to a `idv_readers *`.
 */
idv_result idv_readers_new(idv_readers **out);

/**
 * Lists the readers now attached and writes how many there are; their names are then
 * available through `idv_readers_name`.
 *
 * Thread safety: not concurrently with any other call on the same handle.
 *
 * # Safety
 * `readers` is a live readers handle; `count` is a valid `size_t` pointer.
 */
idv_result idv_readers_count(idv_readers *readers, size_t *count);

/**
 * Points `*name`/`*len` at the name of reader `index` from the last `idv_readers_count`
 * (UTF-8, not NUL-terminated).
 *
 * Thread safety: not concurrently with `idv_readers_count` on the same handle.
 *
 * # Safety
 * `readers` is a live readers handle; `name` and `len` are valid pointers. `*name`
 * borrows from `readers`: valid until the next `idv_readers_count` or `idv_readers_free`.
 */
idv_result idv_readers_name(const idv_readers *readers,
                            size_t index,
                            const char **name,
                            size_t *len);

/**
 * Waits up to `timeout_ms` milliseconds for a card in `reader` (NULL and 0 for any
 * reader): `IDV_OK` when one is there, `IDV_ERR_TIMEOUT` when none came.
 *
 * Thread safety: not concurrently with any other call on the same handle.
 *
 * # Safety
 * `readers` is a live readers handle; `reader` is NULL (with `reader_len` 0) or readable
 * for `reader_len` bytes.
 */
idv_result idv_readers_wait_for_card(idv_readers *readers,
                                     const char *reader,
                                     size_t reader_len,
                                     uint32_t timeout_ms);

/**
 * Frees a readers handle. NULL is accepted.
 *
 * Thread safety: not concurrently with any other call on the same handle.
 *
 * # Safety
 * `readers` is NULL or a live readers handle; it must not be used afterwards.
 */
idv_result idv_readers_free(idv_readers *readers);

/**
 * Creates a lowered cancel flag in `*out`.
 *
 * Thread safety: any thread. Ownership: `*out` is the caller's, freed with
 * `idv_cancel_free` (after the read using it has returned).
 *
 * # Safety
 * `out` is a valid pointer to a `idv_cancel *`.
 */
idv_result idv_cancel_new(idv_cancel **out);

/**
 * Raises the flag: a read using it stops before its next APDU with `IDV_ERR_CANCELLED`.
 *
 * Thread safety: any thread, while a read on another thread uses the flag.
 *
 * # Safety
 * `cancel` is a live cancel flag.
 */
idv_result idv_cancel_request(const idv_cancel *cancel);

/**
 * Frees a cancel flag. NULL is accepted.
 *
 * Thread safety: not while a read uses it or another thread raises it.
 *
 * # Safety
 * `cancel` is NULL or a live cancel flag; it must not be used afterwards.
 */
idv_result idv_cancel_free(idv_cancel *cancel);

/**
 * Reads the document in `reader` — access control with the MRZ or CAN (`key_kind` 1 or 2,
 * `key` UTF-8 of `key_len` bytes), EF.COM, EF.SOD, DG14, chip authentication, the other
 * data groups, DG15, active authentication, and Terminal Authentication with the terminal
 * attached to `verifier` (`idv_verifier_set_terminal`; its chain checked at `now_unix`) —
 * and verifies it at `now_unix` (seconds since 1970) with the optically read MRZ when given
 * (NULL and 0 for none). `progress` (may be NULL) is called with `user_data` at every step;
 * `cancel` (may be NULL) is checked at the same points. The report goes to `*out`.
 *
 * Thread safety: a verifier may serve several reads at once; the readers handle not
 * (one read per handle at a time). The callback runs on the calling thread.
 * Ownership: `*out` is the caller's, freed with `idv_report_free`; every string argument
 * is borrowed for the call only; `user_data` is passed through untouched.
 *
 * # Safety
 * `verifier`, `readers` (and `cancel` when not NULL) are live handles of their kinds;
 * string pointers are readable for their lengths; `out` is a valid pointer; `progress`, when
 * not NULL, is safe to call with `user_data`.
 */
idv_result idv_read_and_verify(const idv_verifier *verifier,
                               idv_readers *readers,
                               const char *reader,
                               size_t reader_len,
                               uint32_t key_kind,
                               const char *key,
                               size_t key_len,
                               const char *optical_mrz,
                               size_t optical_mrz_len,
                               int64_t now_unix,
                               idv_progress_fn progress,
                               void *user_data,
                               const idv_cancel *cancel,
                               idv_report **out);

/**
 * Writes the verification record of `report` in `*out`: PDF/A-3b with the report JSON
 * embedded (`report.json`), as `options` say. Answers `IDV_ERR_RECORD` when the PDF cannot
 * be written (e.g. a face image that does not decode), `IDV_ERR_INVALID_ARGUMENT` for an
 * unknown language.
 *
 * Since API 1.3.
 *
 * Thread safety: any thread; the report may be used concurrently. Ownership: `*out` is the
 * caller's, freed with `idv_record_free`; `options` and its strings are borrowed for the
 * call only.
 *
 * # Safety
 * `report` is a live report; `options` points to an `idv_record_options` whose strings are
 * readable for their lengths; `out` is a valid pointer to an `idv_record *`.
 */
idv_result idv_record_write(const idv_report *report,
                            const idv_record_options *options,
                            idv_record **out);

/**
 * Points `*pdf`/`*len` at the record's PDF bytes.
 *
 * Since API 1.3.
 *
 * Thread safety: any thread, not concurrently with `idv_record_seal` on the same record.
 *
 * # Safety
 * `record` is a live record; `pdf` and `len` are valid pointers. `*pdf` borrows from
 * `record`: valid until `idv_record_free`, never freed by the caller.
 */
idv_result idv_record_pdf(const idv_record *record, const uint8_t **pdf, size_t *len);

/**
 * Seals the record: a detached CMS SignedData over the PDF (RFC 5652) with the signing
 * time `signing_time_unix` and the ESS signing-certificate-v2 attribute (CAdES baseline),
 * signed with `key` — the path of a PKCS#8 file (DER or PEM) or an RFC 7512 `pkcs11:` URI —
 * whose certificate (DER or PEM) is `certificate`. RSA keys sign RSASSA-PSS (SHA-256), EC
 * keys ECDSA. Answers `IDV_ERR_SEAL` when the certificate does not parse, the key does not
 * open or is not the certificate's; a second call replaces the seal.
 *
 * Since API 1.3.
 *
 * Thread safety: not concurrently with any other call on the same record.
 *
 * # Safety
 * `record` is a live record; `key` is readable for `key_len` bytes and `certificate` for
 * `certificate_len` bytes (both borrowed for the call only).
 */
idv_result idv_record_seal(idv_record *record,
                           const char *key,
                           size_t key_len,
                           const uint8_t *certificate,
                           size_t certificate_len,
                           int64_t signing_time_unix);

/**
 * Points `*p7s`/`*len` at the record's seal (DER, to be filed beside the PDF as `.p7s`);
 * `IDV_ERR_NOT_FOUND` before `idv_record_seal`.
 *
 * Since API 1.3.
 *
 * Thread safety: any thread, not concurrently with `idv_record_seal` on the same record.
 *
 * # Safety
 * `record` is a live record; `p7s` and `len` are valid pointers. `*p7s` borrows from
 * `record`: valid until `idv_record_free` or the next `idv_record_seal`.
 */
idv_result idv_record_seal_bytes(const idv_record *record, const uint8_t **p7s, size_t *len);

/**
 * Frees a record and everything borrowed from it. NULL is accepted.
 *
 * Since API 1.3.
 *
 * Thread safety: not concurrently with any other call on the same record.
 *
 * # Safety
 * `record` is NULL or a live record; neither it nor pointers into it may be used afterwards.
 */
idv_result idv_record_free(idv_record *record);

/**
 * Writes the verdict.
 *
 * Thread safety: any thread; a report may be read by several threads at once.
 *
 * # Safety
 * `report` is a live report; `out` is a valid `idv_verdict` pointer.
 */
idv_result idv_report_verdict(const idv_report *report, idv_verdict *out);

/**
 * Writes the number of checks.
 *
 * Thread safety: any thread.
 *
 * # Safety
 * `report` is a live report; `out` is a valid `size_t` pointer.
 */
idv_result idv_report_check_count(const idv_report *report, size_t *out);

/**
 * Fills `*out` with check number `index` (0-based); `IDV_ERR_OUT_OF_RANGE` past the end.
 *
 * Thread safety: any thread.
 *
 * # Safety
 * `report` is a live report; `out` is a valid `idv_check` pointer (owned by the caller;
 * the pointers written into it borrow from `report`).
 */
idv_result idv_report_check(const idv_report *report, size_t index, idv_check *out);

/**
 * Points `*json`/`*len` at the report as JSON (schema/report.schema.json), UTF-8, not
 * NUL-terminated.
 *
 * Thread safety: any thread.
 *
 * # Safety
 * `report` is a live report; `json` and `len` are valid pointers. `*json` borrows from
 * `report`: valid until `idv_report_free`, never freed by the caller.
 */
idv_result idv_report_json(const idv_report *report, const char **json, size_t *len);

/**
 * Points `*bytes`/`*len` at the face image file (JPEG, or PNG converted from JPEG 2000);
 * `IDV_ERR_NOT_FOUND` when the document has none (the error detail says why when DG2 was
 * read: e.g. an image refused before decoding for its size).
 *
 * Thread safety: any thread.
 *
 * # Safety
 * `report` is a live report; `bytes` and `len` are valid pointers. `*bytes` borrows from
 * `report`: valid until `idv_report_free`, never freed by the caller.
 */
idv_result idv_report_face_image(const idv_report *report, const uint8_t **bytes, size_t *len);

/**
 * Frees a report and everything borrowed from it. NULL is accepted.
 *
 * Thread safety: not concurrently with any other call on the same report.
 *
 * # Safety
 * `report` is NULL or a live report; neither it nor pointers into it may be used
 * afterwards.
 */
idv_result idv_report_free(idv_report *report);

/**
 * The message of a result code: a static, NUL-terminated English string.
 *
 * Thread safety: any thread, any time. Ownership: the string is static; never free it.
 * Unknown codes get "unknown result code".
 */
const char *idv_error_message(int32_t code);

/**
 * Copies the calling thread's last error detail (set by the last failing `idv_*` call on
 * this thread) into `buf` as UTF-8 without a terminating NUL, and its full length into
 * `*len_out`; at most `buf_len` bytes are written (pass `buf = NULL`, `buf_len = 0` to
 * learn the length).
 *
 * Thread safety: any thread; each thread has its own last error.
 *
 * # Safety
 * `buf` is NULL or writable for `buf_len` bytes (owned by the caller); `len_out` is a
 * valid pointer to a `size_t` (owned by the caller).
 */
idv_result idv_last_error_detail(uint8_t *buf, size_t buf_len, size_t *len_out);

/**
 * The API version as `major << 16 | minor`.
 *
 * Thread safety: any thread, any time.
 */
uint32_t idv_api_version(void);

/**
 * The ABI version ([`IDV_ABI_VERSION`]); compare it with the header's `IDV_ABI_VERSION`.
 *
 * Thread safety: any thread, any time.
 */
uint32_t idv_abi_version(void);

/**
 * Lists the scanners SANE finds now (its configuration: `dll.conf` in `$SANE_CONFIG_DIR`,
 * else `/etc/sane.d`) into `*out`; read them with `idv_scanner_list_json`. Answers
 * `IDV_ERR_SCANNER` when SANE is not installed or a scanner is open in this process.
 *
 * Since API 1.5.
 *
 * Thread safety: any thread, not while a scanner is open. Ownership: `*out` is the
 * caller's, freed with `idv_scanner_list_free`.
 *
 * # Safety
 * `out` is a valid pointer.
 */
idv_result idv_scanner_list_new(idv_scanner_list **out);

/**
 * Points `*json`/`*len` at the list as JSON, UTF-8, not NUL-terminated: an array of
 * `{"name", "vendor", "model", "type"}`, `name` being what `idv_scanner_open` takes.
 *
 * Since API 1.5.
 *
 * # Safety
 * `list` is a live scanner list; `json` and `len` are valid pointers. `*json` borrows from
 * `list` until `idv_scanner_list_free`.
 */
idv_result idv_scanner_list_json(const idv_scanner_list *list, const char **json, size_t *len);

/**
 * Frees a scanner list. NULL is accepted.
 *
 * Since API 1.5.
 *
 * # Safety
 * `list` is NULL or a live scanner list; it must not be used afterwards.
 */
idv_result idv_scanner_list_free(idv_scanner_list *list);

/**
 * Opens the SANE device `device` (UTF-8 of `device_len` bytes, a name from the list, e.g.
 * `test:0` or `epson2:libusb:001:004`) into `*out`. Answers `IDV_ERR_NOT_FOUND` for a
 * device SANE does not have, `IDV_ERR_SCANNER` when SANE is not installed or another
 * scanner is open in this process (SANE allows one session per process).
 *
 * Since API 1.5.
 *
 * Thread safety: any thread; the scanner is then used by one thread at a time. Ownership:
 * `*out` is the caller's, freed with `idv_scanner_free`; `device` is borrowed for the call.
 *
 * # Safety
 * `device` is readable for `device_len` bytes; `out` is a valid pointer.
 */
idv_result idv_scanner_open(const char *device, size_t device_len, idv_scanner **out);

/**
 * Sets the scanner's option `name` from text, as SANE names it (the well-known
 * `resolution`, `mode`, `source`, or any the device lists): a number (comma-separated for
 * arrays), `yes`/`no`, or one of the option's choices (e.g. `Gray`). Answers
 * `IDV_ERR_NOT_FOUND` for an option the device lacks, `IDV_ERR_INVALID_ARGUMENT` for a
 * value the option or the device refuses.
 *
 * Since API 1.5.
 *
 * Thread safety: not concurrently with another call on the same scanner.
 *
 * # Safety
 * `scanner` is a live scanner; `name` and `value` are readable for their lengths.
 */
idv_result idv_scanner_set_option(idv_scanner *scanner,
                                  const char *name,
                                  size_t name_len,
                                  const char *value,
                                  size_t value_len);

/**
 * Scans one page with the scanner's current options and gives it to `document` as a raw
 * image taken under `light` (an `idv_light` value: the light the caller chose, e.g. with
 * the `source` option), page `page` from 1, at the resolution SANE reports. The scan runs
 * for at most two minutes and 256 MiB. Answers `IDV_ERR_CANCELLED` when `cancel` (may be
 * NULL) was raised before or during the scan, `IDV_ERR_TIMEOUT` past the two minutes,
 * `IDV_ERR_SCANNER` with SANE's reason when the device failed (jam, no paper, cover open,
 * an I/O error when it vanished), `IDV_ERR_INVALID_ARGUMENT` for an unknown light, page 0,
 * a page beyond the optical layer's bounds or a 33rd image. Nothing is added on error.
 *
 * Since API 1.5.
 *
 * Thread safety: one scan per scanner at a time, not concurrently with another call on the
 * same document; `cancel` may be raised from any thread.
 *
 * # Safety
 * `scanner` and `document` (and `cancel` when not NULL) are live handles of their kinds.
 */
idv_result idv_scanner_scan(idv_scanner *scanner,
                            idv_document *document,
                            uint32_t light,
                            uint32_t page,
                            const idv_cancel *cancel);

/**
 * Closes a scanner and ends the SANE session it held. NULL is accepted.
 *
 * Since API 1.5.
 *
 * Thread safety: not while a scan on it runs.
 *
 * # Safety
 * `scanner` is NULL or a live scanner; it must not be used afterwards.
 */
idv_result idv_scanner_free(idv_scanner *scanner);

/**
 * Opens the serial MRZ reader at `path` (UTF-8 of `path_len` bytes, e.g. `/dev/ttyUSB0`)
 * at `baud` (0 for 9600), 8N1 without flow control, into `*out`.
 *
 * Thread safety: any thread. Ownership: `*out` is the caller's, freed with
 * `idv_serial_reader_free`; `path` is borrowed for the call only.
 *
 * # Safety
 * `path` is readable for `path_len` bytes; `out` is a valid pointer.
 */
idv_result idv_serial_reader_open(const char *path,
                                  size_t path_len,
                                  uint32_t baud,
                                  idv_serial_reader **out);

/**
 * Waits up to `timeout_ms` for a complete MRZ (TD1, TD2 or TD3) whose check digits all pass
 * (two-digit years placed relative to `now_unix`); noise and other lines are skipped. The
 * lines, separated by `\n`, go to `*mrz` / `*mrz_len` (not NUL-terminated).
 * `IDV_ERR_TIMEOUT` when none came (the detail says whether anything arrived),
 * `IDV_ERR_CANCELLED` when `cancel` (may be NULL) was raised, `IDV_ERR_IO` when the reader
 * went away.
 *
 * Thread safety: one read per reader at a time; `cancel` may be raised from any thread.
 * Ownership: `*mrz` borrows from the reader until its next read or its free.
 *
 * # Safety
 * `reader` (and `cancel` when not NULL) are live handles of their kinds; `mrz` and
 * `mrz_len` are valid pointers.
 */
idv_result idv_serial_reader_read_mrz(idv_serial_reader *reader,
                                      uint32_t timeout_ms,
                                      int64_t now_unix,
                                      const idv_cancel *cancel,
                                      const char **mrz,
                                      size_t *mrz_len);

/**
 * Closes a serial reader. NULL is accepted.
 *
 * Thread safety: not while a read on it runs.
 *
 * # Safety
 * `reader` is NULL or a live serial reader; it must not be used afterwards.
 */
idv_result idv_serial_reader_free(idv_serial_reader *reader);

/**
 * Loads a terminal in `*out`: every `*.cvcert` and `*.cvc` file in the folder `chain_dir`
 * (CVCA, link, DV and terminal certificates; not recursive) and the key `key`, the path of
 * a PKCS#8 file (DER or PEM, unencrypted; it must be the terminal certificate's key) or an
 * RFC 7512 `pkcs11:` URI (token, object or id, module-path, pin-value or pin-source). Both
 * strings are UTF-8 of the given length, no NUL needed. Answers `IDV_ERR_IO` when the folder,
 * a certificate or the key file cannot be read, `IDV_ERR_TERMINAL_DATA` when there is no
 * terminal certificate, a certificate does not parse, or the key does not open or does not
 * fit; `idv_last_error_detail` says which.
 *
 * Since API 1.1.
 *
 * Thread safety: any thread. Ownership: `*out` is the caller's, freed with
 * `idv_terminal_free`; the strings are borrowed for the call only.
 *
 * # Safety
 * `chain_dir` is readable for `chain_dir_len` bytes, `key` for `key_len` bytes; `out` is a
 * valid pointer to a `idv_terminal *`.
 */
idv_result idv_terminal_load(const char *chain_dir,
                             size_t chain_dir_len,
                             const char *key,
                             size_t key_len,
                             idv_terminal **out);

/**
 * Creates a terminal in `*out` from memory: `count` DER-encoded card-verifiable
 * certificates (`certificates[i]` of `certificate_lens[i]` bytes, any order) and the
 * terminal's PKCS#8 private key (DER or PEM, `key_len` bytes), which must be the terminal
 * certificate's key. Answers `IDV_ERR_TERMINAL_DATA` as `idv_terminal_load` does.
 *
 * Since API 1.1.
 *
 * Thread safety: any thread. Ownership: `*out` is the caller's, freed with
 * `idv_terminal_free`; the library keeps its own copy of the certificates and the key (the
 * caller may wipe and free its buffers after the call).
 *
 * # Safety
 * `certificates` and `certificate_lens` are readable for `count` elements, each
 * `certificates[i]` for `certificate_lens[i]` bytes; `key` is readable for `key_len` bytes;
 * `out` is a valid pointer to a `idv_terminal *`.
 */
idv_result idv_terminal_from_bytes(const uint8_t *const *certificates,
                                   const size_t *certificate_lens,
                                   size_t count,
                                   const uint8_t *key,
                                   size_t key_len,
                                   idv_terminal **out);

/**
 * Frees a terminal. NULL is accepted. Verifiers it was attached to keep their own
 * reference to the certificates and the key.
 *
 * Since API 1.1.
 *
 * Thread safety: not concurrently with any other call on the same terminal.
 *
 * # Safety
 * `terminal` is NULL or a live terminal; it must not be used afterwards.
 */
idv_result idv_terminal_free(idv_terminal *terminal);

/**
 * Attaches `terminal` to `verifier` (NULL detaches): every later `idv_read_and_verify` with
 * this verifier runs Terminal Authentication with it — version 2 after PACE (German ID
 * card, residence permit: the data groups and the eID application its rights open),
 * version 1 after BAC and chip authentication (a passport's DG3/DG4) — checking the chain
 * at that read's `now_unix`. The report then has `chip.terminal_authentication` and, when
 * the eID application was read, `chip.eid_application`.
 *
 * Since API 1.1.
 *
 * Thread safety: not concurrently with any other call on `verifier` (including reads);
 * concurrently with read-only use of `terminal`. Ownership: the verifier keeps its own
 * reference to the certificates and the key; `terminal` stays the caller's and may be
 * freed at once.
 *
 * # Safety
 * `verifier` is a live verifier; `terminal` is NULL or a live terminal.
 */
idv_result idv_verifier_set_terminal(idv_verifier *verifier, const idv_terminal *terminal);

/**
 * Creates an empty trust store in `*out`.
 *
 * Thread safety: any thread. Ownership: `*out` is owned by the caller and must be freed
 * with `idv_trust_store_free`.
 *
 * # Safety
 * `out` is a valid pointer to a `idv_trust_store *` (owned by the caller).
 */
idv_result idv_trust_store_new(idv_trust_store **out);

/**
 * Configures a master-list root: a DER or PEM certificate (PEM may hold several). A CSCA
 * master list is trusted only when its signer certificate was issued by such a root, carries
 * the master-list signer extended key usage (ICAO 9303-12 §7.1.1) and names the root's
 * country; the CSCAs in the store never vouch for master lists. The root is not added as a
 * CSCA. Answers `IDV_ERR_TRUST_DATA` when `der` is no certificate. (API 1.2)
 *
 * Thread safety: not concurrently with any other call on the same store.
 *
 * # Safety
 * `store` is a live trust store; `der` is readable for `len` bytes (borrowed for the call
 * only, owned by the caller).
 */
idv_result idv_trust_store_add_master_list_root(idv_trust_store *store,
                                                const uint8_t *der,
                                                size_t len);

/**
 * Adds trust data recognised by content: a DER or PEM CSCA certificate, a CRL, or a CSCA
 * master list that verifies through a master-list root configured before
 * (`idv_trust_store_add_master_list_root`) at `now_unix` (seconds since 1970). Answers
 * `IDV_ERR_NO_MASTER_LIST_ROOT` for a master list while no root is configured, and
 * `IDV_ERR_TRUST_DATA` for anything else that does not load (a delta CRL, a master list
 * whose signer does not qualify).
 *
 * Thread safety: not concurrently with any other call on the same store.
 *
 * # Safety
 * `store` is a live trust store; `bytes` is readable for `len` bytes (borrowed for the
 * call only, owned by the caller).
 */
idv_result idv_trust_store_add_bytes(idv_trust_store *store,
                                     const uint8_t *bytes,
                                     size_t len,
                                     int64_t now_unix);

/**
 * Adds a file, or every file of a folder (not recursive): certificates and CRLs first,
 * then master lists (verified through the configured master-list roots, answering
 * `IDV_ERR_NO_MASTER_LIST_ROOT` when there is none). `path` is UTF-8 of `path_len` bytes,
 * no NUL needed.
 *
 * Thread safety: not concurrently with any other call on the same store.
 *
 * # Safety
 * `store` is a live trust store; `path` is readable for `path_len` bytes (borrowed for the
 * call only).
 */
idv_result idv_trust_store_add_path(idv_trust_store *store,
                                    const char *path,
                                    size_t path_len,
                                    int64_t now_unix);

/**
 * Creates in `*out` a trust store loaded from a trust snapshot folder (`verify trust build`,
 * `verify trust update`): the snapshot in use (`DIR/current`) is loaded, its store checked
 * against the manifest's SHA-256, length and counts. Answers `IDV_ERR_TRUST_DATA` for a
 * snapshot that does not match its manifest (changed or truncated after the build) and
 * `IDV_ERR_IO` when it cannot be read. `path` is UTF-8 of `path_len` bytes, no NUL needed.
 * (API 1.3)
 *
 * Thread safety: any thread. Ownership: `*out` is owned by the caller and must be freed with
 * `idv_trust_store_free`.
 *
 * # Safety
 * `path` is readable for `path_len` bytes (borrowed for the call only); `out` is a valid
 * pointer to a `idv_trust_store *`.
 */
idv_result idv_trust_store_load_snapshot(const char *path, size_t path_len, idv_trust_store **out);

/**
 * Points `*json`/`*len` at the store's status as JSON, UTF-8, not NUL-terminated: when the
 * snapshot was built and from which sources (with the newest date of issue of each), the
 * countries covered by a CSCA, CSCAs ending within `within_days` days of `now_unix`, and CRLs
 * whose nextUpdate has passed (revocation by them unknown). (API 1.3)
 *
 * Thread safety: not concurrently with any other call on the same store.
 *
 * # Safety
 * `store` is a live trust store; `json` and `len` are valid pointers. `*json` borrows from
 * `store`: valid until the next `idv_trust_store_status_json` on it or `idv_trust_store_free`.
 */
idv_result idv_trust_store_status_json(idv_trust_store *store,
                                       int64_t now_unix,
                                       uint32_t within_days,
                                       const char **json,
                                       size_t *len);

/**
 * Writes how many CSCA certificates and CRLs the store holds.
 *
 * Thread safety: any thread, concurrently with other read-only calls on the store.
 *
 * # Safety
 * `store` is a live trust store; `cscas` and `crls` are valid `size_t` pointers.
 */
idv_result idv_trust_store_count(const idv_trust_store *store, size_t *cscas, size_t *crls);

/**
 * Frees a trust store. NULL is accepted. Verifiers made from it keep their own copy.
 *
 * Thread safety: not concurrently with any other call on the same store.
 *
 * # Safety
 * `store` is NULL or a live trust store; it must not be used afterwards.
 */
idv_result idv_trust_store_free(idv_trust_store *store);

/**
 * Creates a verifier in `*out` with a copy of `store` (which stays the caller's).
 *
 * Thread safety: any thread; concurrently with other read-only calls on `store`.
 * Ownership: `*out` is owned by the caller, freed with `idv_verifier_free`.
 *
 * # Safety
 * `store` is a live trust store; `out` is a valid pointer to a `idv_verifier *`.
 */
idv_result idv_verifier_new(const idv_trust_store *store, idv_verifier **out);

/**
 * Frees a verifier. NULL is accepted.
 *
 * Thread safety: not concurrently with any other call on the same verifier.
 *
 * # Safety
 * `verifier` is NULL or a live verifier; it must not be used afterwards.
 */
idv_result idv_verifier_free(idv_verifier *verifier);

/**
 * Verifies a document offline from a folder of its files as dumped by a reader
 * (`EF.COM.bin`, `EF.SOD.bin`, `DG1.bin` … `DG16.bin`; missing ones are skipped), with the
 * optically read MRZ when given (`optical_mrz` NULL and `optical_mrz_len` 0 for none), at
 * `now_unix` (seconds since 1970). The report goes to `*out`. Answers `IDV_ERR_IO` when
 * `dir` is not a folder, or a file there is not a regular file (a FIFO, a device: refused
 * without reading), is longer than 16 MiB (the longest file a chip read accepts) or cannot
 * be read.
 *
 * A verification from files has not seen the chip: `chip.chip_authentication` and
 * `chip.active_authentication` are `not_checked` (see `idv_document_set_chip_authentication`).
 *
 * Thread safety: any thread; a verifier may be used by several threads at once.
 * Ownership: `*out` is owned by the caller, freed with `idv_report_free`.
 *
 * # Safety
 * `verifier` is a live verifier; `dir` is readable for `dir_len` bytes and `optical_mrz`
 * for `optical_mrz_len` bytes (both borrowed for the call); `out` is a valid pointer.
 */
idv_result idv_verify_files(const idv_verifier *verifier,
                            const char *dir,
                            size_t dir_len,
                            const char *optical_mrz,
                            size_t optical_mrz_len,
                            int64_t now_unix,
                            idv_report **out);

/**
 * Replaces the verifier's configuration with the JSON document `json` (UTF-8, `json_len`
 * bytes, no NUL needed; format in `schema/verifier-config.schema.json`). What the document
 * leaves out takes the C ABI's defaults: the library's defaults with the face image
 * exported (`"face_export": "none"` turns it off). The trust store and an attached terminal
 * stay. Answers `IDV_ERR_INVALID_ARGUMENT` when the document is longer than 16 MiB, is not
 * JSON, or has an unknown key, rule id or severity, a wrong type or a number out of range,
 * or weakens a signed-data check without `"allow_weakening_signed_data_checks": true`; the
 * detail (`idv_last_error_detail`) names the JSON path, e.g.
 * `optical.pitch_mm: minimum 2.9 above maximum 2.78`. A refused document leaves the
 * configuration as it was. (API 1.5)
 *
 * Thread safety: not concurrently with any other call on the same verifier.
 *
 * # Safety
 * `verifier` is a live verifier; `json` is readable for `json_len` bytes (borrowed for the
 * call only).
 */
idv_result idv_verifier_configure_json(idv_verifier *verifier, const char *json, size_t json_len);

/**
 * Points `*json`/`*len` at the verifier's effective configuration as a JSON document
 * (UTF-8, not NUL-terminated, every field and every rule; it reads back through
 * `idv_verifier_configure_json` to the same configuration). (API 1.5)
 *
 * Thread safety: any thread; not concurrently with `idv_verifier_configure_json` on the
 * same verifier.
 *
 * # Safety
 * `verifier` is a live verifier; `json` and `len` are valid pointers. `*json` borrows from
 * `verifier`: valid until the next `idv_verifier_configure_json` on it or
 * `idv_verifier_free`.
 */
idv_result idv_verifier_config_json(const idv_verifier *verifier, const char **json, size_t *len);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* IDVERIFY_H */
