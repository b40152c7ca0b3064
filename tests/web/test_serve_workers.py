"""`loa serve --workers N`: several server processes on one store, sign-ins shared by all."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from tests.conftest import pg_schema

LOA = [sys.executable, "-c", "from loa.cli import main; main()"]
PASSWORD = "correct-horse-battery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(line) for line in found.stdout.split()]


def test_two_server_processes_answer_one_signed_in_officer(tmp_path: Path) -> None:
    with pg_schema("loa_serve") as url:
        env = {**os.environ, "LOA_DATABASE_URL": url, "LOA_DATA_DIR": str(tmp_path)}
        for command in (["init", "--empty"], ["users", "add", "an", "--role", "comms",
                                               "--password", PASSWORD]):  # fmt: skip
            subprocess.run([*LOA, *command], env=env, check=True, capture_output=True)
        port = _free_port()
        server = subprocess.Popen(
            [*LOA, "serve", "--port", str(port), "--workers", "2"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            workers = _children(server.pid)
            with httpx.Client(base_url=base, timeout=30) as client:
                page = client.get("/login").text
                token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
                signed = client.post(
                    "/login", data={"login": "an", "password": PASSWORD, "csrf_token": token}
                )
                answers = [client.get("/").status_code for _ in range(30)]
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert signed.status_code == 303
    assert len(workers) >= 2, "uvicorn should run two worker processes"
    assert answers == [200] * 30  # whichever process answers, the officer is signed in
