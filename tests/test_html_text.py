"""HTML message bodies become readable plain text: layout kept, markup and hidden content gone."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from qa_desk.ingest.html_text import html_to_text, looks_like_html


def test_paragraphs_and_line_breaks_are_kept():
    body = "<p>Hi Olena,</p><p>Sorry for the wait.<br>Your refund is on its way.</p><div>Dana</div>"
    assert (
        html_to_text(body) == "Hi Olena,\n\nSorry for the wait.\nYour refund is on its way.\n\nDana"
    )


def test_entities_are_decoded_and_spaces_collapsed():
    assert html_to_text("<p>Fish &amp; chips&nbsp;&mdash; &#8364;5 &lt;ok&gt;</p>") == (
        "Fish & chips — €5 <ok>"
    )
    assert html_to_text("<p>  lots \n of\t\tspace  </p>") == "lots of space"


def test_scripts_styles_and_the_head_are_dropped():
    page = (
        "<html><head><title>Mail</title><style>p { color: red }</style></head><body>"
        "<script>alert('x')</script><p>Visible</p><noscript>fallback</noscript></body></html>"
    )
    assert html_to_text(page) == "Visible"


def test_lists_tables_and_preformatted_text():
    assert html_to_text("<ul><li>one</li><li>two</li></ul><ol><li>a</li><li>b</li></ol>") == (
        "- one\n- two\n\n1. a\n2. b"
    )
    assert html_to_text("<table><tr><td>Order</td><td>4411</td></tr><tr><td>Total</td>"
                        "<td>€5</td></tr></table>") == "Order 4411\nTotal €5"  # fmt: skip
    assert html_to_text("<pre>  line 1\n    line 2</pre>") == "  line 1\n    line 2"


def test_links_show_where_they_lead_and_images_their_alt_text():
    assert html_to_text('<p>Read <a href="https://help.example.com/refunds">our guide</a></p>') == (
        "Read our guide (https://help.example.com/refunds)"
    )
    assert html_to_text('<a href="https://example.com">https://example.com</a>') == (
        "https://example.com"
    )
    assert html_to_text('<a href="javascript:alert(1)">click</a>') == "click"
    assert html_to_text('<img src="cid:1" alt="Screenshot of the error"> here') == (
        "[Screenshot of the error] here"
    )


def test_broken_markup_never_raises():
    for broken in ["<p>unclosed", "</div></p>", "<a href=", "<<>>", "<!-- never closed", "<p <b>"]:
        assert isinstance(html_to_text(broken), str)
    assert html_to_text("<p>after <script>var a = '</p>'") == "after"


def test_plain_text_is_returned_as_it_is():
    assert html_to_text("  line one\nline two  ") == "line one\nline two"
    assert html_to_text("") == ""


def test_html_is_told_from_markdown():
    assert looks_like_html("<p>Hello</p>") and looks_like_html("line<br>break")
    assert not looks_like_html("**bold** and a < b > c") and not looks_like_html("plain")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"))))
def test_escaped_text_comes_back_unchanged(text):
    assert html_to_text(f"<p>{html.escape(text)}</p>") == text


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_is_read_without_error(text):
    assert isinstance(html_to_text(text), str)
    assert "secret" not in html_to_text(f"<script>secret{html.escape(text)}</script>{text[:0]}")
