/*
 * Reads a German ID card (or residence permit) with its CAN and Terminal Authentication
 * through the idverify C ABI: loads the terminal's certificates and key (from a folder and a
 * key file, or from memory when certificate files are named), attaches the terminal to the
 * verifier, reads and verifies the card and prints the report's checks, among them
 * chip.terminal_authentication and chip.eid_application. Plain C99 against include/idverify.h.
 *
 * usage: read_eid TRUST_PATH READER CAN NOW_UNIX TERMINAL_DIR TERMINAL_KEY [CERT_FILE...]
 *        (with CERT_FILEs the terminal is built from their bytes and the key file's bytes
 *        with idv_terminal_from_bytes; TERMINAL_DIR is then unused)
 * exit:  0 when the card was read and verified (whatever the verdict), 2 on an error
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fail.h"
#include "idverify.h"

#define MAX_CERTS 8

/* The whole file at `path` in a malloc'd buffer (NULL on error). */
static uint8_t *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  uint8_t *buf = NULL;
  size_t cap = 0;
  *len = 0;
  for (;;) {
    if (*len == cap) {
      cap = cap == 0 ? 4096 : cap * 2;
      uint8_t *grown = realloc(buf, cap);
      if (grown == NULL) { free(buf); fclose(f); return NULL; }
      buf = grown;
    }
    size_t n = fread(buf + *len, 1, cap - *len, f);
    *len += n;
    if (n == 0) break;
  }
  fclose(f);
  return buf;
}

/* The terminal from the files' bytes: certificates and PKCS#8 key held in memory. */
static idv_result terminal_from_files(char **files, int count, const char *key_file,
                                      idv_terminal **out) {
  const uint8_t *certs[MAX_CERTS];
  size_t lens[MAX_CERTS];
  uint8_t *bufs[MAX_CERTS] = {0};
  uint8_t *key = NULL;
  size_t key_len = 0;
  idv_result r = IDV_ERR_IO;
  if (count > MAX_CERTS) return IDV_ERR_INVALID_ARGUMENT;
  for (int i = 0; i < count; i++) {
    bufs[i] = read_file(files[i], &lens[i]);
    if (bufs[i] == NULL) { fprintf(stderr, "cannot read %s\n", files[i]); goto out; }
    certs[i] = bufs[i];
  }
  key = read_file(key_file, &key_len);
  if (key == NULL) { fprintf(stderr, "cannot read %s\n", key_file); goto out; }
  r = idv_terminal_from_bytes(certs, lens, (size_t)count, key, key_len, out);
  /* The library keeps its own copy: wipe ours. */
  memset(key, 0, key_len);
out:
  free(key);
  for (int i = 0; i < count; i++) free(bufs[i]);
  return r;
}

int main(int argc, char **argv) {
  if (argc < 7) {
    fprintf(stderr,
            "usage: %s TRUST_PATH READER CAN NOW_UNIX TERMINAL_DIR TERMINAL_KEY [CERT_FILE...]\n",
            argv[0]);
    return 2;
  }
  const char *trust = argv[1], *reader = argv[2], *can = argv[3];
  const char *dir = argv[5], *key = argv[6];
  int64_t now = strtoll(argv[4], NULL, 10);
  int code = 2;
  idv_trust_store *store = NULL;
  idv_verifier *verifier = NULL;
  idv_terminal *terminal = NULL;
  idv_readers *readers = NULL;
  idv_report *report = NULL;
  idv_result r;

  printf("idverify API %u.%u\n", idv_api_version() >> 16, idv_api_version() & 0xFFFF);
  if (idv_api_version() < ((1u << 16) | 1u)) { fprintf(stderr, "API 1.1 needed\n"); return 2; }
  if ((r = idv_trust_store_new(&store)) != IDV_OK) { code = fail("trust store", r); goto out; }
  if ((r = idv_trust_store_add_path(store, trust, strlen(trust), now)) != IDV_OK) {
    code = fail("trust path", r);
    goto out;
  }
  if ((r = idv_verifier_new(store, &verifier)) != IDV_OK) { code = fail("verifier", r); goto out; }

  if (argc > 7) {
    r = terminal_from_files(argv + 7, argc - 7, key, &terminal);
    printf("terminal: %d certificates and the key from memory\n", argc - 7);
  } else {
    r = idv_terminal_load(dir, strlen(dir), key, strlen(key), &terminal);
    printf("terminal: loaded from %s\n", dir);
  }
  if (r != IDV_OK) { code = fail("terminal", r); goto out; }
  if ((r = idv_verifier_set_terminal(verifier, terminal)) != IDV_OK) {
    code = fail("attach terminal", r);
    goto out;
  }
  /* The verifier holds its own reference: the handle can go now. */
  idv_terminal_free(terminal);
  terminal = NULL;

  if ((r = idv_readers_new(&readers)) != IDV_OK) { code = fail("readers", r); goto out; }
  if ((r = idv_readers_wait_for_card(readers, reader, strlen(reader), 10000)) != IDV_OK) {
    code = fail("wait for card", r);
    goto out;
  }
  r = idv_read_and_verify(verifier, readers, reader, strlen(reader), IDV_KEY_CAN, can,
                          strlen(can), NULL, 0, now, NULL, NULL, NULL, &report);
  if (r != IDV_OK) { code = fail("read and verify", r); goto out; }

  size_t checks = 0;
  idv_report_check_count(report, &checks);
  for (size_t i = 0; i < checks; i++) {
    idv_check c;
    if (idv_report_check(report, i, &c) != IDV_OK) continue;
    printf("check %-40.*s %d %.*s\n", (int)c.id_len, c.id, (int)c.status, (int)c.text_en_len,
           c.text_en);
  }
  const char *json;
  size_t json_len = 0;
  if (idv_report_json(report, &json, &json_len) == IDV_OK) {
    /* The eID data groups the terminal's rights opened are in the report's "eid" object. */
    const char *needle = "\"eid\": {";
    size_t n = strlen(needle);
    int has_eid = 0;
    for (size_t i = 0; i + n <= json_len; i++)
      if (memcmp(json + i, needle, n) == 0) { has_eid = 1; break; }
    printf("report JSON: %zu bytes, eid object %s\n", json_len, has_eid ? "present" : "absent");
  }
  code = 0;

out:
  idv_report_free(report);
  idv_readers_free(readers);
  idv_terminal_free(terminal);
  idv_verifier_free(verifier);
  idv_trust_store_free(store);
  return code;
}
