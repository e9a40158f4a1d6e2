#ifndef STACKSHIFT_CNCURSES_SHIM_H
#define STACKSHIFT_CNCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncurses.h>

/* Glibc's Swift module hides these; ncurses measures cells with them. */
int wcwidth(wchar_t c);
int wcswidth(const wchar_t *s, size_t n);

/* Attribute and mouse macros expand to expressions Swift cannot import: expose them as constants. */
static const attr_t ss_A_NORMAL = A_NORMAL;
static const attr_t ss_A_BOLD = A_BOLD;
static const attr_t ss_A_DIM = A_DIM;
static const attr_t ss_A_REVERSE = A_REVERSE;
static const attr_t ss_A_UNDERLINE = A_UNDERLINE;
static const mmask_t ss_BUTTON1_PRESSED = BUTTON1_PRESSED;
static const mmask_t ss_BUTTON1_RELEASED = BUTTON1_RELEASED;
static const mmask_t ss_BUTTON4_PRESSED = BUTTON4_PRESSED;
static const mmask_t ss_BUTTON5_PRESSED = BUTTON5_PRESSED;
static const int ss_KEY_CODE_YES = KEY_CODE_YES;

/* Swift 6 refuses ncurses' mutable globals as not concurrency-safe: read them through functions. */
static inline WINDOW *ss_stdscr(void) { return stdscr; }
static inline int ss_COLS(void) { return COLS; }
static inline int ss_LINES(void) { return LINES; }
static inline int ss_COLORS(void) { return COLORS; }
static inline int ss_COLOR_PAIRS(void) { return COLOR_PAIRS; }

/* Line-drawing characters read acs_map at run time, so they need a function too. */
static inline chtype ss_acs(char c) { return NCURSES_ACS(c); }

/* KEY_F(n) is a function-like macro. */
static inline int ss_KEY_F(int n) { return KEY_F(n); }

#endif
