/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Declarations shared by the pieces of the kpatch command: the roots it works
 * under (overridable for tests), error reporting, small file helpers, the
 * .modinfo reader, the module syscalls and one entry point per subcommand.
 */
#ifndef KPATCH_CLI_H
#define KPATCH_CLI_H

#include <stdbool.h>
#include <stddef.h>

#ifndef KPATCH_VERSION
#define KPATCH_VERSION "0.0.0-dev"
#endif

#define KP_PATH_MAX 4096
#define KP_NAME_MAX 256

/* Seconds to wait for a patch's `enabled` to reach the wanted value. */
#define KP_WAIT_SECONDS 30

/* env.c: where things live; each honours an environment override. */
const char *kp_sysfs(void);		/* KPATCH_SYSFS, default /sys */
const char *kp_data_dir(void);		/* KPATCH_DATA_DIR, /var/lib/kpatch */
const char *kp_module_dir(void);	/* KPATCH_MODULE_DIR, /lib/modules */
const char *kp_running_release(void);	/* uname -r */
bool kp_is_root(void);
int kp_need_root(const char *what);

/* util.c */
void kp_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kp_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kp_path(char *buf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bool kp_exists(const char *path);
bool kp_is_dir(const char *path);
bool kp_is_file(const char *path);
int kp_check_regular(const char *path);
char *kp_read_file(const char *path, size_t *len);
int kp_read_attr(const char *path, char *buf, size_t size);
int kp_write_attr(const char *path, const char *val);
bool kp_ends_with(const char *s, const char *suffix);
void kp_module_name(const char *arg, char *name);
int kp_list_dir(const char *dir, const char *suffix, bool dirs,
		char ***names);
void kp_free_list(char **names, int n);
/* Room for one more element in *arr (n used of *cap); -ENOMEM keeps *arr. */
int kp_grow(void *arr, int n, int *cap, size_t size);
void kp_sleep_ms(unsigned int ms);
int kp_usage_error(const char *cmd, const char *what);
int kp_bad_option(const char *cmd, char **argv, int c);
int kp_all_or_one(const char *cmd, int argc, char **argv, void (*help)(void),
		  const char *missing, bool *all, const char **arg);

/* modinfo.c: the .modinfo section of a module file. */
struct kp_modinfo {
	char *data;		/* whole file */
	size_t size;
	const char *info;	/* start of .modinfo inside data */
	size_t info_size;
	const char *checksum;	/* .kpatch.checksum's string, or NULL */
	const char *report;	/* kpatch-build's report sections, or NULL */
	size_t report_size;
	const char *report_json;
	size_t report_json_size;
};

int kp_modinfo_open(const char *path, struct kp_modinfo *mi);
void kp_modinfo_close(struct kp_modinfo *mi);
const char *kp_modinfo_get(const struct kp_modinfo *mi, const char *key);
int kp_modinfo_next(const struct kp_modinfo *mi, size_t *pos,
		    const char **entry);
int kp_check_vermagic(const char *path, const struct kp_modinfo *mi,
		      const char *release);
void kp_modinfo_name(const char *path, const struct kp_modinfo *mi,
		     char *name);
int kp_module_identify(const char *path, const char *release, char *name);
int kp_module_identify_sum(const char *path, const char *release, char *name,
			   char *sum, size_t size);

/* origin.c: the file each loaded patch was loaded from (KPATCH_RUN_DIR). */
const char *kp_run_dir(void);
void kp_origin_record(const char *name, const char *path);
void kp_origin_forget(const char *name);
int kp_origin_path(const char *name, char *path);

/* kmod.c: module syscalls and the core module. */
bool kp_module_loaded(const char *name);
bool kp_core_loaded(void);
int kp_insert_module(const char *path, const char *name);
int kp_remove_module(const char *name);
int kp_ensure_core(void);

/* patch.c: a loaded patch as sysfs shows it. */
bool kp_patch_present(const char *name);
int kp_patch_enabled(const char *name);
int kp_patch_set_enabled(const char *name, int val);
int kp_patch_attr_path(char *buf, const char *name, const char *attr);
int kp_find_installed(const char *release, const char *arg, char *path);
int kp_patch_checksum(const char *name, char *buf, size_t size);

/* timeline.c: the core's timeline read back. */
struct kp_event {
	char event[32];
	char patch[KP_NAME_MAX];
	bool ok;
	int err;
	int busy_pid;		/* refuse events: the blocking task ... */
	char busy_comm[64];
	char busy_func[KP_NAME_MAX];	/* ... and the function it was in */
};

struct kp_timeline {
	struct kp_event *ev;	/* oldest first */
	int n;
};

int kp_timeline_load(struct kp_timeline *tl);
void kp_timeline_free(struct kp_timeline *tl);
int kp_timeline_load_rank(const struct kp_timeline *tl, const char *name);
const struct kp_event *kp_timeline_last_refuse(const struct kp_timeline *tl,
					       const char *name);

/* stack.c: loaded patches in stack order and their functions. */
struct kp_func {
	char obj[KP_NAME_MAX];
	char name[KP_NAME_MAX];
	unsigned long sympos;
	char old_addr[32];
	char new_addr[32];
	char state[16];		/* applied, reverted or deferred */
};

struct kp_live {
	struct kp_func func;
	const char *patch;	/* whose version runs */
};

int kp_loaded_patches(char ***names);
int kp_patch_funcs(const char *patch, struct kp_func **out);
int kp_live_functions(char **names, int nr, struct kp_live **live);
int kp_newer_patch(const char *name, char *newer, char *func);

/* transition.c: retries and explanations of the core's refusals. */
void kp_retry_config(unsigned int *attempts, unsigned int *interval);
void kp_busy_retry_note(const char *name, unsigned int attempt,
			unsigned int attempts, unsigned int interval);
void kp_busy_error(const char *name, const char *verb, unsigned int attempts,
		   unsigned int interval);
void kp_stack_error(const char *name);
void kp_insert_error(const char *name, int err);

/* systemd.c */
int kp_enable_boot_unit(void);

/* json.c */
void kp_json_str(const char *s);
bool kp_json_valid(const char *s, size_t n);

/* report.c: the reviewer's report a patch module carries. */
struct kp_report {
	char path[KP_PATH_MAX];	/* the file it was read from */
	char why[KP_PATH_MAX + 256];	/* why there is none */
	struct kp_modinfo mi;	/* holds the sections */
	bool have_mi, bad_json;
};

void kp_report_find(const char *name, const char *loaded_sum,
		    const char *given, const char *installed,
		    struct kp_report *rep);
void kp_report_print(const struct kp_report *rep);
void kp_report_print_json(const struct kp_report *rep);
void kp_report_free(struct kp_report *rep);

/* Subcommands; each returns the process exit status. */
int cmd_load(int argc, char **argv);
int cmd_unload(int argc, char **argv);
int cmd_install(int argc, char **argv);
int cmd_uninstall(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_log(int argc, char **argv);
int kp_json_flag(const char *cmd, int argc, char **argv, const char *help,
		 bool *json, const char **arg);
int cmd_version(int argc, char **argv);

#endif
