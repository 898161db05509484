"""HTML bodies are read by a browser's parser (Lexbor): any nesting, broken markup and text that
no HTML parser should see (lone surrogates) still give readable text."""

from __future__ import annotations

from qa_desk.ingest import html_text
from qa_desk.ingest.html_text import html_to_text


def test_deeply_nested_markup_is_read_whole():
    body = "<div>" * 5000 + "<b>deep</b> text" + "</div>" * 5000 + "<p>after</p>"
    assert html_to_text(body) == "deep text\n\nafter"


def test_misnested_markup_reads_as_a_browser_shows_it():
    # a paragraph cannot hold a list: the browser closes it first
    assert html_to_text("<p>Steps:<ul><li>one</li><li>two</li></ul>done</p>") == (
        "Steps:\n\n- one\n- two\n\ndone"
    )
    # text stray inside a table is shown before it
    assert html_to_text("<table>stray<tr><td>cell</td></tr></table>") == "stray\n\ncell"
    assert html_to_text("<b>bold <i>both</b> italic</i>") == "bold both italic"


def test_a_lone_surrogate_becomes_a_replacement_character():
    assert html_to_text("<p>broken \ud800 half</p>") == "broken \ufffd half"


def test_the_parser_document_is_renewed_without_changing_the_text(monkeypatch):
    monkeypatch.setattr(html_text, "RENEW_CHARS", 64)
    body = '<p>Read <a href="https://help.example.com/x">the guide</a></p><p>Thanks<br>Dana</p>'
    expected = "Read the guide (https://help.example.com/x)\n\nThanks\nDana"
    assert [html_to_text(body) for _ in range(20)] == [expected] * 20
    assert html_to_text("<p>" + "long " * 100 + "</p>") == ("long " * 100).strip()


def test_text_in_a_thread_of_its_own_is_read_the_same():
    from concurrent.futures import ThreadPoolExecutor

    bodies = [f"<p>reply {n}</p><ol><li>a</li><li>b</li></ol>" for n in range(200)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        texts = list(pool.map(html_to_text, bodies))
    assert texts == [f"reply {n}\n\n1. a\n2. b" for n in range(200)]
