// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Entry point of the kpatch command: picks the subcommand, prints the overall
 * usage and the version, and holds the usage-error helpers every subcommand
 * shares so that a wrong invocation always ends in one line naming the
 * problem and the --help to read.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "kpatch.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;
	const char *help;
};

static const struct command commands[] = {
	{ "load", cmd_load, "[--all] MODULE.ko|NAME",
	  "load a patch (or all installed ones) into the running kernel" },
	{ "unload", cmd_unload, "[--all] NAME",
	  "disable a patch (or all) and remove its module" },
	{ "install", cmd_install, "[-k KERNEL-VERSION] MODULE.ko",
	  "install a patch to be loaded at every boot" },
	{ "uninstall", cmd_uninstall, "[-k KERNEL-VERSION] NAME",
	  "remove an installed patch" },
	{ "list", cmd_list, "[--json]",
	  "list loaded patches, the live version of each function, installed patches" },
	{ "info", cmd_info, "[--json] NAME|MODULE.ko",
	  "show a patch's functions, objects and last transition" },
	{ "log", cmd_log, "", "show the core module's patch timeline" },
	{ "version", cmd_version, "", "show the kpatch version (and the core's)" },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	size_t i;

	fputs("usage: kpatch <command> [<args>]\n\nCommands:\n", f);
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(f, "   %s%s%s\n      %s\n", commands[i].name,
			*commands[i].args ? " " : "", commands[i].args,
			commands[i].help);
	fputs("\n   -v, --version\n      print the bare version\n"
	      "\nRun 'kpatch <command> --help' for a command's options.\n", f);
}

int kp_usage_error(const char *cmd, const char *what)
{
	kp_err("%s: %s (see 'kpatch %s --help')", cmd, what, cmd);
	return 1;
}

/*
 * getopt's own message is off (opterr = 0, optstrings start with ':'), so
 * name the option here: c is ':' for a missing value, '?' for unknown.
 */
int kp_bad_option(const char *cmd, char **argv, int c)
{
	char what[KP_NAME_MAX];
	const char *opt = argv[optind - 1];

	if (c == ':')
		snprintf(what, sizeof(what), "option '%.200s' needs a value",
			 opt);
	else if (optopt)
		snprintf(what, sizeof(what), "unknown option '-%c'", optopt);
	else
		snprintf(what, sizeof(what), "unknown option '%.200s'", opt);
	return kp_usage_error(cmd, what);
}

/*
 * The arguments load and unload share: "--all", or exactly one module.
 * Returns -1 with *all or *arg set for the caller to go on, else the
 * command's exit status (help shown, or a usage error).
 */
int kp_all_or_one(const char *cmd, int argc, char **argv, void (*help)(void),
		  const char *missing, bool *all, const char **arg)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	*all = false;
	while ((c = getopt_long(argc, argv, "+:ah", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			*all = true;
			break;
		case 'h':
			help();
			return 0;
		default:
			return kp_bad_option(cmd, argv, c);
		}
	}
	if (*all && optind == argc)
		return -1;
	if (*all || optind + 1 != argc)
		return kp_usage_error(cmd, *all ? "--all takes no argument" :
				      optind == argc ? missing :
				      "too many arguments");
	*arg = argv[optind];
	return -1;
}

int cmd_version(int argc, char **argv)
{
	char path[KP_PATH_MAX], ver[128];

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		puts("usage: kpatch version\n\n"
		     "Print the version of this tool and, on a second line when\n"
		     "it is loaded, of the core module (kpatch -v prints only\n"
		     "the first).");
		return 0;
	}
	if (argc > 1)
		return kp_usage_error("version", "takes no arguments");
	puts(KPATCH_VERSION);
	if (kp_core_loaded() &&
	    !kp_path(path, "%s/module/kpatch/version", kp_sysfs()) &&
	    !kp_read_attr(path, ver, sizeof(ver)))
		printf("core module: %s\n", ver);
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd;
	size_t i;

	opterr = 0;
	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "help") || !strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-v")) {
		if (argc > 2)
			return kp_usage_error("version", "takes no arguments");
		puts(KPATCH_VERSION);
		return 0;
	}
	for (i = 0; i < N_COMMANDS; i++)
		if (!strcmp(cmd, commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	kp_err("'%s' is not a kpatch command (see 'kpatch --help')", cmd);
	return 1;
}
