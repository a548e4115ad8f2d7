// SPDX-License-Identifier: GPL-2.0
/* Stress patch r: see stress_patch.h. */
#define KP_TAG "stress-r"
#define KP_REPLACE 1
#define KP_VERSION 1
#include "stress_patch.h"
