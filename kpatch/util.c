// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Small helpers of the kpatch command: messages, path building, reading and
 * writing sysfs-style attribute files, directory listings and turning a file
 * name or patch name into the kernel's module name.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kpatch.h"

void kp_err(const char *fmt, ...)
{
	va_list ap;

	fputs("kpatch: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void kp_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* Build a path; a path that does not fit is an error, never truncated. */
int kp_path(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, KP_PATH_MAX, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= KP_PATH_MAX) {
		buf[0] = '\0';
		return -ENAMETOOLONG;
	}
	return 0;
}

bool kp_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

bool kp_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool kp_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static const char *file_type(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

/*
 * Module files are read whole: a FIFO would block, a device never end.
 * Refuse anything but a regular file up front, naming what it is.
 */
int kp_check_regular(const char *path)
{
	struct stat st;
	int err;

	if (stat(path, &st) != 0) {
		err = errno;
		kp_err("%s: %s", path, err == ENOENT ? "no such file" : strerror(err));
		return -err;
	}
	if (S_ISREG(st.st_mode))
		return 0;
	kp_err("%s is %s, not a module file", path, file_type(st.st_mode));
	return -EINVAL;
}

/*
 * Read a whole regular file into a NUL-terminated buffer; NULL with errno
 * set. O_NONBLOCK and the fstat check keep a FIFO or device swapped in
 * after a check from hanging the command (EINVAL).
 */
char *kp_read_file(const char *path, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1), *tmp;
	struct stat st;
	ssize_t r;
	int fd, saved;

	if (!buf)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		goto fail;
	if (fstat(fd, &st) != 0)
		goto fail_fd;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto fail_fd;
	}
	for (;;) {
		if (n == cap) {
			cap *= 2;
			tmp = realloc(buf, cap + 1);
			if (!tmp)
				goto fail_fd;
			buf = tmp;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail_fd;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
fail_fd:
	saved = errno;
	close(fd);
	errno = saved;
fail:
	saved = errno;
	free(buf);
	errno = saved;
	return NULL;
}

/* Read a one-line attribute without its trailing newline. */
int kp_read_attr(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -errno;
	if (!fgets(buf, (int)size, f))
		buf[0] = '\0';
	fclose(f);
	n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

/* sysfs reports a refused store as the error of write(2), so use it raw. */
int kp_write_attr(const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t r;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = write(fd, val, len);
	if (r < 0) {
		r = -errno;
		close(fd);
		return (int)r;
	}
	if (close(fd) != 0)
		return -errno;
	return (size_t)r == len ? 0 : -EIO;
}

bool kp_ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/*
 * The kernel names a module after its file with '-' turned into '_', so
 * "/x/kpatch-foo.ko", "kpatch-foo" and "kpatch_foo" all mean kpatch_foo.
 */
void kp_module_name(const char *arg, char *name)
{
	const char *base = strrchr(arg, '/');
	size_t i, n;

	base = base ? base + 1 : arg;
	n = strlen(base);
	if (kp_ends_with(base, ".ko"))
		n -= 3;
	if (n >= KP_NAME_MAX)
		n = KP_NAME_MAX - 1;
	for (i = 0; i < n; i++)
		name[i] = base[i] == '-' ? '_' : base[i];
	name[n] = '\0';
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Sorted names in dir: directories when dirs, otherwise regular files ending
 * in suffix. A missing directory is an empty list. Returns the count.
 */
int kp_list_dir(const char *dir, const char *suffix, bool dirs, char ***names)
{
	char path[KP_PATH_MAX], **list = NULL;
	struct dirent *de;
	int n = 0, cap = 0;
	DIR *d;

	*names = NULL;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (kp_path(path, "%s/%s", dir, de->d_name))
			continue;
		if (dirs ? !kp_is_dir(path) :
		    !(kp_is_file(path) && kp_ends_with(de->d_name, suffix)))
			continue;
		if (kp_grow(&list, n, &cap, sizeof(*list)))
			break;
		list[n] = strdup(de->d_name);
		if (list[n])
			n++;
	}
	closedir(d);
	if (n)
		qsort(list, (size_t)n, sizeof(*list), cmp_str);
	*names = list;
	return n;
}

/* arr points at any object pointer: read and written through memcpy. */
int kp_grow(void *arr, int n, int *cap, size_t size)
{
	void *old, *tmp;
	int want;

	if (n < *cap)
		return 0;
	want = *cap ? *cap * 2 : 16;
	memcpy(&old, arr, sizeof(old));
	tmp = realloc(old, (size_t)want * size);
	if (!tmp)
		return -ENOMEM;
	memcpy(arr, &tmp, sizeof(tmp));
	*cap = want;
	return 0;
}

void kp_free_list(char **names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

void kp_sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}
