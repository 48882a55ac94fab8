"""Each glossary term is linked where it first appears in each step notebook, in the sense
the glossary gives it (파이썬 함수 is not DeZero's Function)."""

from link_glossary import OTHER_MEANINGS, glossary_terms, link_notebook, misplaced_links, missing_links


def test_glossary_has_korean_terms():
    terms = glossary_terms()
    for expected in ("변수", "함수", "순전파", "역전파", "기울기", "계산 그래프", "수치 미분", "연쇄 법칙"):
        assert expected in terms


def test_first_use_of_every_term_is_linked():
    missing = missing_links()
    assert not missing, f"run `python tools/link_glossary.py`: {missing}"


def test_no_link_where_the_word_means_something_else():
    misplaced = misplaced_links()
    assert not misplaced, f"unlink these by hand (see OTHER_MEANINGS in tools/link_glossary.py): {misplaced}"


def _markdown_notebook(*texts):
    return {"cells": [{"cell_type": "markdown", "source": text} for text in texts]}


def test_a_phrase_of_another_meaning_is_skipped_and_the_link_lands_where_the_term_is_meant():
    assert "파이썬 함수" in OTHER_MEANINGS["함수"]
    notebook = _markdown_notebook("파이썬 함수 `square`를 만듭니다.", "`Square`는 DeZero의 함수이고, 함수는 변수를 받습니다.")
    assert link_notebook(notebook, ["함수"]) == ["함수"]
    assert notebook["cells"][0]["source"] == "파이썬 함수 `square`를 만듭니다."
    assert "".join(notebook["cells"][1]["source"]) == "`Square`는 DeZero의 {term}`함수`이고, 함수는 변수를 받습니다."


def test_a_page_that_uses_the_word_only_in_another_sense_gets_no_link():
    notebook = _markdown_notebook("활성화 함수와 파이썬 함수만 나옵니다.")
    assert link_notebook(notebook, ["함수"]) == []
