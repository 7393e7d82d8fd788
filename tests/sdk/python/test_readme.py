"""The README's shell (AWS CLI) and Python (boto3) snippets, run as written.

Only the endpoint and the names change: the snippets say 127.0.0.1:4566 and
"alice", the tests use the suite's server and names of their own.
"""

from __future__ import annotations

import os
import pathlib
import re
import subprocess

import sdkhelpers as h

README = pathlib.Path(__file__).resolve().parents[3] / "README.md"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def blocks(language: str) -> list[str]:
    """The fenced code blocks of the README in one language."""
    return re.findall(r"^```%s\n(.*?)^```" % re.escape(language), README.read_text(), re.S | re.M)


def localized(code: str, endpoint: str, name: str) -> str:
    return code.replace("http://127.0.0.1:4566", endpoint).replace("alice", name)


def test_the_readme_boto3_snippet_runs_as_written(endpoint, capsys):
    name = f"readme-py-{h.unique_suffix()}"
    (snippet,) = blocks("python")
    exec(compile(localized(snippet, endpoint, name), "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() == f"MFA Device for user {name} already exists."


def test_the_readme_cli_snippet_runs_as_written(endpoint, tmp_path):
    name = f"readme-cli-{h.unique_suffix()}"
    snippet = next(b for b in blocks("sh") if "aws iam enable-mfa-device" in b)
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", localized(snippet, endpoint, name)],
        cwd=tmp_path,
        env=dict(os.environ, AWS_ENDPOINT_URL_IAM=endpoint),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert f'"SerialNumber": "arn:aws:iam::{h.ACCOUNT_ID}:mfa/{name}-phone"' in result.stdout
    assert (tmp_path / "qr.png").read_bytes()[:8] == PNG_SIGNATURE
