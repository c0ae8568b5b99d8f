/*
 * A SANE scanner through the C ABI: the devices listed, one opened and its options set from
 * text, a page scanned into a document as its white image and the document verified; then
 * a scan cancelled before it starts and one cancelled from another thread while it runs, a
 * device that reports an I/O error mid-scan (what an unplugged scanner gives), a device
 * that does not exist, a second scanner in the process, and bad arguments, each answered
 * with its documented code. Run it with SANE_CONFIG_DIR naming a configuration whose
 * dll.conf lists the `test` backend.
 *
 * usage: scan_page DEVICE NOW_UNIX
 * prints: "scanners JSON" (one line), "report JSON" (pretty-printed over several lines up to
 *         a line "}"), "verdict N", "ok CODE CALL" per answer as documented,
 *         "N unexpected answers"
 * exit:  0 when every answer was the documented one, 1 otherwise, 2 on setup failure
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "expect.h"
#include "fail.h"
#include "idverify.h"

#define TEXT(s) (s), strlen(s)

/* Sets option `name` of `scanner` to `value`, expecting `want`. */
#define SET(scanner, name, value, want) \
  EXPECT(idv_scanner_set_option((scanner), TEXT(name), TEXT(value)), (want))

/* Raises the cancel flag a quarter of a second after it starts. */
static void *cancel_soon(void *cancel) {
  struct timespec pause = {0, 250 * 1000 * 1000};
  nanosleep(&pause, NULL);
  idv_cancel_request((const idv_cancel *)cancel);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: scan_page DEVICE NOW_UNIX\n");
    return 2;
  }
  const char *device = argv[1];
  int64_t now = strtoll(argv[2], NULL, 10);

  /* The devices SANE finds. */
  idv_scanner_list *list = NULL;
  idv_result r = idv_scanner_list_new(&list);
  if (r != IDV_OK) return fail("idv_scanner_list_new", r);
  const char *json = NULL;
  size_t len = 0;
  EXPECT(idv_scanner_list_json(list, &json, &len), IDV_OK);
  if (json != NULL) printf("scanners %.*s\n", (int)len, json);
  EXPECT(idv_scanner_list_free(list), IDV_OK);

  /* A device SANE does not have. */
  idv_scanner *scanner = NULL;
  EXPECT(idv_scanner_open(TEXT("test:7"), &scanner), IDV_ERR_NOT_FOUND);
  expect_detail(__LINE__, "scanner \"test:7\" not available");

  r = idv_scanner_open(device, strlen(device), &scanner);
  if (r != IDV_OK) return fail("idv_scanner_open", r);
  /* SANE is one session per process: no second scanner, no list while one is open. */
  idv_scanner *second = NULL;
  EXPECT(idv_scanner_open(device, strlen(device), &second), IDV_ERR_SCANNER);
  expect_detail(__LINE__, "SANE is already in use");
  EXPECT(idv_scanner_list_new(&list), IDV_ERR_SCANNER);

  /* Options from text; the device's own refusals. */
  SET(scanner, "resolution", "100", IDV_OK);
  SET(scanner, "mode", "Gray", IDV_OK);
  SET(scanner, "resolution", "fine", IDV_ERR_INVALID_ARGUMENT);
  SET(scanner, "mode", "Purple", IDV_ERR_INVALID_ARGUMENT);
  expect_detail(__LINE__, "option \"mode\": \"Purple\" is not one of");
  SET(scanner, "no-such-option", "1", IDV_ERR_NOT_FOUND);

  idv_trust_store *store = NULL;
  idv_verifier *verifier = NULL;
  idv_document *doc = NULL;
  idv_cancel *cancel = NULL;
  EXPECT(idv_trust_store_new(&store), IDV_OK);
  EXPECT(idv_verifier_new(store, &verifier), IDV_OK);
  EXPECT(idv_document_new(&doc), IDV_OK);
  EXPECT(idv_cancel_new(&cancel), IDV_OK);

  /* The page, as the document's white image. */
  EXPECT(idv_scanner_scan(scanner, doc, IDV_LIGHT_WHITE, 1, NULL), IDV_OK);

  /* A raised flag: no scan starts. */
  EXPECT(idv_cancel_request(cancel), IDV_OK);
  EXPECT(idv_scanner_scan(scanner, doc, IDV_LIGHT_WHITE, 2, cancel), IDV_ERR_CANCELLED);
  EXPECT(idv_cancel_free(cancel), IDV_OK);

  /* A slow scan (small reads, each delayed) cancelled from another thread while it runs. */
  cancel = NULL;
  EXPECT(idv_cancel_new(&cancel), IDV_OK);
  SET(scanner, "resolution", "300", IDV_OK);
  SET(scanner, "read-limit", "yes", IDV_OK);
  SET(scanner, "read-limit-size", "1024", IDV_OK);
  SET(scanner, "read-delay", "yes", IDV_OK);
  SET(scanner, "read-delay-duration", "100000", IDV_OK);
  pthread_t canceller;
  if (pthread_create(&canceller, NULL, cancel_soon, cancel) != 0) return 2;
  EXPECT(idv_scanner_scan(scanner, doc, IDV_LIGHT_WHITE, 2, cancel), IDV_ERR_CANCELLED);
  pthread_join(canceller, NULL);
  EXPECT(idv_cancel_free(cancel), IDV_OK);
  SET(scanner, "read-delay", "no", IDV_OK);
  SET(scanner, "read-limit", "no", IDV_OK);
  SET(scanner, "resolution", "100", IDV_OK);

  /* The device fails mid-scan as an unplugged one does. */
  SET(scanner, "read-return-value", "SANE_STATUS_IO_ERROR", IDV_OK);
  EXPECT(idv_scanner_scan(scanner, doc, IDV_LIGHT_WHITE, 2, NULL), IDV_ERR_SCANNER);
  expect_detail(__LINE__, "scan failed after 0 bytes: error during device I/O");
  SET(scanner, "read-return-value", "Default", IDV_OK);

  /* Bad arguments, answered before anything is scanned. */
  EXPECT(idv_scanner_scan(NULL, doc, IDV_LIGHT_WHITE, 1, NULL), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_scanner_scan(scanner, NULL, IDV_LIGHT_WHITE, 1, NULL), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_scanner_scan(scanner, doc, 9, 1, NULL), IDV_ERR_INVALID_ARGUMENT);
  expect_detail(__LINE__, "light: 9 is no idv_light value");
  EXPECT(idv_scanner_scan(scanner, doc, IDV_LIGHT_WHITE, 0, NULL), IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_scanner_scan((idv_scanner *)doc, doc, IDV_LIGHT_WHITE, 1, NULL),
         IDV_ERR_WRONG_HANDLE_KIND);
  EXPECT(idv_scanner_scan(scanner, doc, IDV_LIGHT_WHITE, 1, (const idv_cancel *)doc),
         IDV_ERR_WRONG_HANDLE_KIND);
  EXPECT(idv_scanner_set_option(scanner, NULL, 3, TEXT("1")), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_scanner_set_option(scanner, TEXT("mode"), "\xff", 1), IDV_ERR_INVALID_UTF8);
  EXPECT(idv_scanner_set_option(scanner, TEXT("mode"), "Gray", 0), IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_scanner_open(NULL, 6, &second), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_scanner_open(TEXT("test:0"), NULL), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_scanner_list_new(NULL), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_scanner_list_json(NULL, &json, &len), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_scanner_list_free(NULL), IDV_OK);

  /* Only the first page went into the document: it reaches the report. */
  idv_report *report = NULL;
  EXPECT(idv_verify_document(verifier, doc, now, &report), IDV_OK);
  if (report != NULL) {
    EXPECT(idv_report_json(report, &json, &len), IDV_OK);
    if (json != NULL) printf("report %.*s\n", (int)len, json);
    idv_verdict verdict;
    EXPECT(idv_report_verdict(report, &verdict), IDV_OK);
    printf("verdict %d\n", (int)verdict);
    EXPECT(idv_report_free(report), IDV_OK);
  }
  EXPECT(idv_scanner_free(scanner), IDV_OK);
  EXPECT(idv_scanner_free(NULL), IDV_OK);
  /* The session ended with the scanner: a new one opens. */
  scanner = NULL;
  EXPECT(idv_scanner_open(device, strlen(device), &scanner), IDV_OK);
  EXPECT(idv_scanner_free(scanner), IDV_OK);
  EXPECT(idv_document_free(doc), IDV_OK);
  EXPECT(idv_verifier_free(verifier), IDV_OK);
  EXPECT(idv_trust_store_free(store), IDV_OK);
  printf("%d unexpected answers\n", failures);
  return failures == 0 ? 0 : 1;
}
