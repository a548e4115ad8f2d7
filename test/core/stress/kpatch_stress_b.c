// SPDX-License-Identifier: GPL-2.0
/* Stress patch b: see stress_patch.h. */
#define KP_TAG "stress-b"
#define KP_REPLACE 0
#define KP_VERSION 1
#include "stress_patch.h"
