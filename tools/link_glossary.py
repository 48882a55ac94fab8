"""Link each glossary term where it first appears in each step notebook.

The terms are the Korean headwords of book/glossary.md. In every notebook in steps/, the
first appearance of a term in the prose (not in a heading, code, math, link or another
role) becomes {term}`term`, so a reader can look it up from where they first meet it.
A word can also mean something other than its entry: 함수 is DeZero's `Function` class in
the glossary, but a Python function or an activation function in 파이썬 함수 and 활성화 함수.
OTHER_MEANINGS lists such phrases; a use inside one is neither linked nor counted as the
term's first use, so the link lands where the term is meant (or nowhere on that page).

    python tools/link_glossary.py          # add the missing links to the notebooks
    python tools/link_glossary.py --check  # exit 1 if a notebook misses a link

tests/test_glossary_links.py runs the same check under pytest.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "book" / "glossary.md"
STEPS = ROOT / "steps"
HANGUL = "\uac00-\ud7a3"
# Spans that must stay as they are: code, math, roles, links, and bold text (a role inside
# **…** followed by Hangul, as in **순전파**와, would break CommonMark's emphasis rules).
_PROTECTED = re.compile(
    r"\{[a-z]+\}`[^`]*`|``.*?``|`[^`]*`|\$\$.*?\$\$|\$[^$]*\$|\[[^\]]*\]\([^)]*\)|\*\*[^*]+\*\*", re.S
)


# Phrases in which a headword does not mean its glossary entry (see the docstring).
OTHER_MEANINGS = {
    "기울기": ("직선의 기울기",),  # the slope of a line, not a gradient
    "함수": ("파이썬 함수", "활성화 함수", "수학 함수", "라이브러리 함수", "넘파이 함수", "PyTorch 함수",
             "시그모이드 함수", "지수 함수", "합성 함수", "C 함수"),
    "세대": ("세대별", "객체를 세대로", "젊은 세대", "모든 세대"),  # the garbage collector's generations, not a node's generation
}


def glossary_terms() -> list[str]:
    """Korean headwords of the glossary, longest first (so 말단 변수 is found before 변수)."""
    text = GLOSSARY.read_text(encoding="utf-8")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    entries = [entry.strip().splitlines() for entry in block.split("\n\n") if entry.strip()]
    terms = [lines[0].strip() for lines in entries]  # an entry: Korean term, English term, definition
    return sorted(terms, key=len, reverse=True)


def _prose_spans(text: str):
    """(start, end) of the text that may be linked: outside headings, fenced code, display
    math and protected spans."""
    offset, fence, display_math = 0, False, False
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("```"):
            fence = not fence
        elif stripped.startswith("$$") and stripped.count("$$") == 1:
            display_math = not display_math
        elif not (fence or display_math or stripped.startswith("#")):
            pos = 0
            for m in _PROTECTED.finditer(line):
                yield offset + pos, offset + m.start()
                pos = m.end()
            yield offset + pos, offset + len(line)
        offset += len(line)


def _first_use(text: str, term: str):
    """Where the term first appears as a word start in the whole text: (in prose?, position)."""
    pattern = re.compile(rf"(?<![{HANGUL}]){re.escape(term)}")
    spans = list(_prose_spans(text))
    linked = re.compile(r"\{term\}`([^`<]*?)(?:\s*<([^>]*)>)?`")
    candidates = []
    for m in linked.finditer(text):
        if (m.group(2) or m.group(1)).strip() == term:
            candidates.append(("linked", m.start()))
    elsewhere = [(m.start(), m.end()) for phrase in OTHER_MEANINGS.get(term, ())
                 for m in re.finditer(re.escape(phrase), text)]
    for m in pattern.finditer(text):
        if any(a <= m.start() and m.end() <= b for a, b in spans) and not any(
            a <= m.start() and m.end() <= b for a, b in elsewhere
        ):
            candidates.append(("prose", m.start()))
    return min(candidates, key=lambda c: c[1]) if candidates else None


def link_notebook(notebook: dict, terms: list[str]) -> list[str]:
    """Link the first prose use of each term that is not linked yet; return the terms linked."""
    cells = [c for c in notebook["cells"] if c["cell_type"] == "markdown"]
    linked = []
    for term in terms:
        for cell in cells:
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            first = _first_use(text, term)
            if first is None:
                continue
            kind, pos = first
            if kind == "prose":
                text = text[:pos] + f"{{term}}`{term}`" + text[pos + len(term):]
                cell["source"] = text.splitlines(keepends=True)
                linked.append(term)
            break
    return linked


def misplaced_links() -> dict[str, list[str]]:
    """Links that stand inside a phrase of OTHER_MEANINGS (파이썬 {term}`함수`): the wrong sense."""
    result = {}
    role = re.compile(r"\{term\}`([^`<]*?)(?:\s*<([^>]*)>)?`")
    for path in sorted(STEPS.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for m in role.finditer(text):
                term = (m.group(2) or m.group(1)).strip()
                plain = text[:m.start()] + m.group(1) + text[m.end():]
                for phrase in OTHER_MEANINGS.get(term, ()):
                    for p in re.finditer(re.escape(phrase), plain):
                        if p.start() <= m.start() < p.end():
                            result.setdefault(path.name, []).append(phrase)
    return result


def missing_links() -> dict[str, list[str]]:
    terms = glossary_terms()
    result = {}
    for path in sorted(STEPS.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        missing = link_notebook(notebook, terms)
        if missing:
            result[path.name] = missing
    return result


def main(argv: list[str]) -> int:
    if argv == ["--check"]:
        missing, misplaced = missing_links(), misplaced_links()
        for name, terms in missing.items():
            print(f"steps/{name}: first use not linked: {', '.join(terms)}", file=sys.stderr)
        for name, phrases in misplaced.items():
            print(f"steps/{name}: linked where the word means something else: {', '.join(phrases)}", file=sys.stderr)
        return 1 if missing or misplaced else 0
    terms = glossary_terms()
    for path in sorted(STEPS.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        linked = link_notebook(notebook, terms)
        if linked:
            # the layout nbformat writes, so that a later save from Jupyter changes nothing else
            path.write_text(json.dumps(notebook, sort_keys=True, ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")
            print(f"steps/{path.name}: linked {', '.join(linked)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
