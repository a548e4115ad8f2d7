// SPDX-License-Identifier: GPL-2.0
/* edge_f() returns 2: the bottom of the stack (edge_patch.h). */
#define KP_FN edge_f
#define KP_OFF f_off
#define KP_VER 2
#include "edge_patch.h"
