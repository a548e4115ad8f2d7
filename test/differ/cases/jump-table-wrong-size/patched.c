#include "kernel-lite.h"

extern struct static_key kt_feature_key;

int kt_branchy(int x)
{
	if (kt_static_branch(&kt_feature_key))
		return x + 100;
	return x + 2;
}

int kt_steady(int x)
{
	if (kt_static_branch(&kt_feature_key))
		return x - 100;
	return x - 1;
}
