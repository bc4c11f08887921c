/* ui_grid.c: see ui_grid.h. */
#include "ui/ui_grid.h"

#include <stdlib.h>
#include <string.h>

struct cell {
	char glyph[GRID_GLYPH_MAX];
	int width;                  /* 1 or 2; 0: the right half of the wide character to its left */
};

struct ui_grid {
	int rows, cols;
	struct cell *cells;         /* rows * cols, row by row */
};

static const struct cell blank = { " ", 1 };

struct ui_grid *grid_new(int rows, int cols)
{
	struct ui_grid *g = xcalloc(1, sizeof *g);

	grid_resize(g, rows, cols);
	return g;
}

void grid_free(struct ui_grid *g)
{
	if (!g)
		return;
	free(g->cells);
	free(g);
}

void grid_resize(struct ui_grid *g, int rows, int cols)
{
	g->rows = rows < 1 ? 1 : rows;
	g->cols = cols < 1 ? 1 : cols;
	free(g->cells);
	g->cells = xcalloc((size_t)g->rows * (size_t)g->cols, sizeof *g->cells);
	grid_clear(g);
}

void grid_size(const struct ui_grid *g, int *rows, int *cols)
{
	*rows = g->rows;
	*cols = g->cols;
}

void grid_clear(struct ui_grid *g)
{
	for (size_t i = 0; i < (size_t)g->rows * (size_t)g->cols; i++)
		g->cells[i] = blank;
}

/* The cell at x of row becomes free to write: the wide character it is a
 * half of is blanked, both halves. */
static void cell_free(struct cell *row, int cols, int x)
{
	if (row[x].width == 0 && x > 0)
		row[x - 1] = blank;
	else if (row[x].width == 2 && x + 1 < cols)
		row[x + 1] = blank;
	row[x] = blank;
}

void grid_put(struct ui_grid *g, int y, int x, const char *glyph, int cols)
{
	struct cell *row;
	size_t n = strlen(glyph);

	if (y < 0 || y >= g->rows || x < 0 || cols < 1 || cols > 2 || x + cols > g->cols ||
	    !n || n >= GRID_GLYPH_MAX)
		return;
	row = &g->cells[(size_t)y * (size_t)g->cols];
	cell_free(row, g->cols, x);
	if (cols == 2) {
		cell_free(row, g->cols, x + 1);
		row[x + 1].glyph[0] = '\0';
		row[x + 1].width = 0;
	}
	memcpy(row[x].glyph, glyph, n + 1);
	row[x].width = cols;
}

void grid_text(const struct ui_grid *g, struct strbuf *sb)
{
	for (int y = 0; y < g->rows; y++) {
		const struct cell *row = &g->cells[(size_t)y * (size_t)g->cols];
		int end = g->cols;

		while (end > 0 && row[end - 1].width == 1 && !strcmp(row[end - 1].glyph, " "))
			end--;
		for (int x = 0; x < end; x++)
			if (row[x].width)
				strbuf_adds(sb, row[x].glyph);
		strbuf_adds(sb, "\n");
	}
}
