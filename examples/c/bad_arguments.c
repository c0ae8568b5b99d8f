/*
 * Drives the idverify C ABI with bad arguments — NULL pointers, handles of the wrong kind,
 * a freed handle, invalid UTF-8, zero lengths, indexes past the end, terminal folders and
 * keys that do not load — and checks that each is answered with its documented code; also
 * verifies a dumped document offline, from its folder and from memory.
 *
 * usage: bad_arguments TRUST_FILE DUMP_DIR NOW_UNIX TERMINAL_DIR
 *        (TERMINAL_DIR holds the terminal's *.cvcert files and its key terminal.pk8)
 * exit:  0 when every answer was the documented one, 1 otherwise
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "idverify.h"

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s TRUST_FILE DUMP_DIR NOW_UNIX TERMINAL_DIR\n", argv[0]);
    return 1;
  }
  const char *trust = argv[1], *dir = argv[2], *tdir = argv[4];
  char tkey[4096];
  if (snprintf(tkey, sizeof tkey, "%s/terminal.pk8", tdir) >= (int)sizeof tkey) return 1;
  int64_t now = strtoll(argv[3], NULL, 10);
  const char bad_utf8[] = {'\xff', '\xfe', 'x'};
  const uint8_t junk[] = {1, 2, 3, 4, 5};
  size_t n = 0, m = 0;

  /* Messages: every code has one; unknown codes too. */
  for (int c = 0; c <= 16; c++)
    if (idv_error_message(c) == NULL || strlen(idv_error_message(c)) == 0) failures++;
  if (strcmp(idv_error_message(999), "unknown result code") != 0) failures++;

  /* NULL output pointers and arguments. */
  EXPECT(idv_trust_store_new(NULL), IDV_ERR_NULL_ARGUMENT);
  idv_trust_store *store = NULL;
  EXPECT(idv_trust_store_new(&store), IDV_OK);
  EXPECT(idv_trust_store_add_bytes(NULL, junk, sizeof junk, now), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_trust_store_add_bytes(store, NULL, 5, now), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_trust_store_add_bytes(store, junk, 0, now), IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_trust_store_add_bytes(store, junk, sizeof junk, now), IDV_ERR_TRUST_DATA);
  EXPECT(idv_trust_store_add_path(store, bad_utf8, sizeof bad_utf8, now), IDV_ERR_INVALID_UTF8);
  EXPECT(idv_trust_store_add_path(store, trust, 0, now), IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_trust_store_add_path(store, "/nonexistent/x", 14, now), IDV_ERR_IO);
  EXPECT(idv_trust_store_add_path(store, trust, strlen(trust), now), IDV_OK);
  EXPECT(idv_trust_store_count(store, NULL, &m), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_trust_store_count(store, &n, &m), IDV_OK);
  if (n != 1) { fprintf(stderr, "expected 1 CSCA, got %zu\n", n); failures++; }

  /* The detail of the last failure is kept per thread. */
  size_t detail_len = 0;
  EXPECT(idv_trust_store_add_bytes(store, junk, sizeof junk, now), IDV_ERR_TRUST_DATA);
  EXPECT(idv_last_error_detail(NULL, 0, &detail_len), IDV_OK);
  if (detail_len == 0) { fprintf(stderr, "no error detail\n"); failures++; }
  EXPECT(idv_last_error_detail(NULL, 0, NULL), IDV_ERR_NULL_ARGUMENT);

  idv_verifier *verifier = NULL;
  EXPECT(idv_verifier_new(NULL, &verifier), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_verifier_new(store, NULL), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_verifier_new(store, &verifier), IDV_OK);

  /* Handles of the wrong kind. */
  EXPECT(idv_trust_store_count((const idv_trust_store *)verifier, &n, &m),
         IDV_ERR_WRONG_HANDLE_KIND);
  EXPECT(idv_verifier_new((const idv_trust_store *)verifier, &verifier),
         IDV_ERR_WRONG_HANDLE_KIND);
  idv_verdict verdict;
  EXPECT(idv_report_verdict((const idv_report *)store, &verdict), IDV_ERR_WRONG_HANDLE_KIND);
  EXPECT(idv_readers_count((idv_readers *)store, &n), IDV_ERR_WRONG_HANDLE_KIND);
  EXPECT(idv_cancel_request((const idv_cancel *)verifier), IDV_ERR_WRONG_HANDLE_KIND);
  EXPECT(idv_verifier_free((idv_verifier *)store), IDV_ERR_WRONG_HANDLE_KIND);
  idv_report *report = NULL;
  EXPECT(idv_read_and_verify(verifier, (idv_readers *)verifier, "r", 1, IDV_KEY_CAN, "1", 1,
                             NULL, 0, now, NULL, NULL, NULL, &report),
         IDV_ERR_WRONG_HANDLE_KIND);

  /* A pointer that never was a handle, and a freed handle (not dereferenced). */
  int not_a_handle = 0;
  EXPECT(idv_trust_store_count((const idv_trust_store *)&not_a_handle, &n, &m),
         IDV_ERR_INVALID_HANDLE);
  idv_trust_store *freed = NULL;
  EXPECT(idv_trust_store_new(&freed), IDV_OK);
  EXPECT(idv_trust_store_free(freed), IDV_OK);
  EXPECT(idv_trust_store_count(freed, &n, &m), IDV_ERR_INVALID_HANDLE);
  EXPECT(idv_trust_store_free(freed), IDV_ERR_INVALID_HANDLE);
  EXPECT(idv_trust_store_free(NULL), IDV_OK);

  /* The cancel flag. */
  idv_cancel *cancel = NULL;
  EXPECT(idv_cancel_new(&cancel), IDV_OK);
  EXPECT(idv_cancel_request(cancel), IDV_OK);
  EXPECT(idv_cancel_request(NULL), IDV_ERR_NULL_ARGUMENT);

  /* Offline verification: strings with zero length or invalid UTF-8. */
  EXPECT(idv_verify_files(verifier, dir, 0, NULL, 0, now, &report), IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_verify_files(verifier, NULL, 3, NULL, 0, now, &report), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_verify_files(verifier, dir, strlen(dir), bad_utf8, sizeof bad_utf8, now, &report),
         IDV_ERR_INVALID_UTF8);
  EXPECT(idv_verify_files(verifier, dir, strlen(dir), NULL, 0, now, NULL),
         IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_verify_files(verifier, "/nonexistent", 12, NULL, 0, now, &report), IDV_ERR_IO);
  EXPECT(idv_verify_files(verifier, dir, strlen(dir), NULL, 0, now, &report), IDV_OK);

  /* Report fields and their bad arguments. */
  size_t checks = 0;
  EXPECT(idv_report_verdict(report, &verdict), IDV_OK);
  EXPECT(idv_report_verdict(report, NULL), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_report_check_count(report, &checks), IDV_OK);
  idv_check c;
  EXPECT(idv_report_check(report, 0, &c), IDV_OK);
  EXPECT(idv_report_check(report, checks, &c), IDV_ERR_OUT_OF_RANGE);
  EXPECT(idv_report_check(report, 0, NULL), IDV_ERR_NULL_ARGUMENT);
  const uint8_t *face = NULL;
  size_t face_len = 0;
  EXPECT(idv_report_face_image(report, &face, &face_len), IDV_OK);
  const char *json = NULL;
  size_t json_len = 0;
  EXPECT(idv_report_json(report, &json, &json_len), IDV_OK);
  EXPECT(idv_report_json(report, NULL, &json_len), IDV_ERR_NULL_ARGUMENT);
  printf("offline: verdict %d, %zu checks, face %zu bytes, JSON %zu bytes\n", (int)verdict,
         checks, face_len, json_len);
  if (checks == 0 || face_len < 100 || json_len < 100 || json[0] != '{') failures++;

  EXPECT(idv_report_free(report), IDV_OK);
  EXPECT(idv_report_free(report), IDV_ERR_INVALID_HANDLE);

  /* The same document from memory: every file of the folder added to an idv_document. */
  idv_document *doc = NULL;
  EXPECT(idv_document_new(NULL), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_document_new(&doc), IDV_OK);
  static const struct { const char *name; uint32_t file; } files[] = {
      {"EF.CardAccess", IDV_FILE_CARD_ACCESS}, {"EF.CardSecurity", IDV_FILE_CARD_SECURITY},
      {"EF.COM", IDV_FILE_COM},   {"EF.SOD", IDV_FILE_SOD},   {"DG1", IDV_FILE_DG1},
      {"DG2", IDV_FILE_DG2},      {"DG3", IDV_FILE_DG3},      {"DG4", IDV_FILE_DG4},
      {"DG5", IDV_FILE_DG5},      {"DG7", IDV_FILE_DG7},      {"DG11", IDV_FILE_DG11},
      {"DG12", IDV_FILE_DG12},    {"DG13", IDV_FILE_DG13},    {"DG14", IDV_FILE_DG14},
      {"DG15", IDV_FILE_DG15},    {"DG16", IDV_FILE_DG16},
  };
  size_t added = 0;
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s.bin", dir, files[i].name) >= (int)sizeof path) continue;
    FILE *f = fopen(path, "rb");
    if (f == NULL) continue;
    static uint8_t buf[1 << 20];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    EXPECT(idv_document_add_file(doc, files[i].file, buf, len), IDV_OK);
    added++;
  }
  EXPECT(idv_document_add_file(NULL, IDV_FILE_DG1, junk, sizeof junk), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_document_add_file(doc, 999, junk, sizeof junk), IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_document_add_file(doc, 100, junk, sizeof junk), IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_document_add_file(doc, IDV_FILE_DG3, NULL, 4), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_document_add_file(doc, IDV_FILE_DG3, junk, 0), IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_document_add_file((idv_document *)verifier, IDV_FILE_DG1, junk, sizeof junk),
         IDV_ERR_WRONG_HANDLE_KIND);
  EXPECT(idv_document_set_optical_mrz(doc, bad_utf8, sizeof bad_utf8), IDV_ERR_INVALID_UTF8);
  EXPECT(idv_document_set_optical_mrz(doc, NULL, 0), IDV_OK);
  EXPECT(idv_verify_document(verifier, doc, now, NULL), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_verify_document(verifier, (const idv_document *)verifier, now, &report),
         IDV_ERR_WRONG_HANDLE_KIND);
  EXPECT(idv_verify_document(verifier, doc, now, &report), IDV_OK);
  idv_verdict from_memory = IDV_VERDICT_FAILED;
  EXPECT(idv_report_verdict(report, &from_memory), IDV_OK);
  printf("from memory: %zu files, verdict %d (folder: %d)\n", added, (int)from_memory,
         (int)verdict);
  if (added < 8 || from_memory != verdict) failures++;
  EXPECT(idv_report_free(report), IDV_OK);
  /* A changed DG1 no longer matches EF.SOD's hash. */
  const uint8_t forged_dg1[] = {0x61, 0x03, 0x5F, 0x1F, 0x00};
  EXPECT(idv_document_add_file(doc, IDV_FILE_DG1, forged_dg1, sizeof forged_dg1), IDV_OK);
  EXPECT(idv_verify_document(verifier, doc, now, &report), IDV_OK);
  EXPECT(idv_report_verdict(report, &from_memory), IDV_OK);
  if (from_memory != IDV_VERDICT_FAILED) {
    fprintf(stderr, "a forged DG1 gave verdict %d\n", (int)from_memory);
    failures++;
  }
  EXPECT(idv_report_free(report), IDV_OK);
  EXPECT(idv_document_free(doc), IDV_OK);
  EXPECT(idv_document_free(doc), IDV_ERR_INVALID_HANDLE);
  EXPECT(idv_document_free(NULL), IDV_OK);

  /* Terminals: NULL, zero lengths, invalid UTF-8, folders and keys that do not load. */
  idv_terminal *terminal = NULL;
  const size_t tdir_len = strlen(tdir), tkey_len = strlen(tkey);
  EXPECT(idv_terminal_load(NULL, 3, tkey, tkey_len, &terminal), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_terminal_load(tdir, tdir_len, NULL, 3, &terminal), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_terminal_load(tdir, tdir_len, tkey, tkey_len, NULL), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_terminal_load(tdir, 0, tkey, tkey_len, &terminal), IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_terminal_load(bad_utf8, sizeof bad_utf8, tkey, tkey_len, &terminal),
         IDV_ERR_INVALID_UTF8);
  EXPECT(idv_terminal_load("/nonexistent", 12, tkey, tkey_len, &terminal), IDV_ERR_IO);
  /* The dump folder has no certificate at all. */
  EXPECT(idv_terminal_load(dir, strlen(dir), tkey, tkey_len, &terminal), IDV_ERR_TERMINAL_DATA);
  /* A CSCA certificate is no PKCS#8 key; a key file that is not there. */
  EXPECT(idv_terminal_load(tdir, tdir_len, trust, strlen(trust), &terminal),
         IDV_ERR_TERMINAL_DATA);
  EXPECT(idv_terminal_load(tdir, tdir_len, "/nonexistent.pk8", 16, &terminal), IDV_ERR_IO);
  if (terminal != NULL) { fprintf(stderr, "a failed load wrote a handle\n"); failures++; }
  EXPECT(idv_last_error_detail(NULL, 0, &detail_len), IDV_OK);
  if (detail_len == 0) { fprintf(stderr, "no error detail for the terminal\n"); failures++; }

  const uint8_t *certs[2] = {junk, NULL};
  const size_t cert_lens[2] = {sizeof junk, 3};
  EXPECT(idv_terminal_from_bytes(NULL, cert_lens, 1, junk, sizeof junk, &terminal),
         IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_terminal_from_bytes(certs, NULL, 1, junk, sizeof junk, &terminal),
         IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_terminal_from_bytes(certs, cert_lens, 0, junk, sizeof junk, &terminal),
         IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_terminal_from_bytes(certs, cert_lens, 2, junk, sizeof junk, &terminal),
         IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_terminal_from_bytes(certs, cert_lens, 1, NULL, 4, &terminal),
         IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_terminal_from_bytes(certs, cert_lens, 1, junk, sizeof junk, NULL),
         IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_terminal_from_bytes(certs, cert_lens, 1, junk, sizeof junk, &terminal),
         IDV_ERR_TERMINAL_DATA);

  /* A good terminal, attached, detached, and handles of the wrong kind. */
  EXPECT(idv_terminal_load(tdir, tdir_len, tkey, tkey_len, &terminal), IDV_OK);
  EXPECT(idv_verifier_set_terminal(NULL, terminal), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_verifier_set_terminal(verifier, (const idv_terminal *)store),
         IDV_ERR_WRONG_HANDLE_KIND);
  EXPECT(idv_verifier_set_terminal((idv_verifier *)terminal, terminal),
         IDV_ERR_WRONG_HANDLE_KIND);
  EXPECT(idv_terminal_free((idv_terminal *)verifier), IDV_ERR_WRONG_HANDLE_KIND);
  EXPECT(idv_verifier_set_terminal(verifier, terminal), IDV_OK);
  EXPECT(idv_verifier_set_terminal(verifier, NULL), IDV_OK);
  EXPECT(idv_verifier_set_terminal(verifier, terminal), IDV_OK);
  EXPECT(idv_terminal_free(terminal), IDV_OK);
  EXPECT(idv_terminal_free(terminal), IDV_ERR_INVALID_HANDLE);
  EXPECT(idv_verifier_set_terminal(verifier, terminal), IDV_ERR_INVALID_HANDLE);
  EXPECT(idv_terminal_free(NULL), IDV_OK);
  /* The attached terminal outlives its handle and goes with the verifier (valgrind: no
   * leak). */
  EXPECT(idv_cancel_free(cancel), IDV_OK);
  EXPECT(idv_verifier_free(verifier), IDV_OK);
  EXPECT(idv_trust_store_free(store), IDV_OK);
  printf("%d unexpected answers\n", failures);
  return failures == 0 ? 0 : 1;
}
