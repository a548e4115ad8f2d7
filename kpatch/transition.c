// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the core's refusals mean to the person running kpatch: the EBUSY of
 * the activeness check (a task is running, or sleeping in, a function the
 * transition would change) is retried like upstream kpatch does, 5 tries
 * 2 s apart by default, and then explained with the blocking task and
 * function from the timeline; the EPERM of a stacking refusal names the
 * newer patch to remove first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpatch.h"

static unsigned int env_uint(const char *var, unsigned int def,
			     unsigned int min, unsigned int max)
{
	const char *v = getenv(var);
	char *end;
	unsigned long n;

	if (!v || !*v)
		return def;
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end || n < min || n > max) {
		kp_err("ignoring %s=%s: not a number from %u to %u", var, v,
		       min, max);
		return def;
	}
	return (unsigned int)n;
}

/* KPATCH_LOAD_ATTEMPTS (1..100, default 5), KPATCH_RETRY_INTERVAL (s, 0..600, 2). */
void kp_retry_config(unsigned int *attempts, unsigned int *interval)
{
	*attempts = env_uint("KPATCH_LOAD_ATTEMPTS", 5, 1, 100);
	*interval = env_uint("KPATCH_RETRY_INTERVAL", 2, 0, 600);
}

/*
 * "msleep_interruptible is in use by task 123 (sleeper)", an unreliable
 * stack said as such, or a fallback.
 */
static void blocker(const char *name, char *buf, size_t size)
{
	const struct kp_event *e;
	struct kp_timeline tl;

	kp_timeline_load(&tl);
	e = kp_timeline_last_refuse(&tl, name);
	if (e && !strcmp(e->busy_func, "<unreliable-stack>"))
		snprintf(buf, size,
			 "the stack of task %d (%s) could not be walked reliably (the kernel log says where the walk stopped)",
			 e->busy_pid, e->busy_comm);
	else if (e && e->busy_func[0])
		snprintf(buf, size, "%s is in use by task %d (%s)",
			 e->busy_func, e->busy_pid, e->busy_comm);
	else
		snprintf(buf, size,
			 "a function it changes is in use by some task (the core's timeline does not say which)");
	kp_timeline_free(&tl);
}

void kp_busy_retry_note(const char *name, unsigned int attempt,
			unsigned int attempts, unsigned int interval)
{
	char why[512];

	blocker(name, why, sizeof(why));
	kp_info("%s: busy: %s; try %u of %u refused, retrying in %u s", name,
		why, attempt + 1, attempts, interval);
}

void kp_busy_error(const char *name, const char *verb, unsigned int attempts,
		   unsigned int interval)
{
	char why[512];

	blocker(name, why, sizeof(why));
	kp_err("could not %s %s: %s, on all %u tries %u s apart. The function must not be running or sleeping in any task at the switch: wait until that task leaves it (or stop it) and run the command again, or allow more time with KPATCH_LOAD_ATTEMPTS and KPATCH_RETRY_INTERVAL",
	       verb, name, why, attempts, interval);
}

/* The core refused to disable name because a newer patch sits on top. */
void kp_stack_error(const char *name)
{
	char newer[KP_NAME_MAX], func[KP_NAME_MAX];

	if (kp_newer_patch(name, newer, func) == 0)
		kp_err("cannot disable %s: %s, loaded after it and enabled, also replaces %s, and patches come off in the reverse order they went on; unload %s first (kpatch unload --all does it in that order)",
		       name, newer, func, newer);
	else
		kp_err("cannot disable %s: a patch loaded after it and still enabled also replaces one of its functions; unload the newer patch first (kpatch unload --all does it in that order)",
		       name);
}

/* The value of a sysfs file under KPATCH_SYSFS, or "" if unreadable. */
static void sys_value(const char *rel, char *buf, size_t size)
{
	char path[KP_PATH_MAX];

	buf[0] = '\0';
	if (!kp_path(path, "%s/%s", kp_sysfs(), rel))
		kp_read_attr(path, buf, size);
}

/* The active lockdown mode ("integrity"...), or "" when none or unknown. */
static void lockdown_mode(char *buf, size_t size)
{
	char val[128], *l, *r;

	sys_value("kernel/security/lockdown", val, sizeof(val));
	l = strchr(val, '[');
	r = l ? strchr(l, ']') : NULL;
	buf[0] = '\0';
	if (l && r && strncmp(l + 1, "none", (size_t)(r - l - 1)))
		snprintf(buf, size, "%.*s", (int)(r - l - 1), l + 1);
}

#define SIGN_KEY "using a key the kernel trusts (the key its kernel was built with, or one enrolled as a Machine Owner Key with mokutil --import CERT)"
#define SIGN_HOW "build it with kpatch-build --sign-key KEY --sign-cert CERT " SIGN_KEY
/* The core module is built by make or DKMS, not by kpatch-build. */
#define SIGN_HOW_CORE "sign it with the kernel's scripts/sign-file sha256 KEY CERT kpatch.ko " SIGN_KEY

static const char *sign_how(const char *name)
{
	return strcmp(name, "kpatch") ? SIGN_HOW : SIGN_HOW_CORE;
}

/* The kernel refused to load a module file: say why and what to do. */
void kp_insert_error(const char *name, int err)
{
	char mode[64], enforce[8];

	lockdown_mode(mode, sizeof(mode));
	sys_value("module/module/parameters/sig_enforce", enforce, sizeof(enforce));
	switch (err) {
	case EKEYREJECTED:
	case ENOKEY:
	case EKEYREVOKED:
	case EBADMSG:
		kp_err("loading %s failed: %s: the kernel accepts only modules signed with a key it trusts (%s), and this one is unsigned or signed with another key; %s",
		       name, strerror(err),
		       enforce[0] == 'Y' ? "module.sig_enforce is on" :
		       mode[0] ? "lockdown" : "module signature checking",
		       sign_how(name));
		return;
	case EPERM:
		if (mode[0]) {
			kp_err("loading %s failed: %s: the kernel is locked down (lockdown=%s, as Secure Boot sets it) and refuses modules without a valid signature; %s",
			       name, strerror(err), mode, sign_how(name));
			return;
		}
		kp_err("loading %s failed: %s: loading modules needs CAP_SYS_MODULE, and is impossible once kernel.modules_disabled=1",
		       name, strerror(err));
		return;
	case EEXIST:
		kp_err("loading %s failed: a module of that name is already loaded", name);
		return;
	case ENOEXEC:
		kp_err("loading %s failed: %s: invalid module format (see dmesg)",
		       name, strerror(err));
		return;
	case ENOSYS:
		kp_err("loading %s failed: this kernel has no loadable module support", name);
		return;
	case ENOENT:
		kp_err("loading %s failed: %s: unknown symbol or missing object (see dmesg)",
		       name, strerror(err));
		return;
	default:
		kp_err("loading %s failed: %s (see dmesg)", name, strerror(err));
	}
}
