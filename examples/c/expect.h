/*
 * The checking examples' expectations: EXPECT(call, code) runs a C ABI call and counts an
 * answer other than the documented code in `failures`; expect_detail checks the start of
 * this thread's last error detail.
 */
#ifndef IDVERIFY_EXAMPLE_EXPECT_H
#define IDVERIFY_EXAMPLE_EXPECT_H

#include <stdio.h>
#include <string.h>

#include "idverify.h"

static int failures = 0;

#define EXPECT(call, want)                                                               \
  do {                                                                                   \
    idv_result got_ = (call);                                                            \
    if (got_ != (want)) {                                                                \
      fprintf(stderr, "line %d: %s gave %d, expected %d (%s)\n", __LINE__, #call,        \
              (int)got_, (int)(want), idv_error_message(want));                          \
      failures++;                                                                        \
    } else {                                                                             \
      printf("ok %-3d %s\n", (int)got_, #call);                                          \
    }                                                                                    \
  } while (0)

/* Fails unless this thread's last error detail starts with `prefix`. */
static inline void expect_detail(int line, const char *prefix) {
  uint8_t detail[512];
  size_t len = 0;
  if (idv_last_error_detail(detail, sizeof detail, &len) != IDV_OK) len = 0;
  if (len > sizeof detail) len = sizeof detail;
  size_t n = strlen(prefix);
  if (len < n || memcmp(detail, prefix, n) != 0) {
    fprintf(stderr, "line %d: detail \"%.*s\", expected \"%s...\"\n", line, (int)len,
            (const char *)detail, prefix);
    failures++;
  }
}

#endif
