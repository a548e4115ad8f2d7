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

static void put_field(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' ? ' ' : *s, f);
}

void report_fact(const char *kind, const char *name, const char *fmt, ...)
{
	static FILE *facts;
	static bool opened;
	char detail[1024];
	const char *path;
	va_list ap;

	if (!opened) {
		opened = true;
		path = getenv("KPATCH_REPORT_FACTS");
		if (path && *path) {
			facts = fopen(path, "a");
			if (!facts)
				log_error("cannot append to %s (KPATCH_REPORT_FACTS)",
					  path);
		}
	}
	if (!facts)
		return;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	put_field(facts, log_object);
	fputc('\t', facts);
	put_field(facts, kind);
	fputc('\t', facts);
	put_field(facts, name);
	fputc('\t', facts);
	put_field(facts, detail);
	fputc('\n', facts);
	fflush(facts);
}

bool report_facts_wanted(void)
{
	const char *path = getenv("KPATCH_REPORT_FACTS");

	return path && *path;
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
