/* ui_grid.h: a screen held in memory as a grid of character cells, what the
 * curses front end draws into in dump mode (docs/screens.md) instead of a
 * terminal. Pure: no curses and no I/O, so tests run it without a terminal.
 * A cell holds one character, a wide one (two columns) spilling into the
 * cell to its right, as a terminal does; the text of the grid is what a
 * terminal would show. grid_new allocates, grid_free frees. */
#ifndef MICOACH_UI_GRID_H
#define MICOACH_UI_GRID_H

#include "core/util.h"

/* The longest glyph a cell holds: a character and a few combining marks,
 * UTF-8, NUL-terminated. */
enum { GRID_GLYPH_MAX = 24 };

struct ui_grid;

/* A blank grid of rows by cols cells (each at least 1). */
struct ui_grid *grid_new(int rows, int cols);
void grid_free(struct ui_grid *g);
/* A new size, blank (the front end draws every cell again after a resize). */
void grid_resize(struct ui_grid *g, int rows, int cols);
void grid_size(const struct ui_grid *g, int *rows, int *cols);
/* Every cell blank. */
void grid_clear(struct ui_grid *g);
/* Put glyph (one character with any combining marks, at most
 * GRID_GLYPH_MAX - 1 bytes) of cols columns (1 or 2) at row y, column x.
 * A wide character it overwrites half of is blanked whole, as terminals do.
 * Nothing happens when it does not fit on the row. */
void grid_put(struct ui_grid *g, int y, int x, const char *glyph, int cols);
/* The grid as text, appended to sb: one line a row, each ended by '\n',
 * with the blanks at the end of a row left off. */
void grid_text(const struct ui_grid *g, struct strbuf *sb);

#endif
