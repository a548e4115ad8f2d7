/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kpatch-report: the reviewer's report of one kpatch-build run, assembled
 * from a facts file ("OBJECT<TAB>KIND<TAB>NAME<TAB>DETAIL" lines: those
 * create-diff-object appends through report_fact(), and kpatch-build's own
 * about the build, OBJECT "-", KIND "build", and the objects, KIND "object").
 */
#ifndef KPATCH_REPORT_H
#define KPATCH_REPORT_H

#include <stdbool.h>
#include <stdio.h>

struct fact {
	char *kind;
	char *name;
	char *detail;		/* "" when the line had none */
};

struct object {
	char *name;
	char *parent;		/* from kpatch-build's "object" fact, or NULL */
	char *outcome;		/* patched, no change, refused, error, or NULL */
	struct fact *facts;	/* in the order the differ wrote them */
	int n, cap;
};

struct report {
	struct fact *build;	/* OBJECT "-": kpatch-build's build facts */
	int nbuild, capbuild;
	struct object *objs;	/* in order of first appearance */
	int nobjs, capobjs;
	int malformed;		/* lines without the tabs, kept as "other" */
};

/* One kind of fact: how the text calls its group and the JSON its list. */
struct kind_info {
	const char *kind;
	const char *heading;
	const char *key;
};

extern const struct kind_info report_kinds[];
extern const int report_nkinds;

struct summary {
	int objects, objects_patched;
	int replaced, new_funcs, new_data;
	int inline_only;	/* replaced only for what they inline: no changed fact */
	int refused, risks;
	char layout[1024];	/* the layout check's summary lines, or "" */
};

/* facts.c */
int report_read(FILE *f, struct report *r);
void report_free(struct report *r);
const char *report_build(const struct report *r, const char *key);
const struct kind_info *report_kind(const char *kind);
bool report_is_function_kind(const char *kind);
bool report_has_function(const struct object *o, const char *name);
void report_summarize(const struct report *r, struct summary *s);
bool report_is_empty(const char *s);
bool report_known_build(const struct fact *f);

/* text.c, json.c */
void report_text(const struct report *r);
void report_json(const struct report *r);

/* ../kpatch/json.c: a JSON string, escaped, to stdout. */
void kp_json_str(const char *s);

#endif
