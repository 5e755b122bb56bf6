#ifndef KMIX_CNCURSESW_SHIM_H
#define KMIX_CNCURSESW_SHIM_H

/* The wide-character API needs these before <ncurses.h>; SwiftPM drops ncursesw's -D flags. */
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <wchar.h>
#include <ncurses.h>

int wcwidth(wchar_t c);

/* Swift 6 rejects ncurses' mutable globals and cannot import function-like macros: wrap them. */
static inline WINDOW *kmix_stdscr(void) { return stdscr; }
static inline int kmix_lines(WINDOW *w) { return getmaxy(w); }
static inline int kmix_cols(WINDOW *w) { return getmaxx(w); }
static inline int kmix_colors(void) { return COLORS; }
static inline int kmix_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t kmix_a_bold(void) { return A_BOLD; }
static inline attr_t kmix_a_reverse(void) { return A_REVERSE; }
static inline attr_t kmix_a_dim(void) { return A_DIM; }
static inline attr_t kmix_a_underline(void) { return A_UNDERLINE; }
static inline attr_t kmix_a_normal(void) { return A_NORMAL; }

/* Puts one character with attributes and an extended colour pair at (y, x). */
static inline int kmix_put(WINDOW *w, int y, int x, wchar_t c, attr_t attributes, int pair) {
    wchar_t text[2] = { c, 0 };
    cchar_t cell;
    if (setcchar(&cell, text, attributes, 0, &pair) != OK) return ERR;
    return mvwadd_wch(w, y, x, &cell);
}

/* Defines colour pair `pair` (extended numbering when the library has it). */
static inline int kmix_init_pair(int pair, int foreground, int background) {
#if NCURSES_EXT_COLORS
    return init_extended_pair(pair, foreground, background);
#else
    return init_pair((short)pair, (short)foreground, (short)background);
#endif
}

/* Ends curses mode unless it has already ended: safe from exit handlers and signal handlers. */
static inline void kmix_restore_terminal(void) {
    if (!isendwin()) endwin();
}

#endif
