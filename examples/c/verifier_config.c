/*
 * Configures a verifier with a JSON document through the idverify C ABI (API 1.5): the same
 * dumped document that verifies genuine with the defaults fails doc.blocked once its number
 * is on the configured blocked-documents list. Prints the effective configuration's length,
 * reads it back, and checks the documented answer to each bad argument and bad document.
 *
 * usage: verifier_config TRUST_FILE DUMP_DIR ISSUER NUMBER NOW_UNIX
 * prints: "STEP: verdict V, doc.blocked S" (V: idv_verdict, S: idv_check_status or -1
 *         when the check is absent) for the steps "defaults", "blocked", "refused",
 *         "read back"
 * exit:  0 when every answer was the documented one, 1 otherwise
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "idverify.h"

/* Verifies `doc` and prints the verdict and doc.blocked's status under `step`. */
static void show(const idv_verifier *verifier, const idv_document *doc, int64_t now,
                 const char *step) {
  idv_report *report = NULL;
  EXPECT(idv_verify_document(verifier, doc, now, &report), IDV_OK);
  if (report == NULL) return;
  size_t count = 0;
  int blocked = -1;
  EXPECT(idv_report_check_count(report, &count), IDV_OK);
  for (size_t i = 0; i < count; i++) {
    idv_check c;
    if (idv_report_check(report, i, &c) != IDV_OK) { failures++; continue; }
    if (c.id_len == 11 && memcmp(c.id, "doc.blocked", 11) == 0) blocked = (int)c.status;
  }
  idv_verdict verdict = IDV_VERDICT_FAILED;
  EXPECT(idv_report_verdict(report, &verdict), IDV_OK);
  printf("%s: verdict %d, doc.blocked %d\n", step, (int)verdict, blocked);
  EXPECT(idv_report_free(report), IDV_OK);
}

