// SPDX-License-Identifier: GPL-2.0
/* edge_l() returns 2: the patch of the late-entrant test (edge_late.c). */
#define KP_FN edge_l
#define KP_OFF l_off
#define KP_VER 2
#include "edge_patch.h"
