"""`storyfold serve`: the web app and API over the store."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from storyfold.cli.common import DbOption, app, default_db, fail, parse_size

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def is_local(host: str) -> bool:
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command("serve")
def serve_command(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="STORYFOLD_TOKEN",
            help="Allow POST /api/v1/ingest with this bearer token (default: refused).",
        ),
    ] = None,
    max_body: Annotated[
        str, typer.Option("--max-body", help="Refuse request bodies larger than this.")
    ] = "8MB",
) -> None:
    """Serve the stories in the store as web pages and a JSON API (/api/v1)."""
    import uvicorn

    from storyfold.errors import StoryfoldError
    from storyfold.web import WebConfig, create_app

    if not is_local(host):
        typer.echo(
            f"storyfold: warning: listening on {host}, not only this machine: anyone who can "
            "reach it can read the store (and, with the token, write to it)",
            err=True,
        )
    path = db or default_db()
    try:
        web = create_app(WebConfig(db=path, token=token or None, max_body=parse_size(max_body)))
    except StoryfoldError as exc:
        fail(str(exc))
    typer.echo(f"storyfold: serving {path} at http://{host}:{port}/", err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning")
