/*
 * A serial MRZ reader through the C ABI, on a kernel pseudo-terminal standing in for the
 * reader's USB serial port: the program writes to the pty's master the way readers write
 * (noise, a line of the wrong shape, then the MRZ in STX/ETX with CRLF), reads the MRZ
 * through idv_serial_reader_read_mrz, then checks the timeout, the cancel flag, a file that
 * is no serial port and a reader that goes away.
 *
 * usage: serial_reader NOW_UNIX
 * prints: "mrz LINE" per MRZ line read, "ok CODE CALL" per answer as documented
 * exit:  0 when every answer was the documented one, 1 otherwise, 2 on setup failure
 */
#define _XOPEN_SOURCE 600
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "expect.h"
#include "fail.h"
#include "idverify.h"

static const char READER_OUTPUT[] =
    "\xff\x01" "ERR 17\r\nP<UTO\r\n"
    "\x02P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r\n"
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10\r\n\x03";

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: serial_reader NOW_UNIX\n");
    return 2;
  }
  int64_t now = strtoll(argv[1], NULL, 10);
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
    perror("pty");
    return 2;
  }
  const char *port = ptsname(master);
  if (port == NULL) {
    perror("ptsname");
    return 2;
  }
  idv_serial_reader *reader = NULL;
  idv_result r = idv_serial_reader_open(port, strlen(port), 9600, &reader);
  if (r != IDV_OK) return fail("idv_serial_reader_open", r);

  /* The MRZ, after noise and a line of the wrong shape. */
  if (write(master, READER_OUTPUT, sizeof READER_OUTPUT - 1) != (ssize_t)(sizeof READER_OUTPUT - 1)) {
    perror("write");
    return 2;
  }
  const char *mrz = NULL;
  size_t mrz_len = 0;
  EXPECT(idv_serial_reader_read_mrz(reader, 5000, now, NULL, &mrz, &mrz_len), IDV_OK);
  if (mrz != NULL) {
    const char *line = mrz, *end = mrz + mrz_len;
    while (line < end) {
      const char *nl = memchr(line, '\n', (size_t)(end - line));
      size_t n = nl ? (size_t)(nl - line) : (size_t)(end - line);
      printf("mrz %.*s\n", (int)n, line);
      line += n + 1;
    }
  }

  /* Nothing more comes: a timeout that says so. */
  EXPECT(idv_serial_reader_read_mrz(reader, 300, now, NULL, &mrz, &mrz_len), IDV_ERR_TIMEOUT);
  expect_detail(__LINE__, "no data from the MRZ reader within 300ms");

  /* A raised cancel flag ends the wait. */
  idv_cancel *cancel = NULL;
  EXPECT(idv_cancel_new(&cancel), IDV_OK);
  EXPECT(idv_cancel_request(cancel), IDV_OK);
  EXPECT(idv_serial_reader_read_mrz(reader, 30000, now, cancel, &mrz, &mrz_len),
         IDV_ERR_CANCELLED);
  EXPECT(idv_cancel_free(cancel), IDV_OK);

  /* Bad arguments. */
  EXPECT(idv_serial_reader_read_mrz(reader, 100, now, NULL, NULL, &mrz_len),
         IDV_ERR_NULL_ARGUMENT);
  EXPECT(idv_serial_reader_read_mrz(NULL, 100, now, NULL, &mrz, &mrz_len),
         IDV_ERR_NULL_ARGUMENT);
  idv_serial_reader *other = NULL;
  EXPECT(idv_serial_reader_open("/dev/null", 9, 9600, &other), IDV_ERR_INVALID_ARGUMENT);
  expect_detail(__LINE__, "/dev/null is not a serial port (not a terminal)");
  EXPECT(idv_serial_reader_open("/dev/ttyNOSUCH", 14, 9600, &other), IDV_ERR_IO);
  expect_detail(__LINE__, "cannot open /dev/ttyNOSUCH: ");

  /* The reader goes away (USB adapter unplugged): the read ends with an I/O error. */
  close(master);
  EXPECT(idv_serial_reader_read_mrz(reader, 5000, now, NULL, &mrz, &mrz_len), IDV_ERR_IO);
  expect_detail(__LINE__, "the serial reader hung up");

  EXPECT(idv_serial_reader_free(reader), IDV_OK);
  EXPECT(idv_serial_reader_free(NULL), IDV_OK);
  printf("%d unexpected answers\n", failures);
  return failures == 0 ? 0 : 1;
}
