"""A small document model: paragraphs of runs, tables of cells on a grid.

Built by render.py from a form layout; written out by ooxml.py (DOCX),
html.py (HTML / Markdown for pandoc and LibreOffice) and fodt.py (flat ODT).
"""
from dataclasses import dataclass, field
from typing import List, Optional, Tuple, Union


@dataclass
class Run:
    text: str = ''
    b: bool = False
    u: bool = False
    hl: Optional[str] = None          # highlight colour name (yellow...)
    shd: Optional[str] = None         # run shading fill (hex), as WPS writes highlight
    strike: bool = False
    color: Optional[str] = None       # hex
    font: Optional[str] = None        # rFonts for every script
    sym: Optional[Tuple[str, str]] = None   # (font, hex char) -> w:sym
    br: bool = False                  # a line break (text ignored)
    checkbox: Optional[Tuple[str, bool]] = None  # ('w14'|'legacy', checked)
    deleted: bool = False             # a tracked deletion (w:del)


@dataclass
class Para:
    runs: List[Run] = field(default_factory=list)
    align: Optional[str] = None       # left / center / right
    size: Optional[int] = None        # half-points for every run
    bold: bool = False
    numbered: bool = False            # an item of an automatically numbered list (1. 2. ...)

    def text(self) -> str:
        return ''.join(r.text for r in self.runs)


@dataclass
class Cell:
    paras: List[Para] = field(default_factory=list)
    span: int = 1                     # grid columns (filled by layout)
    vmerge: Optional[str] = None      # 'restart' / 'continue'
    rowspan: int = 1                  # for html/fodt writers (on the restart cell)
    tables: List['Table'] = field(default_factory=list)   # nested, after the paragraphs
    width: int = 0                    # twips
    edges: Tuple[int, int] = (0, 0)
    keys: Tuple[str, ...] = ()        # record keys whose value or options this cell holds


@dataclass
class Row:
    cells: List[Cell] = field(default_factory=list)


@dataclass
class Table:
    rows: List[Row] = field(default_factory=list)
    grid: List[int] = field(default_factory=list)   # column widths, twips
    width: int = 9000


Block = Union[Para, Table]


@dataclass
class Doc:
    blocks: List[Block] = field(default_factory=list)
    title: str = ''


def layout_table(rows_w, width=9000, snap=45):
    """rows_w: list of rows, each a list of (Cell, weight). Computes edges,
    the grid (union of edges, near edges snapped together), spans and vmerge
    rowspans. Returns a Table."""
    edges_all = [0, width]
    row_edges = []
    for row in rows_w:
        total = sum(w for _, w in row)
        cum, es = 0.0, [0]
        for _, w in row:
            cum += w
            e = int(round(width * cum / total / 10.0)) * 10
            near = [x for x in edges_all if abs(x - e) <= snap]
            if near:
                e = near[0]
            else:
                edges_all.append(e)
            es.append(e)
        es[-1] = width
        row_edges.append(es)
    grid_edges = sorted(set(edges_all))
    grid = [b - a for a, b in zip(grid_edges, grid_edges[1:])]
    t = Table(grid=grid, width=width)
    for row, es in zip(rows_w, row_edges):
        r = Row()
        for i, (c, _) in enumerate(row):
            a, b = es[i], es[i + 1]
            c.span = grid_edges.index(b) - grid_edges.index(a)
            if c.span < 1:
                raise ValueError('cell of zero width in a row: %r' % [x.paras for x, _ in row])
            c.width = b - a
            c.edges = (a, b)
            r.cells.append(c)
        t.rows.append(r)
    # a continuation needs a cell with the same edges right above it; that
    # cell starts the merge unless it continues one itself
    for ri, r in enumerate(t.rows):
        for c in r.cells:
            if c.vmerge != 'continue':
                continue
            above = [x for x in t.rows[ri - 1].cells if x.edges == c.edges] if ri else []
            if not above:
                raise ValueError('vertical merge continues nothing (row %d)' % ri)
            if above[0].vmerge is None:
                above[0].vmerge = 'restart'
    for ri, r in enumerate(t.rows):
        for c in r.cells:
            if c.vmerge == 'restart':
                n = 1
                for r2 in t.rows[ri + 1:]:
                    if not [x for x in r2.cells if x.edges == c.edges and x.vmerge == 'continue']:
                        break
                    n += 1
                c.rowspan = n
    return t


def grid_cols(t: Table, r: Row, c: Cell) -> int:
    """Grid column index where cell c of row r starts."""
    col = 0
    for x in r.cells:
        if x is c:
            return col
        col += x.span
    raise ValueError('cell not in row')
