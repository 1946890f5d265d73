/* svgfmt.h -- a small printf for the pictures (fit_svg.c, figure.c).
 *
 * A picture is hundreds of coordinates, each "%.1f": through vsnprintf
 * (twice: measure, then write) they cost about 4,000 instructions each,
 * 1 M for an exercise figure and 6 M for the sleep-support picture -- the
 * greater part of `assess --json` with body sizes (docs/performance.md).
 * This writes the few conversions the pictures use directly: %s, %c, %d,
 * %zu, %% and %.Nf (N from 0 to 3), byte for byte as printf writes them
 * (tests/unit/test_svgfmt.c): the rounding of a value near a half is left
 * to snprintf, every other one cannot differ. Any other conversion is an
 * error (the caller's buffer fails), never silently different output.
 * Header-only: the fit does not depend on util.c. */
#ifndef BB_SVGFMT_H
#define BB_SVGFMT_H

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef void (*svgfmt_add)(void *to, const char *p, size_t n);

static inline size_t svgfmt_ulong(char *end, unsigned long long v) {
  char *p = end;
  do {
    *--p = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  return (size_t)(end - p);
}

/* Returns false on a conversion it does not know. */
static inline bool svgfmt_v(svgfmt_add add, void *to, const char *fmt, va_list ap) {
  static const double scale[] = {1.0, 10.0, 100.0, 1000.0};
  char num[48];
  const char *lit = fmt;
  for (const char *f = fmt; *f; f++) {
    if (*f != '%')
      continue;
    if (f > lit)
      add(to, lit, (size_t)(f - lit));
    f++;
    if (*f == '%') {
      add(to, "%", 1);
    } else if (*f == 's') {
      const char *s = va_arg(ap, const char *);
      add(to, s, strlen(s));
    } else if (*f == 'c') {
      char c = (char)va_arg(ap, int);
      add(to, &c, 1);
    } else if (*f == 'd' || (*f == 'z' && f[1] == 'u')) {
      long long v = *f == 'd' ? va_arg(ap, int) : (long long)va_arg(ap, size_t);
      f += *f == 'z';
      char *end = num + sizeof num;
      size_t n = svgfmt_ulong(end, (unsigned long long)(v < 0 ? -v : v));
      if (v < 0)
        add(to, "-", 1);
      add(to, end - n, n);
    } else if (*f == '.' && f[1] >= '0' && f[1] <= '3' && f[2] == 'f') {
      int prec = f[1] - '0';
      f += 2;
      double v = va_arg(ap, double);
      if (!isfinite(v) || fabs(v) > 1e15)
        return false;
      double x = fabs(v) * scale[prec], r = round(x);
      if (fabs(x - floor(x) - 0.5) < 1e-6) { /* near a half: printf decides */
        int n = snprintf(num, sizeof num, "%.*f", prec, v);
        if (n < 0 || (size_t)n >= sizeof num)
          return false;
        add(to, num, (size_t)n);
        lit = f + 1;
        continue;
      }
      unsigned long long u = (unsigned long long)r;
      char *end = num + sizeof num;
      size_t n = 0;
      for (int k = 0; k < prec; k++, n++) {
        *--end = (char)('0' + u % 10);
        u /= 10;
      }
      if (prec)
        *--end = '.', n++;
      n += svgfmt_ulong(end, u);
      if (signbit(v)) /* as printf: -0.0 too */
        add(to, "-", 1);
      add(to, num + sizeof num - n, n);
    } else {
      return false;
    }
    lit = f + 1;
  }
  if (*lit)
    add(to, lit, strlen(lit));
  return true;
}

#endif
