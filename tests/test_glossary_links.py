"""Each glossary term is linked where it first appears in each step notebook."""

from link_glossary import glossary_terms, missing_links


def test_glossary_has_korean_terms():
    terms = glossary_terms()
    for expected in ("변수", "함수", "순전파", "역전파", "기울기", "계산 그래프", "수치 미분", "연쇄 법칙"):
        assert expected in terms


def test_first_use_of_every_term_is_linked():
    missing = missing_links()
    assert not missing, f"run `python tools/link_glossary.py`: {missing}"
