from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from storyfold.config import Settings
from storyfold.errors import InputError
from storyfold.ingest import load_articles
from tests.conftest import DAM_BODY, write

HTML_PAGE = """<!doctype html>
<html><head>
<title>Dam gates opened | The Valley Gazette</title>
<meta property="og:site_name" content="The Valley Gazette">
<meta property="og:title" content="Elmsford opens dam gates as reservoir hits record">
<meta name="author" content="Nora Pell">
<meta property="article:published_time" content="2026-03-09T08:15:00+00:00">
<link rel="canonical" href="https://valleygazette.example/news/dam-gates">
</head><body>
<nav><a href="/">Home</a> | <a href="/local">Local</a></nav>
<article><h1>Elmsford opens dam gates as reservoir hits record</h1>
{paragraphs}
</article>
<footer>Copyright The Valley Gazette</footer>
</body></html>
"""


def html_page(meta: bool = True) -> str:
    paragraphs = "".join(f"<p>{line}</p>\n" for line in DAM_BODY.strip().splitlines())
    page = HTML_PAGE.format(paragraphs=paragraphs)
    if not meta:
        page = "\n".join(
            line
            for line in page.splitlines()
            if "og:site_name" not in line and "canonical" not in line
        )
    return page


def test_plain_text_headline_outlet_and_sentences(story_dir: Path) -> None:
    corpus = load_articles([story_dir / "valley_post.txt"])
    (article,) = corpus.articles
    assert article.title == "Elmsford opens dam gates as reservoir hits record"
    assert article.outlet == "valley_post" and article.outlet_from == "file-name"
    assert "Skip to main content" not in article.text
    assert article.title not in article.text
    assert any(r.text == "Skip to main content" for r in article.removed)
    first = article.sentence_text(article.sentences[0])
    assert first.startswith("Engineers opened the spillway gates")
    assert corpus.skipped == () and corpus.duplicates == ()


def test_plain_text_without_headline_keeps_first_line(tmp_path: Path) -> None:
    path = write(tmp_path / "note.txt", DAM_BODY)
    (article,) = load_articles([path]).articles
    assert article.title is None
    assert article.text.startswith("Engineers opened the spillway gates")


def test_html_body_and_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "gazette.html", html_page())
    (article,) = load_articles([path]).articles
    assert article.outlet == "The Valley Gazette" and article.outlet_from == "metadata"
    assert article.title == "Elmsford opens dam gates as reservoir hits record"
    assert article.author == "Nora Pell"
    assert article.published is not None
    assert article.published.isoformat() == "2026-03-09T08:15:00+00:00"
    assert article.published_from == "html-metadata"
    assert article.url == "https://valleygazette.example/news/dam-gates"
    assert "Home" not in article.text and "Copyright" not in article.text
    assert not article.text.startswith(article.title)  # the repeated <h1> is dropped
    assert "county engineer Ruth Calder said" in article.text


def test_html_date_without_time_tag_is_marked_day_only(tmp_path: Path) -> None:
    page = html_page().replace(
        '<meta property="article:published_time" content="2026-03-09T08:15:00+00:00">',
        '<meta name="date" content="2026-03-09">',
    )
    (article,) = load_articles([write(tmp_path / "gazette.html", page)]).articles
    assert article.published is not None and article.published.date().isoformat() == "2026-03-09"
    assert article.published_from == "html-date (day only)"


def test_html_outlet_falls_back_to_file_name_without_site_or_url(tmp_path: Path) -> None:
    path = write(tmp_path / "gazette_copy.html", html_page(meta=False))
    (article,) = load_articles([path]).articles
    assert (article.outlet, article.outlet_from) == ("gazette_copy", "file-name")


def test_html_without_article_body_is_skipped(tmp_path: Path) -> None:
    path = write(
        tmp_path / "menu.html", "<html><body><nav>Home | World | Sport</nav></body></html>"
    )
    corpus = load_articles([path])
    assert corpus.articles == ()
    assert [(s.input, s.reason) for s in corpus.skipped] == [
        (str(path), "HTML page has no article body")
    ]


def test_jsonl_articles_and_broken_line(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "title": "Dam gates opened",
                "text": DAM_BODY,
                "url": "https://www.rivertimes.example/a/1",
                "published": "2026-03-09",
            }
        ),
        "{not json",
        json.dumps({"title": "No text here"}),
        json.dumps({"text": DAM_BODY.replace("Monday", "Sunday"), "outlet": "County Wire"}),
    ]
    path = write(tmp_path / "export.jsonl", "\n".join(lines) + "\n")
    corpus = load_articles([path])
    assert [a.outlet for a in corpus.articles] == ["rivertimes.example", "County Wire"]
    assert [a.outlet_from for a in corpus.articles] == ["url-host", "metadata"]
    assert corpus.articles[0].published is not None
    assert corpus.articles[0].source == f"{path}:1"
    reasons = {s.input: s.reason for s in corpus.skipped}
    assert reasons[f"{path}:2"].startswith("not valid JSON")
    assert reasons[f"{path}:3"] == 'no "text" field with article text'


