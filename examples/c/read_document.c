/*
 * Lists the PC/SC readers, reads the document in one of them with its MRZ through the
 * idverify C ABI (progress printed, a cancel flag passed), verifies it and prints the
 * report's fields. Plain C99 against include/idverify.h.
 *
 * usage: read_document TRUST_PATH READER MRZ NOW_UNIX [CANCEL_AT_APDUS]
 * exit:  0 genuine (or, with CANCEL_AT_APDUS, cancelled as asked), 1 another verdict,
 *        2 an error
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fail.h"
#include "idverify.h"

struct progress_state {
  size_t calls;
  size_t cancel_at_apdus; /* 0: never cancel */
};

static int32_t on_progress(void *user_data, const idv_progress *e) {
  struct progress_state *p = (struct progress_state *)user_data;
  p->calls++;
  if (p->cancel_at_apdus != 0 && e->apdus >= p->cancel_at_apdus) return 1; /* cancel */
  if (e->stage == 1 && e->total != 0 && e->done == e->total)
    printf("read file %04X: %zu bytes, %zu APDUs so far\n", (unsigned)e->file_id, e->total,
           e->apdus);
  return 0; /* go on */
}

static const char *status_name(idv_check_status s) {
  switch (s) {
    case IDV_CHECK_PASSED: return "passed";
    case IDV_CHECK_FAILED: return "failed";
    case IDV_CHECK_WARNING: return "warning";
    case IDV_CHECK_NOT_CHECKED: return "not_checked";
    case IDV_CHECK_UNSUPPORTED: return "unsupported";
  }
  return "?";
}

int main(int argc, char **argv) {
  if (argc != 5 && argc != 6) {
    fprintf(stderr, "usage: %s TRUST_PATH READER MRZ NOW_UNIX [CANCEL_AT_APDUS]\n", argv[0]);
    return 2;
  }
  const char *trust = argv[1], *wanted = argv[2], *mrz = argv[3];
  int64_t now = strtoll(argv[4], NULL, 10);
  int code = 2;
  idv_trust_store *store = NULL;
  idv_verifier *verifier = NULL;
  idv_readers *readers = NULL;
  idv_cancel *cancel = NULL;
  idv_report *report = NULL;
  idv_result r;

  printf("idverify API %u.%u, ABI %u\n", idv_api_version() >> 16, idv_api_version() & 0xFFFF,
         idv_abi_version());
  if (idv_abi_version() != IDV_ABI_VERSION) {
    fprintf(stderr, "ABI mismatch: library %u, header %u\n", idv_abi_version(), IDV_ABI_VERSION);
    return 2;
  }
  if ((r = idv_trust_store_new(&store)) != IDV_OK) { code = fail("trust store", r); goto out; }
  if ((r = idv_trust_store_add_path(store, trust, strlen(trust), now)) != IDV_OK) {
    code = fail("trust path", r);
    goto out;
  }
  size_t cscas = 0, crls = 0;
  idv_trust_store_count(store, &cscas, &crls);
  printf("trust: %zu CSCA certificates, %zu CRLs\n", cscas, crls);
  if ((r = idv_verifier_new(store, &verifier)) != IDV_OK) { code = fail("verifier", r); goto out; }

  if ((r = idv_readers_new(&readers)) != IDV_OK) { code = fail("readers", r); goto out; }
  size_t count = 0;
  if ((r = idv_readers_count(readers, &count)) != IDV_OK) { code = fail("list", r); goto out; }
  int found = 0;
  for (size_t i = 0; i < count; i++) {
    const char *name;
    size_t len;
    if (idv_readers_name(readers, i, &name, &len) != IDV_OK) continue;
    printf("reader %zu: %.*s\n", i, (int)len, name);
    if (len == strlen(wanted) && memcmp(name, wanted, len) == 0) found = 1;
  }
  if (!found) { fprintf(stderr, "reader %s not found\n", wanted); goto out; }
  if ((r = idv_readers_wait_for_card(readers, wanted, strlen(wanted), 10000)) != IDV_OK) {
    code = fail("wait for card", r);
    goto out;
  }
  if ((r = idv_cancel_new(&cancel)) != IDV_OK) { code = fail("cancel", r); goto out; }

  struct progress_state progress = {0, argc == 6 ? (size_t)strtoull(argv[5], NULL, 10) : 0};
  r = idv_read_and_verify(verifier, readers, wanted, strlen(wanted), IDV_KEY_MRZ, mrz,
                          strlen(mrz), mrz, strlen(mrz), now, on_progress, &progress, cancel,
                          &report);
  if (r == IDV_ERR_CANCELLED && progress.cancel_at_apdus != 0) {
    printf("cancelled after %zu progress callbacks\n", progress.calls);
    code = 0;
    goto out;
  }
  if (r != IDV_OK) { code = fail("read and verify", r); goto out; }
  printf("progress callbacks: %zu\n", progress.calls);

  idv_verdict verdict;
  size_t checks = 0;
  idv_report_verdict(report, &verdict);
  idv_report_check_count(report, &checks);
  for (size_t i = 0; i < checks; i++) {
    idv_check c;
    if (idv_report_check(report, i, &c) != IDV_OK) continue;
    printf("check %-40.*s %-12s %.*s\n", (int)c.id_len, c.id, status_name(c.status),
           (int)c.text_en_len, c.text_en);
  }
  const uint8_t *face;
  size_t face_len = 0;
  if (idv_report_face_image(report, &face, &face_len) == IDV_OK)
    printf("face image: %zu bytes, starts %02X %02X\n", face_len, face[0], face[1]);
  const char *json;
  size_t json_len = 0;
  idv_report_json(report, &json, &json_len);
  printf("report JSON: %zu bytes\n", json_len);
  printf("verdict: %d (%s)\n", (int)verdict,
         verdict == IDV_VERDICT_GENUINE ? "genuine" : "not genuine");
  code = verdict == IDV_VERDICT_GENUINE ? 0 : 1;

out:
  idv_report_free(report);
  idv_cancel_free(cancel);
  idv_readers_free(readers);
  idv_verifier_free(verifier);
  idv_trust_store_free(store);
  return code;
}
