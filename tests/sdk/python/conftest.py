"""pytest fixtures shared by the boto3 and AWS CLI suites."""

from __future__ import annotations

import os
import tempfile

import pytest

import sdkhelpers as h


@pytest.fixture(scope="session", autouse=True)
def isolated_aws_environment():
    """No profile, config or credentials of the machine leak into the SDKs: dummy keys only."""
    tmp = tempfile.TemporaryDirectory(prefix="sdk-tests-aws-")
    config = os.path.join(tmp.name, "config")
    credentials = os.path.join(tmp.name, "credentials")
    for path in (config, credentials):
        open(path, "w").close()
    mp = pytest.MonkeyPatch()
    for var in list(os.environ):
        if var.startswith("AWS_"):
            mp.delenv(var)
    mp.setenv("AWS_CONFIG_FILE", config)
    mp.setenv("AWS_SHARED_CREDENTIALS_FILE", credentials)
    mp.setenv("AWS_ACCESS_KEY_ID", h.ACCESS_KEY_ID)
    mp.setenv("AWS_SECRET_ACCESS_KEY", h.SECRET_ACCESS_KEY)
    mp.setenv("AWS_DEFAULT_REGION", h.REGION)
    mp.setenv("AWS_EC2_METADATA_DISABLED", "true")
    mp.setenv("AWS_PAGER", "")
    yield tmp.name
    mp.undo()
    tmp.cleanup()


@pytest.fixture(scope="session")
def endpoint() -> str:
    try:
        return h.endpoint()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
