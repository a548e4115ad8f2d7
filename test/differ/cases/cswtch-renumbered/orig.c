#include "kernel-lite.h"

int kt_map3(int x)
{
	switch (x) {
	case 0: return 10; case 1: return 23; case 2: return 37;
	case 3: return 41; case 4: return 55; case 5: return 71;
	default: return 1;
	}
}

int kt_map(int x)
{
	switch (x) {
	case 0: return 10; case 1: return 23; case 2: return 37;
	case 3: return 41; case 4: return 55; case 5: return 71;
	default: return 0;
	}
}

int kt_map2(int x)
{
	switch (x) {
	case 0: return 10; case 1: return 23; case 2: return 37;
	case 3: return 41; case 4: return 55; case 5: return 71;
	default: return 0;
	}
}