def test_multinews_line_is_one_story(tmp_path: Path) -> None:
    docs = [DAM_BODY, DAM_BODY.replace("Monday", "Sunday") + "More rain fell at night.\n"]
    path = write(
        tmp_path / "one.jsonl", json.dumps({"id": "x1", "documents": docs, "summary": "s"})
    )
    corpus = load_articles([path])
    assert [a.outlet for a in corpus.articles] == ["document 1", "document 2"]


def test_multinews_file_with_many_stories_needs_a_line(tmp_path: Path) -> None:
    rows = [
        json.dumps({"id": f"s{i}", "documents": [DAM_BODY + f"Story {i} ends here now."]})
        for i in range(3)
    ]
    path = write(tmp_path / "many.jsonl", "\n".join(rows))
    corpus = load_articles([path])
    assert corpus.articles == ()
    assert "holds 3 stories" in corpus.skipped[0].reason
    picked = load_articles([f"{path}#2"])
    assert "Story 1 ends here now." in picked.articles[0].text
    assert picked.articles[0].source == f"{path}:2#1"


def test_gzipped_multinews_line_selector(tmp_path: Path) -> None:
    path = tmp_path / "val.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for i in range(4):
            fh.write(
                json.dumps({"id": f"s{i}", "documents": [DAM_BODY + f"Line {i} story."]}) + "\n"
            )
    corpus = load_articles([f"{path}#4"])
    assert "Line 3 story." in corpus.articles[0].text
    missing = load_articles([f"{path}#9"])
    assert missing.skipped[0].reason == "the file has fewer than 9 lines"


def test_directory_is_walked_in_order_and_skips_readme_and_hidden(story_dir: Path) -> None:
    write(story_dir / "README.md", "Notes about this folder, not an article.\n")
    write(story_dir / ".hidden.txt", DAM_BODY)
    write(story_dir / ".git" / "notes.txt", DAM_BODY.replace("Monday", "Friday"))
    corpus = load_articles([story_dir])
    assert [a.outlet for a in corpus.articles] == ["county_wire", "river_times", "valley_post"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\n ", "file is empty"),
        ("image.txt", bytes(range(256)) * 4, "binary file, not text"),
    ],
)
def test_unreadable_files_are_skipped_with_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    corpus = load_articles([path])
    assert corpus.articles == ()
    assert [(s.input, s.reason) for s in corpus.skipped] == [(str(path), reason)]


def test_missing_path_is_reported(tmp_path: Path) -> None:
    corpus = load_articles([tmp_path / "nope.txt"])
    assert corpus.skipped[0].reason == "no such file or directory"


def test_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    text = (
        "Caf\u00e9 owners said \u201cthe water came fast\u201d on Monday, "
        "and the county agreed with them.\n"
    ) * 3
    path = write(tmp_path / "cp1252.txt", text, encoding="cp1252")
    (article,) = load_articles([path]).articles
    assert "Caf\u00e9" in article.text and "\u201cthe water came fast\u201d" in article.text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-32"])
def test_unicode_with_byte_order_mark_is_decoded(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / f"{encoding}.txt", DAM_BODY, encoding=encoding)
    (article,) = load_articles([path]).articles
    assert article.text.startswith("Engineers opened the spillway gates")


def test_file_over_size_limit_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", DAM_BODY * 50)
    corpus = load_articles([path], Settings(max_bytes=1000))
    assert corpus.articles == ()
    assert "over the size limit of 1,000" in corpus.skipped[0].reason


def test_duplicate_content_is_counted_once_and_reported(story_dir: Path, tmp_path: Path) -> None:
    copy = write(
        tmp_path / "mirror" / "copy_of_post.txt", (story_dir / "valley_post.txt").read_text()
    )
    corpus = load_articles([story_dir, copy, story_dir / "valley_post.txt"])
    assert len(corpus.articles) == 3
    assert [(d.input, d.same_as) for d in corpus.duplicates] == [
        (str(copy), str(story_dir / "valley_post.txt"))
    ]
    assert [s.reason for s in corpus.skipped] == ["given more than once; read once"]


def test_brief_of_zero_usable_articles_raises_naming_inputs(tmp_path: Path) -> None:
    import storyfold

    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError, match=r"no usable articles.*file is empty"):
        storyfold.brief(load_articles([path]))
