"""Korean full-text search for Sphinx's built-in search page.

Sphinx has no Korean search language: it falls back to English, which indexes whole words
with their particles attached (기울기를, 기울기는, 미분하면), so a search for 기울기 or 미분
misses most pages. Korean attaches particles and endings to the end of a word, so this
splitter indexes every Hangul word as its overlapping two-syllable pieces (bigrams:
기울기를 -> 기울, 울기, 기를), and the search page splits a query the same way. A page
matches when it contains every bigram of every query word, so 기울기 finds 기울기를 and
미분 finds 미분하면, with no dictionary and no morphological analyser. Words in other
scripts (code identifiers, English) are indexed whole, as before.

Hangul words are deliberately not indexed whole as well: Sphinx's search page matches a
query word as a substring of indexed words only when no indexed word equals it exactly, so
an indexed 그래프 would hide every page that has only 그래프에 or 그래프를. The price is that
the results highlight the first two-syllable piece of a word rather than the whole word.

The Python splitter (index) and the JavaScript splitter (query) must agree; both use the
same two rules, and the browser tests check real queries end to end.
"""

import re

from sphinx.search import SearchLanguage, languages

HANGUL = "\uac00-\ud7a3"
_TOKEN = re.compile(rf"[{HANGUL}]+|[^\W{HANGUL}]+")


def hangul_pieces(word: str) -> list[str]:
    """A Hangul word as its two-syllable pieces; a one-syllable word stays whole."""
    if len(word) == 1:
        return [word]
    return [word[i : i + 2] for i in range(len(word) - 1)]


class SearchKorean(SearchLanguage):
    lang = "ko"
    language_name = "Korean"

    js_splitter_code = rf"""
function splitQuery(query) {{
  const terms = [];
  const tokens = query.match(/[{HANGUL}]+|(?:(?![{HANGUL}])[\p{{L}}\p{{N}}_])+/gu) || [];
  for (const token of tokens) {{
    if (/^[{HANGUL}]+$/u.test(token) && token.length > 1) {{
      for (let i = 0; i < token.length - 1; i++) terms.push(token.slice(i, i + 2));
    }} else {{
      terms.push(token);
    }}
  }}
  return terms;
}}
"""

    def split(self, input: str) -> list[str]:
        terms = []
        for token in _TOKEN.findall(input):
            if token[0] >= "\uac00" and token[0] <= "\ud7a3":
                terms.extend(hangul_pieces(token))
            else:
                terms.append(token)
        return terms


def setup(app):
    languages["ko"] = SearchKorean
    return {"parallel_read_safe": True, "parallel_write_safe": True}
