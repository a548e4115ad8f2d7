// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The little JSON the --json outputs need: strings escaped as RFC 8259
 * asks (quotes, backslashes, control characters), written to stdout.
 */
#include <stdio.h>

#include "kpatch.h"

void kp_json_str(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	putchar('"');
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", stdout);
		else if (*p == '\t')
			fputs("\\t", stdout);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}
