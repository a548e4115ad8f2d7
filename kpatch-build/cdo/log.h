/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Messages and exit statuses of create-diff-object. Every message names
 * the object being processed, so kpatch-build's log stays readable when
 * many objects are compared in a row.
 */
#ifndef CDO_LOG_H
#define CDO_LOG_H

#include <stdbool.h>

/* Exit statuses (documented in --help and relied on by kpatch-build). */
#define CDO_OK			0
#define CDO_ERROR		1
#define CDO_UNSUPPORTED		2
#define CDO_NO_CHANGE		3

extern bool log_debug_on;
extern bool log_quiet;		/* no messages at all (the fuzz target) */
extern const char *log_object;

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * The reviewer's report: when KPATCH_REPORT_FACTS names a file, one line
 * per fact is appended to it, "OBJECT<TAB>KIND<TAB>NAME<TAB>DETAIL", tabs
 * and newlines in the fields written as spaces. kpatch-build turns the
 * facts of every object into NAME.report. KIND is a word (changed, new-func,
 * refused, layout, risk, ...); NAME is what the fact is about. The kinds
 * and how their DETAIL starts are listed in kpatch-build/report-facts.md.
 */
void report_fact(const char *kind, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Whether KPATCH_REPORT_FACTS is set: the fact passes run only then. */
bool report_facts_wanted(void);
/* Print and exit with status. */
void die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

#endif
