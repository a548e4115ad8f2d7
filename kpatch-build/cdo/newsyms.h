/* SPDX-License-Identifier: GPL-2.0 */
/* The global symbols other objects of this patch define anew (newsyms.c). */
#ifndef CDO_NEWSYMS_H
#define CDO_NEWSYMS_H

#include <stdbool.h>

struct newsyms;

/* path NULL or "": an empty list. NULL when the file cannot be read. */
struct newsyms *newsyms_read(const char *path);
bool newsyms_has(const struct newsyms *ns, const char *name);
void newsyms_free(struct newsyms *ns);

#endif
