"""robots.txt: fetched once per origin, cached for the session, and obeyed.

What an unreadable robots.txt means follows RFC 9309 (section 2.3.1): a 4xx answer
("unavailable") means the site sets no rules, so everything is allowed; a 5xx answer or a
network failure ("unreachable") means the crawler must assume a complete disallow, since
the site may be down or overloaded and its rules cannot be known.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from storyfold.errors import FetchError

# RFC 9309 2.5: a crawler must parse at least the first 500 KiB of a robots.txt; we read
# no more than that.
ROBOTS_MAX_BYTES = 500 * 1024

# Fetches a robots.txt URL: (HTTP status, body). Raises FetchError when it cannot be
# reached at all (refused connection, timeout, refused address).
RobotsFetch = Callable[[str], tuple[int, bytes]]


@dataclass(frozen=True, slots=True)
class RobotsRules:
    origin: str
    parser: RobotFileParser
    note: str  # how the rules were found, for error messages

    def allows(self, url: str, user_agent: str) -> bool:
        return self.parser.can_fetch(user_agent, url)


class RobotsCache:
    """One robots.txt per origin (scheme, host, port), read on first use."""

    def __init__(self, fetch: RobotsFetch) -> None:
        self._fetch = fetch
        self._rules: dict[str, RobotsRules] = {}

    def rules_for(self, url: str) -> RobotsRules:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        rules = self._rules.get(origin)
        if rules is None:
            rules = self._read(origin)
            self._rules[origin] = rules
        return rules

    def check(self, url: str, user_agent: str) -> None:
        """Raise FetchError when the site's robots.txt disallows ``url`` for us."""
        rules = self.rules_for(url)
        if not rules.allows(url, user_agent):
            raise FetchError(f"disallowed by {rules.origin}/robots.txt ({rules.note})", input=url)

    def _read(self, origin: str) -> RobotsRules:
        robots_url = f"{origin}/robots.txt"
        parser = RobotFileParser(robots_url)
        try:
            status, body = self._fetch(robots_url)
        except FetchError as exc:
            return _fixed(
                origin, parser, allow=False, note=f"robots.txt unreachable: {exc.message}"
            )
        if 300 <= status < 500:
            # 4xx, or redirects beyond the limit (RFC 9309 2.3.1.2): "unavailable".
            return _fixed(
                origin, parser, allow=True, note=f"robots.txt answered {status}: no rules"
            )
        if not 200 <= status < 300:
            note = f"robots.txt answered {status}: treated as disallow-all"
            return _fixed(origin, parser, allow=False, note=note)
        text = body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        parser.parse(text.splitlines())
        parser.modified()  # can_fetch refuses everything until the parser has a read time
        return RobotsRules(origin, parser, "its rules")


def _fixed(origin: str, parser: RobotFileParser, *, allow: bool, note: str) -> RobotsRules:
    parser.parse([] if allow else ["User-agent: *", "Disallow: /"])
    parser.modified()
    return RobotsRules(origin, parser, note)
