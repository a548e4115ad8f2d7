// SPDX-License-Identifier: GPL-2.0
/* edge_f() returns 2: the bottom of the stack (edge_f_patch.h). */
#define KP_VER 2
#include "edge_f_patch.h"
