// SPDX-License-Identifier: GPL-2.0
/* Stress patch a: see stress_patch.h. */
#define KP_TAG "stress-a"
#define KP_REPLACE 0
#define KP_VERSION 0
#include "stress_patch.h"
