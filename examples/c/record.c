/*
 * The verification record from C: verifies a dumped document, writes its record (PDF/A-3b,
 * the report embedded) to OUT_PDF and its seal, made with KEY (a PKCS#8 file or a pkcs11:
 * URI) and CERT_FILE, to OUT_PDF.p7s; and checks the documented answers to bad arguments.
 *
 * usage: record TRUST_FILE DUMP_DIR NOW_UNIX KEY CERT_FILE OTHER_CERT_FILE OUT_PDF
 *        (OTHER_CERT_FILE: a certificate of another key, which must be refused)
 * prints: "record N bytes", "seal N bytes", "0 unexpected answers"
 * exit:  0 when everything was written and every answer was the documented one, 1 or 2
 *        otherwise
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fail.h"
#include "idverify.h"

static int failures = 0;

#define EXPECT(call, want)                                                          \
  do {                                                                              \
    idv_result got_ = (call);                                                       \
    if (got_ != (want)) {                                                           \
      fprintf(stderr, "line %d: %s gave %d, expected %d\n", __LINE__, #call,        \
              (int)got_, (int)(want));                                              \
      failures++;                                                                   \
    }                                                                               \
  } while (0)

/* The whole file at `path` in a malloc'd buffer (caller frees), or NULL. */
static uint8_t *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  uint8_t *buf = malloc(1 << 16);
  *len = buf == NULL ? 0 : fread(buf, 1, 1 << 16, f);
  fclose(f);
  return buf;
}

static int write_file(const char *path, const uint8_t *bytes, size_t len) {
  FILE *f = fopen(path, "wb");
  if (f == NULL) return 0;
  int ok = fwrite(bytes, 1, len, f) == len;
  return fclose(f) == 0 && ok;
}

int main(int argc, char **argv) {
  if (argc != 8) {
    fprintf(stderr, "usage: %s TRUST DUMP_DIR NOW KEY CERT OTHER_CERT OUT_PDF\n", argv[0]);
    return 2;
  }
  const char *trust = argv[1], *dir = argv[2], *key = argv[4], *out = argv[7];
  int64_t now = strtoll(argv[3], NULL, 10);
  size_t cert_len = 0, other_len = 0;
  uint8_t *cert = read_file(argv[5], &cert_len);
  uint8_t *other = read_file(argv[6], &other_len);
  if (cert == NULL || other == NULL) return 2;

  idv_trust_store *store = NULL;
  idv_verifier *verifier = NULL;
  idv_report *report = NULL;
  idv_record *record = NULL;
  idv_result r;
  if ((r = idv_trust_store_new(&store)) != IDV_OK) return fail("trust store", r);
  if ((r = idv_trust_store_add_path(store, trust, strlen(trust), now)) != IDV_OK)
    return fail("trust", r);
  if ((r = idv_verifier_new(store, &verifier)) != IDV_OK) return fail("verifier", r);
  if ((r = idv_verify_files(verifier, dir, strlen(dir), NULL, 0, now, &report)) != IDV_OK)
    return fail("verify", r);

  const char office[] = "Migrationsamt Musterstadt", desk[] = "Schalter 3";
  const char operator_name[] = "M. M\xc3\xbcller", purpose[] = "Einb\xc3\xbcrgerung";
  idv_record_options options = {
      office, strlen(office), desk, strlen(desk), operator_name, strlen(operator_name),
      purpose, strlen(purpose), 0, now + 60, false};

  /* Bad arguments: no options, an unknown language, a string that is not UTF-8. */
  EXPECT(idv_record_write(report, NULL, &record), IDV_ERR_NULL_ARGUMENT);
  idv_record_options bad = options;
  bad.lang = 7;
  EXPECT(idv_record_write(report, &bad, &record), IDV_ERR_INVALID_ARGUMENT);
  bad = options;
  bad.desk = "\xff\xfe";
  bad.desk_len = 2;
  EXPECT(idv_record_write(report, &bad, &record), IDV_ERR_INVALID_UTF8);
  EXPECT(idv_record_write((const idv_report *)verifier, &options, &record),
         IDV_ERR_WRONG_HANDLE_KIND);

  if ((r = idv_record_write(report, &options, &record)) != IDV_OK) return fail("record", r);
  const uint8_t *pdf = NULL, *p7s = NULL;
  size_t pdf_len = 0, p7s_len = 0;
  EXPECT(idv_record_pdf(record, &pdf, &pdf_len), IDV_OK);
  EXPECT(idv_record_seal_bytes(record, &p7s, &p7s_len), IDV_ERR_NOT_FOUND);
  /* A certificate of another key, and one that is no certificate: refused. */
  EXPECT(idv_record_seal(record, key, strlen(key), other, other_len, now + 60), IDV_ERR_SEAL);
  EXPECT(idv_record_seal(record, key, strlen(key), (const uint8_t *)"junk", 4, now + 60),
         IDV_ERR_SEAL);
  EXPECT(idv_record_seal(record, "missing.pk8", 11, cert, cert_len, now + 60), IDV_ERR_SEAL);
  if ((r = idv_record_seal(record, key, strlen(key), cert, cert_len, now + 60)) != IDV_OK)
    return fail("seal", r);
  EXPECT(idv_record_seal_bytes(record, &p7s, &p7s_len), IDV_OK);

  char seal_path[4096];
  snprintf(seal_path, sizeof seal_path, "%s.p7s", out);
  if (!write_file(out, pdf, pdf_len) || !write_file(seal_path, p7s, p7s_len)) {
    fprintf(stderr, "cannot write %s\n", out);
    return 2;
  }
  printf("record %zu bytes\nseal %zu bytes\n", pdf_len, p7s_len);

  EXPECT(idv_record_free(record), IDV_OK);
  EXPECT(idv_record_free(NULL), IDV_OK);
  EXPECT(idv_report_free(report), IDV_OK);
  EXPECT(idv_verifier_free(verifier), IDV_OK);
  EXPECT(idv_trust_store_free(store), IDV_OK);
  free(cert);
  free(other);
  printf("%d unexpected answers\n", failures);
  return failures == 0 ? 0 : 1;
}
