#ifndef KMIX_CNCURSESW_SHIM_H
#define KMIX_CNCURSESW_SHIM_H

/* The wide-character API needs these before <ncurses.h>; SwiftPM drops ncursesw's -D flags. */
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <wchar.h>
#include <ncurses.h>
#include <term.h>

int wcwidth(wchar_t c);

/* Swift 6 rejects ncurses' mutable globals and cannot import function-like macros: wrap them. */
static inline int kmix_lines(WINDOW *w) { return getmaxy(w); }
static inline int kmix_cols(WINDOW *w) { return getmaxx(w); }
static inline int kmix_colors(void) { return COLORS; }
static inline int kmix_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t kmix_a_bold(void) { return A_BOLD; }
static inline attr_t kmix_a_reverse(void) { return A_REVERSE; }
static inline attr_t kmix_a_dim(void) { return A_DIM; }
static inline attr_t kmix_a_underline(void) { return A_UNDERLINE; }
static inline attr_t kmix_a_normal(void) { return A_NORMAL; }

/* Starts curses mode on the terminal type `type` (NULL: $TERM) with stdin and stdout; returns the main window,
   or NULL when the type is unknown. */
static inline WINDOW *kmix_start(const char *type) {
    if (newterm(type, stdout, stdin) == NULL) return NULL;
    return stdscr;
}

/* Reads the terminfo entry `type` without starting curses. Returns 0 when it does not exist; else sets `colors`
   (its `colors` number, 0 when absent) and `rgb` (1 when it has the `RGB` capability, as a flag, number or string). */
static inline int kmix_terminfo_colors(const char *type, int *colors, int *rgb) {
    int error = 0;
    TERMINAL *previous = cur_term;
    if (setupterm(type, -1, &error) != OK) {
        set_curterm(previous);
        return 0;
    }
    int number = tigetnum("colors");
    char *string = tigetstr("RGB");
    *colors = number > 0 ? number : 0;
    *rgb = tigetflag("RGB") > 0 || tigetnum("RGB") > 0 || (string != NULL && string != (char *)-1);
    del_curterm(set_curterm(previous));
    return 1;
}

/* The most wide characters one cell holds: a spacing character and its combining marks. */
static inline int kmix_cell_characters(void) { return CCHARW_MAX; }

/* Puts one cell's characters (`text`: a spacing character, then at most CCHARW_MAX - 1 combining marks, ended by 0)
   with attributes and an extended colour pair at (y, x); a wide character covers (y, x + 1) too. */
static inline int kmix_put(WINDOW *w, int y, int x, const wchar_t *text, attr_t attributes, int pair) {
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
