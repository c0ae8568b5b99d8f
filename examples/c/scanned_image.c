/*
 * Scanned images through the C ABI: the MRZ read from a raw pixel buffer with padded rows
 * (as a vendor SDK delivers it), then a document given the image file as
 * its white image and the buffer as its ultraviolet one, so the report's optical MRZ comes
 * from the scan and both images' hashes are listed; bad arguments (NULL, unknown light or format, short strides and buffers, sizes
 * beyond the bounds, page 0) and images without an MRZ are answered with their codes.
 *
 * usage: scanned_image IMAGE_FILE GREY8_FILE WIDTH HEIGHT STRIDE NOW_UNIX
 * prints: "pixels JSON" (the read, one line), "report JSON" (the
 *         document's report, pretty-printed over several lines up to a line "}"), "ok CODE CALL" per answer as documented, "N unexpected answers"
 * exit:  0 when every answer was the documented one, 1 otherwise, 2 on setup failure
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "idverify.h"

/* The whole file at `path` in a malloc'd buffer; NULL when it cannot be read. */
static uint8_t *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  uint8_t *data = NULL;
  if (fseek(f, 0, SEEK_END) == 0) {
    long n = ftell(f);
    if (n > 0 && fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)n)) != NULL) {
      if (fread(data, 1, (size_t)n, f) != (size_t)n) {
        free(data);
        data = NULL;
      }
      *len = (size_t)n;
    }
  }
  fclose(f);
  return data;
}

/* Prints a read's JSON under `label` and frees the read. */
static void show_read(const char *label, idv_mrz_read *read) {
  if (read == NULL) return;
  const char *json = NULL;
  size_t len = 0;
  EXPECT(idv_mrz_read_json(read, &json, &len), IDV_OK);
  if (json != NULL) printf("%s %.*s\n", label, (int)len, json);
  EXPECT(idv_mrz_read_free(read), IDV_OK);
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: %s IMAGE_FILE GREY8_FILE WIDTH HEIGHT STRIDE NOW_UNIX\n", argv[0]);
    return 2;
  }
  size_t file_len = 0, pixels_len = 0;
  uint8_t *file = slurp(argv[1], &file_len);
  uint8_t *pixels = slurp(argv[2], &pixels_len);
  if (file == NULL || pixels == NULL) {
    fprintf(stderr, "cannot read %s or %s\n", argv[1], argv[2]);
    return 2;
  }
  uint32_t width = (uint32_t)strtoul(argv[3], NULL, 10);
  uint32_t height = (uint32_t)strtoul(argv[4], NULL, 10);
  size_t stride = (size_t)strtoull(argv[5], NULL, 10);
  int64_t now = strtoll(argv[6], NULL, 10);

  /* The MRZ from the padded buffer (the file's MRZ is read by the document below). */
  idv_mrz_read *read = NULL;
  EXPECT(idv_mrz_read_pixels(pixels, pixels_len, width, height, stride, IDV_PIXELS_GREY8, 150,
                             &read),
         IDV_OK);
  show_read("pixels", read);

  /* Images that hold no MRZ, or are none. */
  static uint8_t paper[320 * 200];
  memset(paper, 230, sizeof paper);
  read = NULL;
  EXPECT(idv_mrz_read_pixels(paper, sizeof paper, 320, 200, 0, IDV_PIXELS_GREY8, 0, &read),
         IDV_ERR_NO_MRZ);
  EXPECT(idv_mrz_read_image(paper, sizeof paper, &read), IDV_ERR_IMAGE);
  expect_detail(__LINE__, "image does not decode");

  /* Bad arguments, each answered before anything is read. */
  EXPECT(idv_mrz_read_image(NULL, 10, &read), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_mrz_read_image(file, 0, &read), IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_mrz_read_image(file, SIZE_MAX, &read), IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_mrz_read_image(file, file_len, NULL), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_mrz_read_pixels(paper, sizeof paper, 320, 200, 0, 0, 0, &read),
         IDV_ERR_INVALID_ARGUMENT);
  expect_detail(__LINE__, "format: 0 is no idv_pixel_format value");
  EXPECT(idv_mrz_read_pixels(paper, sizeof paper, 320, 200, 319, IDV_PIXELS_GREY8, 0, &read),
         IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_mrz_read_pixels(paper, sizeof paper, 320, 201, 0, IDV_PIXELS_GREY8, 0, &read),
         IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_mrz_read_pixels(paper, sizeof paper, 60000, 60000, 0, IDV_PIXELS_RGB16, 0, &read),
         IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_mrz_read_pixels(paper, sizeof paper, 320, 200, SIZE_MAX, IDV_PIXELS_GREY8, 0, &read),
         IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_mrz_read_json(NULL, NULL, NULL), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_mrz_read_free(NULL), IDV_OK);

  /* A document with the file as its white image and the buffer as its ultraviolet one (the
     MRZ is read from white and infrared images only). */
  idv_trust_store *store = NULL;
  idv_verifier *verifier = NULL;
  idv_document *doc = NULL;
  EXPECT(idv_trust_store_new(&store), IDV_OK);
  EXPECT(idv_verifier_new(store, &verifier), IDV_OK);
  EXPECT(idv_document_new(&doc), IDV_OK);
  EXPECT(idv_document_add_image(doc, IDV_LIGHT_WHITE, 1, 150, file, file_len), IDV_OK);
  EXPECT(idv_document_add_image_pixels(doc, IDV_LIGHT_UV, 1, 150, pixels, pixels_len, width,
                                       height, stride, IDV_PIXELS_GREY8),
         IDV_OK);
  EXPECT(idv_document_add_image(doc, 7, 1, 200, file, file_len), IDV_ERR_INVALID_ARGUMENT);
  expect_detail(__LINE__, "light: 7 is no idv_light value");
  EXPECT(idv_document_add_image(doc, IDV_LIGHT_UV, 0, 200, file, file_len),
         IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_document_add_image(doc, IDV_LIGHT_UV, 1, 200, NULL, 4), IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_document_add_image_pixels(doc, IDV_LIGHT_UV, 1, 0, paper, sizeof paper, 320, 200, 0,
                                       99),
         IDV_ERR_INVALID_ARGUMENT);
  EXPECT(idv_document_add_image(NULL, IDV_LIGHT_WHITE, 1, 0, file, file_len),
         IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_document_add_image((idv_document *)verifier, IDV_LIGHT_WHITE, 1, 0, file, file_len),
         IDV_ERR_WRONG_HANDLE_KIND);

  idv_report *report = NULL;
  EXPECT(idv_verify_document(verifier, doc, now, &report), IDV_OK);
  if (report != NULL) {
    const char *json = NULL;
    size_t len = 0;
    EXPECT(idv_report_json(report, &json, &len), IDV_OK);
    if (json != NULL) printf("report %.*s\n", (int)len, json);
    EXPECT(idv_report_free(report), IDV_OK);
  }
  EXPECT(idv_document_free(doc), IDV_OK);
  EXPECT(idv_verifier_free(verifier), IDV_OK);
  EXPECT(idv_trust_store_free(store), IDV_OK);
  free(file);
  free(pixels);
  printf("%d unexpected answers\n", failures);
  return failures == 0 ? 0 : 1;
}
