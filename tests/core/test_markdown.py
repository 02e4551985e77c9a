from core.markdown import render, render_with_headings


def test_raw_html_is_shown_as_text_not_run():
    html = render("Vorher\n\n<script>alert(1)</script>\n\n<b onclick='x()'>fett</b>")
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert "<b" not in html  # the tag with its handler is text, never an element
    assert "&lt;b onclick" in html


def test_links_keep_only_safe_schemes():
    html = render("[gut](https://example.org) [böse](javascript:alert(1)) ![x](http://e/x.png)")
    assert 'href="https://example.org"' in html
    assert 'href="javascript' not in html
    assert "<img" not in html
    assert 'rel="noopener noreferrer"' in html


def test_headings_move_below_the_page_title_and_get_anchors_for_a_table_of_contents():
    html, headings = render_with_headings("# Ablauf\n\n## Vorbereitung\n\n# Ablauf\n")
    assert '<h2 id="ablauf">Ablauf</h2>' in html
    assert '<h3 id="vorbereitung">Vorbereitung</h3>' in html
    assert [h.anchor for h in headings] == ["ablauf", "vorbereitung", "ablauf-2"]


def test_tables_lists_and_emphasis_survive():
    html = render("|a|b|\n|-|-|\n|1|2|\n\n- **eins**\n- ~~zwei~~")
    for tag in ("<table>", "<th>a</th>", "<strong>eins</strong>", "<s>zwei</s>"):
        assert tag in html


def test_text_inside_a_section_starts_one_level_lower():
    html = render("# Ablauf\n\n## Punkt", top=3)
    assert '<h3 id="ablauf">Ablauf</h3>' in html
    assert "<h4>Punkt</h4>" in html