/* Adds the dump's files (`DIR/NAME.bin`) to `doc`; missing ones are skipped. */
static void add_dump(idv_document *doc, const char *dir) {
  static const struct { const char *name; uint32_t file; } files[] = {
      {"EF.COM", IDV_FILE_COM}, {"EF.SOD", IDV_FILE_SOD}, {"DG1", IDV_FILE_DG1},
      {"DG2", IDV_FILE_DG2},    {"DG3", IDV_FILE_DG3},    {"DG4", IDV_FILE_DG4},
      {"DG5", IDV_FILE_DG5},    {"DG7", IDV_FILE_DG7},    {"DG11", IDV_FILE_DG11},
      {"DG12", IDV_FILE_DG12},  {"DG13", IDV_FILE_DG13},  {"DG14", IDV_FILE_DG14},
      {"DG15", IDV_FILE_DG15},  {"DG16", IDV_FILE_DG16},
  };
  static uint8_t buf[1 << 20];
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s.bin", dir, files[i].name) >= (int)sizeof path) continue;
    FILE *f = fopen(path, "rb");
    if (f == NULL) continue;
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    EXPECT(idv_document_add_file(doc, files[i].file, buf, len), IDV_OK);
  }
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s TRUST_FILE DUMP_DIR ISSUER NUMBER NOW_UNIX\n", argv[0]);
    return 1;
  }
  const char *trust = argv[1], *dir = argv[2], *issuer = argv[3], *number = argv[4];
  int64_t now = strtoll(argv[5], NULL, 10);

  idv_trust_store *store = NULL;
  idv_verifier *verifier = NULL;
  idv_document *doc = NULL;
  EXPECT(idv_trust_store_new(&store), IDV_OK);
  EXPECT(idv_trust_store_add_path(store, trust, strlen(trust), now), IDV_OK);
  EXPECT(idv_verifier_new(store, &verifier), IDV_OK);
  EXPECT(idv_document_new(&doc), IDV_OK);
  add_dump(doc, dir);
  /* The desk's reader ran chip and active authentication (see stated_protocols.c). */
  EXPECT(idv_document_set_chip_authentication(doc, IDV_PROTOCOL_PASSED, NULL, 0), IDV_OK);
  EXPECT(idv_document_set_active_authentication(doc, IDV_PROTOCOL_PASSED, NULL, 0), IDV_OK);
  show(verifier, doc, now, "defaults");

  /* The blocked-documents list, e.g. from the police's export. */
  char json[512];
  int n = snprintf(json, sizeof json,
                   "{\"version\": 1, \"blocked_documents\": ["
                   "{\"issuer\": \"D\", \"number\": \"C01X00T47\"}, "
                   "{\"issuer\": \"%s\", \"number\": \"%s\"}]}",
                   issuer, number);
  if (n < 0 || n >= (int)sizeof json) { fprintf(stderr, "arguments too long\n"); return 1; }
  EXPECT(idv_verifier_configure_json(verifier, json, (size_t)n), IDV_OK);
  show(verifier, doc, now, "blocked");

  /* Bad documents and arguments: refused with their detail; the configuration stays. */
  const char *pitch = "{\"optical\": {\"pitch_mm\": {\"min\": 2.9, \"max\": 2.78}}}";
  EXPECT(idv_verifier_configure_json(verifier, pitch, strlen(pitch)), IDV_ERR_INVALID_ARGUMENT);
  expect_detail(__LINE__, "optical.pitch_mm: minimum 2.9 above maximum 2.78");
  const char *weak = "{\"rules\": {\"pa.dg_hashes\": {\"severity\": \"info\"}}}";
  EXPECT(idv_verifier_configure_json(verifier, weak, strlen(weak)), IDV_ERR_INVALID_ARGUMENT);
  expect_detail(__LINE__, "rules[\"pa.dg_hashes\"]: pa.dg_hashes has severity Info");
  const char *newer = "{\"version\": 2}";
  EXPECT(idv_verifier_configure_json(verifier, newer, strlen(newer)), IDV_ERR_INVALID_ARGUMENT);
  expect_detail(__LINE__, "version: version 2 is newer than this idverify reads (1)");
  const char *not_utf8 = "{\"\xff\": 1}";
  EXPECT(idv_verifier_configure_json(verifier, not_utf8, strlen(not_utf8)),
         IDV_ERR_INVALID_UTF8);
  EXPECT(idv_verifier_configure_json(verifier, pitch, SIZE_MAX), IDV_ERR_INVALID_ARGUMENT);
  expect_detail(__LINE__, "json: length");
  EXPECT(idv_verifier_configure_json(verifier, NULL, 3), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_verifier_configure_json(verifier, pitch, 0), IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_verifier_configure_json(NULL, pitch, strlen(pitch)), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_verifier_configure_json((idv_verifier *)store, pitch, strlen(pitch)),
         IDV_ERR_WRONG_HANDLE_KIND);
  show(verifier, doc, now, "refused");

  /* The effective configuration, read back into a fresh verifier. */
  const char *effective = NULL;
  size_t effective_len = 0;
  EXPECT(idv_verifier_config_json(verifier, &effective, &effective_len), IDV_OK);
  EXPECT(idv_verifier_config_json(verifier, NULL, &effective_len), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_verifier_config_json(verifier, &effective, NULL), IDV_ERR_NULL_ARGUMENT);
  printf("effective configuration: %zu bytes\n", effective_len);
  if (effective != NULL)
    printf("face export: %s\n",
           strstr(effective, "\"face_export\": \"jpeg_or_png\"") != NULL ? "jpeg_or_png"
                                                                         : "other");
  idv_verifier *copy = NULL;
  EXPECT(idv_verifier_new(store, &copy), IDV_OK);
  EXPECT(idv_verifier_configure_json(copy, effective, effective_len), IDV_OK);
  show(copy, doc, now, "read back");

  EXPECT(idv_verifier_free(copy), IDV_OK);
  EXPECT(idv_document_free(doc), IDV_OK);
  EXPECT(idv_verifier_free(verifier), IDV_OK);
  EXPECT(idv_trust_store_free(store), IDV_OK);
  printf("%d unexpected answers\n", failures);
  return failures == 0 ? 0 : 1;
}
