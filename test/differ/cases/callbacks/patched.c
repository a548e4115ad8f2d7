#include "kernel-lite.h"
#include "kpatch-test-macros.h"

static int kt_phase;

int kt_answer(int x)
{
	return x * 3 + kt_phase;
}

static int kt_pre(struct kpatch_object *obj)
{
	kt_phase = 1;
	return 0;
}
KPATCH_PRE_PATCH_CALLBACK(kt_pre);

static void kt_post(struct kpatch_object *obj)
{
	kt_phase = 2;
}
KPATCH_POST_PATCH_CALLBACK(kt_post);

static void kt_pre_un(struct kpatch_object *obj)
{
	kt_phase = 3;
}
KPATCH_PRE_UNPATCH_CALLBACK(kt_pre_un);

static void kt_post_un(struct kpatch_object *obj)
{
	kt_phase = 0;
}
KPATCH_POST_UNPATCH_CALLBACK(kt_post_un);
