// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The little JSON the --json outputs need: strings escaped as RFC 8259
 * asks (quotes, backslashes, control characters, and bytes that are not
 * UTF-8), written to stdout.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "kpatch.h"

/*
 * Length of the valid UTF-8 sequence at p (RFC 3629: no overlong forms,
 * no surrogates, nothing past U+10FFFF), or 0.
 */
static int utf8_len(const unsigned char *p)
{
	unsigned char lo = 0x80, hi = 0xbf;
	int n, i;

	if (*p < 0x80)
		return 1;
	if (*p >= 0xc2 && *p <= 0xdf)
		n = 2;
	else if (*p >= 0xe0 && *p <= 0xef)
		n = 3;
	else if (*p >= 0xf0 && *p <= 0xf4)
		n = 4;
	else
		return 0;
	if (*p == 0xe0)
		lo = 0xa0;
	else if (*p == 0xed)
		hi = 0x9f;
	else if (*p == 0xf0)
		lo = 0x90;
	else if (*p == 0xf4)
		hi = 0x8f;
	for (i = 1; i < n; i++, lo = 0x80, hi = 0xbf)
		if (p[i] < lo || p[i] > hi)
			return 0;
	return n;
}

/*
 * A byte that is not valid UTF-8 (a module or file name is any bytes) is
 * written as \u00XX, so the output stays valid JSON and the byte is seen.
 */
void kp_json_str(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	int n;

	putchar('"');
	while (*p) {
		n = utf8_len(p);
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", stdout);
		else if (*p == '\t')
			fputs("\\t", stdout);
		else if (*p < 0x20 || !n)
			printf("\\u%04x", *p);
		else
			fwrite(p, 1, (size_t)n, stdout);
		p += n ? n : 1;
	}
	putchar('"');
}

/*
 * A JSON text (RFC 8259) checked before it is copied into an output, so a
 * corrupt section of a module file cannot make that output invalid. Depth
 * is bounded; strings must be UTF-8 without raw control characters.
 */
struct scan {
	const unsigned char *p, *end;
	int depth;
};

static void ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
				 *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static bool lit(struct scan *s, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n))
		return false;
	s->p += n;
	return true;
}

static bool digits(struct scan *s)
{
	const unsigned char *start = s->p;

	while (s->p < s->end && isdigit(*s->p))
		s->p++;
	return s->p > start;
}

static bool number(struct scan *s)
{
	if (s->p < s->end && *s->p == '-')
		s->p++;
	if (s->p < s->end && *s->p == '0')
		s->p++;
	else if (!digits(s))
		return false;
	if (s->p < s->end && *s->p == '.' && (s->p++, !digits(s)))
		return false;
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		s->p++;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		return digits(s);
	}
	return true;
}

static bool string(struct scan *s)
{
	int n, i;

	if (s->p >= s->end || *s->p++ != '"')
		return false;
	while (s->p < s->end && *s->p != '"') {
		if (*s->p < 0x20)
			return false;
		if (*s->p == '\\') {
			if (++s->p >= s->end)
				return false;
			if (*s->p == 'u') {
				for (i = 1; i <= 4; i++)
					if (s->p + i >= s->end || !isxdigit(s->p[i]))
						return false;
				s->p += 5;
			} else if (strchr("\"\\/bfnrt", *s->p) && *s->p) {
				s->p++;
			} else {
				return false;
			}
			continue;
		}
		/* utf8_len reads at most 4 bytes; stop at the end. */
		for (n = 1; n < 4 && s->p + n < s->end && s->p[n] >= 0x80; n++)
			;
		{
			unsigned char buf[5] = { 0 };

			memcpy(buf, s->p, (size_t)n);
			n = utf8_len(buf);
		}
		if (!n)
			return false;
		s->p += n;
	}
	return s->p++ < s->end;
}

static bool value(struct scan *s);

/* An object (close '}') or an array (close ']'), after its opening. */
static bool members(struct scan *s, unsigned char close)
{
	ws(s);
	if (s->p < s->end && *s->p == close)
		return s->p++, true;
	for (;;) {
		ws(s);
		if (close == '}') {
			if (!string(s))
				return false;
			ws(s);
			if (s->p >= s->end || *s->p++ != ':')
				return false;
		}
		if (!value(s))
			return false;
		ws(s);
		if (s->p >= s->end)
			return false;
		if (*s->p == close)
			return s->p++, true;
		if (*s->p++ != ',')
			return false;
	}
}

static bool value(struct scan *s)
{
	bool ok;

	ws(s);
	if (s->p >= s->end)
		return false;
	switch (*s->p) {
	case '{':
	case '[':
		if (++s->depth > 64)
			return false;
		s->p++;
		ok = members(s, s->p[-1] == '{' ? '}' : ']');
		s->depth--;
		return ok;
	case '"':
		return string(s);
	case 't':
		return lit(s, "true");
	case 'f':
		return lit(s, "false");
	case 'n':
		return lit(s, "null");
	default:
		return number(s);
	}
}

bool kp_json_valid(const char *text, size_t n)
{
	struct scan s = { (const unsigned char *)text,
			  (const unsigned char *)text + n, 0 };

	if (!value(&s))
		return false;
	ws(&s);
	return s.p == s.end;
}
