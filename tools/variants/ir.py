"""Layout vocabulary: what a printed form is made of, before typesetting.

A form is sections of rows; a row is cells with relative widths. Cells are
labels (Lab), typed values (Val), option lists (Opt), printed text (Txt),
composites of printed text and blanks (Comp), vertical-merge continuations
(Merge), empty cells (Empty) and nested tables (Nest).
"""
from dataclasses import dataclass, field
from typing import Any, List, Optional, Set


@dataclass
class Lab:
    text: str
    star: bool = False
    key: Optional[str] = None        # field this label names (for per-field variations)
    vmerge: Optional[str] = None


@dataclass
class Val:
    key: str
    prompt: Optional[str] = None     # printed text in the empty cell
    printed: Optional[str] = None    # printed example text kept when filled (示例：…)


@dataclass
class OptDef:
    text: str
    kind: Any = None                 # None, 'other', ('num', key, unit), 'nobox'


@dataclass
class Opt:
    key: str
    opts: List[OptDef]
    box: Optional[str] = '\u2610'    # None: printed without boxes
    breaks: Set[int] = field(default_factory=set)   # line break after option i
    sep: str = ' '
    multi: bool = False


@dataclass
class Comp:
    segs: list                       # str | ('box', key) | ('num', key, blank) | ('nl',) | ('opt', Opt) | ('val', key)


@dataclass
class Txt:
    text: str
    kind: str = 'static'             # head / static / hdr / prompt / sign
    vmerge: Optional[str] = None


@dataclass
class Merge:
    pass


@dataclass
class Empty:
    pass


@dataclass
class Nest:
    rows: list


@dataclass
class R:
    items: list                      # [(item, weight)]
    tag: str = 'lv'                  # lv / head / thead / tdata / text / sign / total / prompt


@dataclass
class S:
    name: str
    rows: List[R]


@dataclass
class Form:
    id: str
    annex: str
    title: str
    sections: List[S]
    notes: List[str] = field(default_factory=list)


def o(*names, other=None, nums=None, nobox=()):
    """OptDefs: names in order; `other` names the option with a text blank,
    nums maps an option to (blank key, unit); nobox lists options printed without a box."""
    out = []
    for n in names:
        kind = None
        if n == other:
            kind = 'other'
        elif nums and n in nums:
            kind = ('num',) + nums[n]
        elif n in nobox:
            kind = 'nobox'
        out.append(OptDef(n, kind))
    return out
