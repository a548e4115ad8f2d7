// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `kpatch install [-k KVER] MODULE.ko` and `kpatch uninstall [-k KVER] NAME`:
 * keep patch modules under DATA_DIR/KVER/ (default /var/lib/kpatch, as
 * upstream kpatch does) where `kpatch load --all` and the boot unit find
 * them. Installing checks the module was built for KVER, copies it
 * atomically and enables kpatch.service when systemd runs; neither command
 * touches the running kernel.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kpatch.h"

static void usage_install(void)
{
	fputs("usage: kpatch install [-k KERNEL-VERSION] MODULE.ko\n"
	      "\n"
	      "Install a patch module so that it is loaded at every boot of\n"
	      "that kernel (by kpatch load --all).\n"
	      "\n"
	      "  -k, --kernel-version=KVER  install for KVER instead of the\n"
	      "                             running kernel\n"
	      "  -h, --help                 show this help\n", stdout);
}

static void usage_uninstall(void)
{
	fputs("usage: kpatch uninstall [-k KERNEL-VERSION] NAME\n"
	      "\n"
	      "Remove an installed patch module. A loaded patch stays loaded\n"
	      "until kpatch unload.\n"
	      "\n"
	      "  -k, --kernel-version=KVER  uninstall for KVER instead of the\n"
	      "                             running kernel\n"
	      "  -h, --help                 show this help\n", stdout);
}

/* A permission error means "run as root" to the user; say so. */
static void fs_error(const char *cmd, const char *what, const char *path,
		     int err)
{
	if ((err == EACCES || err == EPERM || err == EROFS) && !kp_is_root())
		kp_err("%s needs root: cannot %s %s: %s", cmd, what, path,
		       strerror(err));
	else
		kp_err("cannot %s %s: %s", what, path, strerror(err));
}

/*
 * Refuse before any progress line: the nearest existing directory on the
 * way to PATH must be writable by us.
 */
static int check_writable(const char *cmd, const char *path)
{
	char p[KP_PATH_MAX], *slash;

	if (kp_path(p, "%s", path))
		return -1;
	while (access(p, F_OK) != 0 && (slash = strrchr(p, '/')) && slash != p)
		*slash = '\0';
	if (access(p, W_OK | X_OK) == 0)
		return 0;
	fs_error(cmd, "write into", p, errno);
	return -1;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0755) == 0 || (errno == EEXIST && kp_is_dir(path)))
		return 0;
	return errno == EEXIST ? ENOTDIR : errno;
}

static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t w;

	while (len) {
		w = write(fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return errno;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Copy through a temporary file and rename, so a crash leaves no half file. */
static int copy_atomic(const char *src, const char *dir, const char *base)
{
	char tmp[KP_PATH_MAX], dst[KP_PATH_MAX], *buf;
	size_t len;
	int fd, err;

	if (kp_path(tmp, "%s/.%s.tmp", dir, base) ||
	    kp_path(dst, "%s/%s", dir, base))
		return ENAMETOOLONG;
	buf = kp_read_file(src, &len);
	if (!buf)
		return errno;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		err = errno;
		free(buf);
		return err;
	}
	err = write_all(fd, buf, len);
	free(buf);
	if (!err && fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && !err)
		err = errno;
	if (!err && rename(tmp, dst) != 0)
		err = errno;
	if (err)
		unlink(tmp);
	return err;
}

static bool same_content(const char *a, const char *b)
{
	size_t la, lb;
	char *da = kp_read_file(a, &la), *db = kp_read_file(b, &lb);
	bool same = da && db && la == lb && !memcmp(da, db, la);

	free(da);
	free(db);
	return same;
}

static int install(const char *file, const char *kver)
{
	char dir[KP_PATH_MAX], old[KP_PATH_MAX], name[KP_NAME_MAX];
	const char *base = strrchr(file, '/');
	int err;

	base = base ? base + 1 : file;
	if (kp_check_regular(file))
		return 1;
	if (!kp_ends_with(base, ".ko")) {
		kp_err("%s is not a .ko file", file);
		return 1;
	}
	if (kp_module_identify(file, kver, name))
		return 1;
	if (kp_path(dir, "%s/%s", kp_data_dir(), kver))
		return 1;
	if (!kp_find_installed(kver, base, old)) {
		if (!strcmp(strrchr(old, '/') + 1, base) &&
		    same_content(file, old)) {
			kp_info("%s is already installed for kernel %s", base, kver);
			return kp_enable_boot_unit();
		}
		kp_err("%s is already installed for kernel %s as %s; uninstall it first",
		       name, kver, old);
		return 1;
	}
	if (check_writable("kpatch install", dir))
		return 1;
	kp_info("installing %s (%s)", file, kver);
	err = make_dir(kp_data_dir());
	if (err) {
		fs_error("kpatch install", "create", kp_data_dir(), err);
		return 1;
	}
	err = make_dir(dir);
	if (err) {
		fs_error("kpatch install", "create", dir, err);
		return 1;
	}
	err = copy_atomic(file, dir, base);
	if (err) {
		fs_error("kpatch install", "write into", dir, err);
		return 1;
	}
	kp_info("installed %s for kernel %s in %s", name, kver, dir);
	return kp_enable_boot_unit();
}

static int uninstall(const char *arg, const char *kver)
{
	char path[KP_PATH_MAX], dir[KP_PATH_MAX], name[KP_NAME_MAX];

	if (strchr(arg, '/')) {
		kp_err("uninstall: give the patch name (e.g. kpatch-foo.ko), not a path");
		return 1;
	}
	kp_module_name(arg, name);
	if (kp_find_installed(kver, arg, path)) {
		kp_err("%s is not installed for kernel %s", arg, kver);
		return 1;
	}
	if (kp_path(dir, "%s/%s", kp_data_dir(), kver) ||
	    check_writable("kpatch uninstall", dir))
		return 1;
	kp_info("uninstalling %s (%s)", arg, kver);
	if (unlink(path) != 0) {
		fs_error("kpatch uninstall", "remove", path, errno);
		return 1;
	}
	/* Tidy up an emptied per-kernel directory; failure is harmless. */
	rmdir(dir);
	if (kp_module_loaded(name))
		kp_info("%s stays loaded until 'kpatch unload %s'", name, name);
	return 0;
}

static int parse(int argc, char **argv, const char *cmd, const char **kver,
		 const char **arg)
{
	static const struct option opts[] = {
		{ "kernel-version", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	*kver = kp_running_release();
	while ((c = getopt_long(argc, argv, "+:k:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (!optarg[0] || strchr(optarg, '/') ||
			    !strcmp(optarg, "..") || !strcmp(optarg, "."))
				return kp_usage_error(cmd, "invalid kernel version");
			*kver = optarg;
			break;
		case 'h':
			return -1;
		default:
			return kp_bad_option(cmd, argv, c);
		}
	}
	if (optind + 1 != argc)
		return kp_usage_error(cmd, optind == argc ?
				      "missing patch module" :
				      "too many arguments");
	*arg = argv[optind];
	return 0;
}

int cmd_install(int argc, char **argv)
{
	const char *kver, *file;
	int ret = parse(argc, argv, "install", &kver, &file);

	if (ret < 0) {
		usage_install();
		return 0;
	}
	return ret ? ret : install(file, kver);
}

int cmd_uninstall(int argc, char **argv)
{
	const char *kver, *name;
	int ret = parse(argc, argv, "uninstall", &kver, &name);

	if (ret < 0) {
		usage_uninstall();
		return 0;
	}
	return ret ? ret : uninstall(name, kver);
}
