/*
 * The versions an installed libidverify reports, next to the header it was built with:
 * what an integrator checks first after installing.
 *
 * usage: abi_version
 * prints: "abi LIB (header HEADER), api MAJOR.MINOR"
 * exit:  0 when the library's ABI is the header's, 1 otherwise
 */
#include <stdint.h>
#include <stdio.h>

#include "idverify.h"

int main(void) {
  uint32_t abi = idv_abi_version();
  uint32_t api = idv_api_version();
  printf("abi %u (header %u), api %u.%u\n", (unsigned)abi, (unsigned)IDV_ABI_VERSION,
         (unsigned)(api >> 16), (unsigned)(api & 0xFFFF));
  return abi == IDV_ABI_VERSION ? 0 : 1;
}
