// SPDX-License-Identifier: GPL-2.0
/* edge_f() returns 3: the top of the stack (edge_patch.h). */
#define KP_FN edge_f
#define KP_OFF f_off
#define KP_VER 3
#include "edge_patch.h"
