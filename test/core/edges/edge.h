/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the files of kpedge.ko (test/guest/core-edges.bats). */
#ifndef _KPEDGE_H_
#define _KPEDGE_H_

/* The functions the test patches replace; each returns its version. */
int edge_a(void);
int edge_b(void);
int edge_f(void);
int edge_l(unsigned int ms);
extern bool edge_l_entered;

int edge_nmi_init(void);
void edge_nmi_exit(void);
int edge_tasks_init(void);
void edge_tasks_exit(void);
int edge_late_init(void);
void edge_late_exit(void);

#endif /* _KPEDGE_H_ */
