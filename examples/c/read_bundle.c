/*
 * Capture bundles through the C ABI: a full-page reader's bundle (e.g. white, infrared and
 * ultraviolet images) given to a document and verified, so the optical MRZ and the optical
 * checks come from its images; a serial reader's bundle (its MRZ text only) verified the
 * same way; broken bundles (a malformed manifest, an image missing, a folder without a
 * manifest), a document that would pass 32 images and bad arguments, each answered with its
 * documented code.
 *
 * usage: read_bundle IMAGES_BUNDLE SERIAL_BUNDLE BROKEN_MANIFEST MISSING_IMAGE NO_BUNDLE NOW_UNIX
 *        (MISSING_IMAGE: a bundle whose page1-uv.png is gone)
 * prints: "report JSON" and "serial JSON" (the two reports, pretty-printed over several lines
 *         up to a line "}"), "verdict N", "bundles added N" (until 32 images),
 *         "ok CODE CALL" per answer as documented,
 *         "N unexpected answers"
 * exit:  0 when every answer was the documented one, 1 otherwise, 2 on setup failure
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "fail.h"
#include "idverify.h"

#define TEXT(s) (s), strlen(s)

/* Verifies `doc` at `now`, prints its report's JSON under `label`; returns the verdict or -1. */
static int verify(const idv_verifier *verifier, const idv_document *doc, int64_t now,
                  const char *label) {
  idv_report *report = NULL;
  idv_result r = idv_verify_document(verifier, doc, now, &report);
  if (r != IDV_OK) return fail("idv_verify_document", r), -1;
  const char *json = NULL;
  size_t len = 0;
  EXPECT(idv_report_json(report, &json, &len), IDV_OK);
  if (json != NULL) printf("%s %.*s\n", label, (int)len, json);
  idv_verdict verdict = IDV_VERDICT_INCOMPLETE;
  EXPECT(idv_report_verdict(report, &verdict), IDV_OK);
  EXPECT(idv_report_free(report), IDV_OK);
  return (int)verdict;
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr,
            "usage: read_bundle IMAGES_BUNDLE SERIAL_BUNDLE BROKEN_MANIFEST MISSING_IMAGE "
            "NO_BUNDLE NOW_UNIX\n");
    return 2;
  }
  const char *images = argv[1], *serial = argv[2], *broken = argv[3], *missing = argv[4],
             *none = argv[5];
  int64_t now = strtoll(argv[6], NULL, 10);

  idv_trust_store *store = NULL;
  idv_verifier *verifier = NULL;
  idv_document *doc = NULL;
  idv_result r = idv_trust_store_new(&store);
  if (r != IDV_OK) return fail("idv_trust_store_new", r);
  EXPECT(idv_verifier_new(store, &verifier), IDV_OK);
  EXPECT(idv_document_new(&doc), IDV_OK);

  /* The full-page reader's bundle: its images reach the report. */
  r = idv_document_add_bundle(doc, TEXT(images));
  if (r != IDV_OK) return fail("idv_document_add_bundle", r);
  printf("verdict %d\n", verify(verifier, doc, now, "report"));

  /* Broken bundles: nothing is added. */
  EXPECT(idv_document_add_bundle(doc, TEXT(broken)), IDV_ERR_BUNDLE);
  expect_detail(__LINE__, "broken manifest.json");
  EXPECT(idv_document_add_bundle(doc, TEXT(missing)), IDV_ERR_BUNDLE);
  expect_detail(__LINE__, "image \"page1-uv.png\" listed in manifest.json is missing");
  EXPECT(idv_document_add_bundle(doc, TEXT(none)), IDV_ERR_BUNDLE);

  /* The bundle again until the document is full: the call that would pass 32 images adds
     nothing. */
  int added = 1;
  while ((r = idv_document_add_bundle(doc, TEXT(images))) == IDV_OK && added < 40) added++;
  EXPECT(r, IDV_ERR_INVALID_ARGUMENT);
  expect_detail(__LINE__, "the document holds ");
  printf("bundles added %d\n", added);

  /* Bad arguments. */
  EXPECT(idv_document_add_bundle(NULL, TEXT(images)), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_document_add_bundle(doc, NULL, 4), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_document_add_bundle(doc, images, 0), IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_document_add_bundle(doc, "\xff/x", 3), IDV_ERR_INVALID_UTF8);
  EXPECT(idv_document_add_bundle((idv_document *)verifier, TEXT(images)),
         IDV_ERR_WRONG_HANDLE_KIND);
  EXPECT(idv_document_free(doc), IDV_OK);
  EXPECT(idv_document_add_bundle(doc, TEXT(images)), IDV_ERR_INVALID_HANDLE);

  /* The serial reader's bundle: its MRZ text is the optical MRZ. */
  doc = NULL;
  EXPECT(idv_document_new(&doc), IDV_OK);
  EXPECT(idv_document_add_bundle(doc, TEXT(serial)), IDV_OK);
  printf("serial verdict %d\n", verify(verifier, doc, now, "serial"));
  EXPECT(idv_document_free(doc), IDV_OK);

  EXPECT(idv_verifier_free(verifier), IDV_OK);
  EXPECT(idv_trust_store_free(store), IDV_OK);
  printf("%d unexpected answers\n", failures);
  return failures == 0 ? 0 : 1;
}
