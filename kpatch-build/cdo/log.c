// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"

bool log_debug_on;
bool log_quiet;
const char *log_object = "?";

static void vlog(FILE *f, const char *level, const char *fmt, va_list ap)
{
	if (log_quiet)
		return;
	fprintf(f, "%s: %s", log_object, level);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(stderr, "ERROR: ", fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(stdout, "", fmt, ap);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_debug_on)
		return;
	va_start(ap, fmt);
	vlog(stdout, "debug: ", fmt, ap);
	va_end(ap);
}

void die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(stderr, status == CDO_UNSUPPORTED ? "unsupported: " : "ERROR: ",
	     fmt, ap);
	va_end(ap);
	exit(status);
}
