/*
 * Lengths no buffer can have, misaligned arrays, a FIFO in a dump folder, and the chip
 * protocols a desk's own reader ran, stated on a document held in memory: each bad argument
 * is answered with its documented code (and the program is not aborted), and each stated
 * outcome shows in the report's chip.chip_authentication and chip.active_authentication.
 *
 * usage: stated_protocols TRUST_FILE DUMP_DIR FIFO_DIR NOW_UNIX
 *        (FIFO_DIR holds DG1.bin, a FIFO nobody writes to)
 * prints: "stated N: check ID STATUS" lines (STATUS: the idv_check_status number) and
 *         "verdict N: V" per stated outcome N (0 for none)
 * exit:  0 when every answer was the documented one, 1 otherwise
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "idverify.h"

/* Verifies `doc` and prints the two protocol checks and the verdict under `label`. */
static void show(const idv_verifier *verifier, const idv_document *doc, int64_t now,
                 unsigned label) {
  idv_report *report = NULL;
  EXPECT(idv_verify_document(verifier, doc, now, &report), IDV_OK);
  if (report == NULL) return;
  size_t count = 0;
  EXPECT(idv_report_check_count(report, &count), IDV_OK);
  for (size_t i = 0; i < count; i++) {
    idv_check c;
    if (idv_report_check(report, i, &c) != IDV_OK) { failures++; continue; }
    if ((c.id_len == 24 && memcmp(c.id, "chip.chip_authentication", 24) == 0) ||
        (c.id_len == 26 && memcmp(c.id, "chip.active_authentication", 26) == 0))
      printf("stated %u: check %.*s %d\n", label, (int)c.id_len, c.id, (int)c.status);
  }
  idv_verdict verdict = IDV_VERDICT_FAILED;
  EXPECT(idv_report_verdict(report, &verdict), IDV_OK);
  printf("verdict %u: %d\n", label, (int)verdict);
  EXPECT(idv_report_free(report), IDV_OK);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s TRUST_FILE DUMP_DIR FIFO_DIR NOW_UNIX\n", argv[0]);
    return 1;
  }
  const char *trust = argv[1], *dir = argv[2], *fifo_dir = argv[3];
  int64_t now = strtoll(argv[4], NULL, 10);
  const uint8_t junk[] = {1, 2, 3, 4, 5};
  const size_t huge[] = {SIZE_MAX, (SIZE_MAX >> 1) + 1};

  idv_trust_store *store = NULL;
  idv_verifier *verifier = NULL;
  idv_document *doc = NULL;
  idv_report *report = NULL;
  EXPECT(idv_trust_store_new(&store), IDV_OK);
  EXPECT(idv_trust_store_add_path(store, trust, strlen(trust), now), IDV_OK);
  EXPECT(idv_verifier_new(store, &verifier), IDV_OK);
  EXPECT(idv_document_new(&doc), IDV_OK);

  /* Lengths above PTRDIFF_MAX: refused before the bytes are touched. */
  for (size_t i = 0; i < 2; i++) {
    EXPECT(idv_trust_store_add_bytes(store, junk, huge[i], now), IDV_ERR_INVALID_ARGUMENT);
    expect_detail(__LINE__, "bytes: length");
    EXPECT(idv_document_add_file(doc, IDV_FILE_DG1, junk, huge[i]), IDV_ERR_INVALID_ARGUMENT);
    EXPECT(idv_document_set_optical_mrz(doc, (const char *)junk, huge[i]),
           IDV_ERR_INVALID_ARGUMENT);
    expect_detail(__LINE__, "mrz: length");
    EXPECT(idv_verify_files(verifier, dir, huge[i], NULL, 0, now, &report),
           IDV_ERR_INVALID_ARGUMENT);
    EXPECT(idv_document_set_chip_authentication(doc, IDV_PROTOCOL_PASSED, "x", huge[i]),
           IDV_ERR_INVALID_ARGUMENT);
    expect_detail(__LINE__, "detail: length");
  }
  /* Arrays of pointers and lengths: a count whose size is too large, a misaligned array of
   * lengths, one certificate with a huge length. */
  const uint8_t *certs[1] = {junk};
  size_t lens_storage[2] = {sizeof junk, sizeof junk};
  const size_t *misaligned = (const size_t *)(const void *)((const char *)lens_storage + 1);
  const size_t huge_len[1] = {SIZE_MAX};
  idv_terminal *terminal = NULL;
  EXPECT(idv_terminal_from_bytes(certs, lens_storage, SIZE_MAX / sizeof(size_t), junk,
                                 sizeof junk, &terminal),
         IDV_ERR_INVALID_ARGUMENT);
  expect_detail(__LINE__, "certificates: length");
  EXPECT(idv_terminal_from_bytes(certs, misaligned, 1, junk, sizeof junk, &terminal),
         IDV_ERR_INVALID_ARGUMENT);
  expect_detail(__LINE__, "certificate_lens is misaligned");
  EXPECT(idv_terminal_from_bytes(certs, huge_len, 1, junk, sizeof junk, &terminal),
         IDV_ERR_INVALID_ARGUMENT);
  expect_detail(__LINE__, "certificates[0]: length");
  if (terminal != NULL) { fprintf(stderr, "a refused terminal was written\n"); failures++; }

  /* A FIFO in a dump folder: refused, not waited on. */
  EXPECT(idv_verify_files(verifier, fifo_dir, strlen(fifo_dir), NULL, 0, now, &report),
         IDV_ERR_IO);
  if (report != NULL) { fprintf(stderr, "a refused folder gave a report\n"); failures++; }

  /* The dumped document from memory: every data group EF.SOD lists (passive
   * authentication needs them all). */
  static const struct { const char *name; uint32_t file; } files[] = {
      {"EF.COM", IDV_FILE_COM}, {"EF.SOD", IDV_FILE_SOD}, {"DG1", IDV_FILE_DG1},
      {"DG2", IDV_FILE_DG2},    {"DG3", IDV_FILE_DG3},    {"DG4", IDV_FILE_DG4},
      {"DG5", IDV_FILE_DG5},    {"DG7", IDV_FILE_DG7},    {"DG11", IDV_FILE_DG11},
      {"DG12", IDV_FILE_DG12},  {"DG13", IDV_FILE_DG13},  {"DG14", IDV_FILE_DG14},
      {"DG15", IDV_FILE_DG15},  {"DG16", IDV_FILE_DG16},
  };
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s.bin", dir, files[i].name) >= (int)sizeof path) continue;
    FILE *f = fopen(path, "rb");
    if (f == NULL) continue;
    static uint8_t buf[1 << 20];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    EXPECT(idv_document_add_file(doc, files[i].file, buf, len), IDV_OK);
  }
  show(verifier, doc, now, 0);

  /* Stated outcomes, each replacing the one before; unknown values refused. */
  const idv_protocol_outcome outcomes[] = {IDV_PROTOCOL_PASSED, IDV_PROTOCOL_FAILED,
                                           IDV_PROTOCOL_UNSUPPORTED};
  for (size_t i = 0; i < 3; i++) {
    const char *detail = "the desk reader's CA and AA";
    EXPECT(idv_document_set_chip_authentication(doc, (uint32_t)outcomes[i], detail,
                                                strlen(detail)),
           IDV_OK);
    EXPECT(idv_document_set_active_authentication(doc, (uint32_t)outcomes[i], NULL, 0), IDV_OK);
    show(verifier, doc, now, (unsigned)outcomes[i]);
  }
  EXPECT(idv_document_set_chip_authentication(doc, 0, NULL, 0), IDV_ERR_INVALID_ARGUMENT);
  expect_detail(__LINE__, "outcome: 0 is no idv_protocol_outcome value");
  EXPECT(idv_document_set_active_authentication(doc, 4, NULL, 0), IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_document_set_active_authentication(doc, IDV_PROTOCOL_PASSED, NULL, 3),
         IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_document_set_chip_authentication(NULL, IDV_PROTOCOL_PASSED, NULL, 0),
         IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_document_set_chip_authentication((idv_document *)verifier, IDV_PROTOCOL_PASSED,
                                              NULL, 0),
         IDV_ERR_WRONG_HANDLE_KIND);

  EXPECT(idv_document_free(doc), IDV_OK);
  EXPECT(idv_verifier_free(verifier), IDV_OK);
  EXPECT(idv_trust_store_free(store), IDV_OK);
  printf("%d unexpected answers\n", failures);
  return failures == 0 ? 0 : 1;
}
