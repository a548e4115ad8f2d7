// SPDX-License-Identifier: GPL-2.0
/* edge_f() returns 3: the top of the stack (edge_f_patch.h). */
#define KP_VER 3
#include "edge_f_patch.h"
