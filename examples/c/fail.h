/*
 * The examples' error report: the code's message and this thread's last error detail from
 * the idverify C ABI, on stderr. Returns 2, the examples' exit code for an error.
 */
#ifndef IDVERIFY_EXAMPLE_FAIL_H
#define IDVERIFY_EXAMPLE_FAIL_H

#include <stdio.h>

#include "idverify.h"

static int fail(const char *what, idv_result r) {
  uint8_t detail[512];
  size_t len = 0;
  idv_last_error_detail(detail, sizeof detail, &len);
  if (len > sizeof detail) len = sizeof detail;
  fprintf(stderr, "%s: %s (%d): %.*s\n", what, idv_error_message(r), (int)r, (int)len,
          (const char *)detail);
  return 2;
}

#endif
