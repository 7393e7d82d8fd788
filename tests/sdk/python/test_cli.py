"""The AWS CLI v1 (`aws iam ...` and `aws sts ...` in a subprocess) against iam-mfa-emulator."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

import sdkhelpers as h

SUFFIX = h.unique_suffix()
URI_RE = re.compile(
    r"^otpauth://totp/Amazon%20Web%20Services:(?P<name>[^@]+)@(?P<account>\d{12})"
    r"\?secret=(?P<secret>[A-Z2-7]+)&issuer=Amazon%20Web%20Services$"
)


def name(kind: str) -> str:
    return f"cli-{SUFFIX}-{kind}"


def aws_command() -> list[str]:
    """The `aws` installed beside this Python (the pinned awscli), else the one on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), "aws")
    if os.access(beside, os.X_OK):
        return [beside]
    found = shutil.which("aws")
    if found:
        return [found]
    return [sys.executable, "-m", "awscli"]


class Aws:
    """Runs `aws` with dummy credentials and an isolated config, pointed at the emulator
    either with --endpoint-url (mode "flag") or with AWS_ENDPOINT_URL_IAM and AWS_ENDPOINT_URL_STS
    (mode "env"). `env` adds variables, e.g. the credentials of an issued access key."""

    def __init__(self, endpoint: str, mode: str):
        self.endpoint = endpoint
        self.mode = mode

    def run(self, *args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
        extra = env or {}
        env = dict(os.environ)  # already isolated by conftest: dummy keys, empty config files
        env.update(extra)
        cmd = aws_command() + list(args) + ["--output", "json", "--cli-read-timeout", "60",
                                           "--cli-connect-timeout", "5"]
        if self.mode == "flag":
            cmd += ["--endpoint-url", self.endpoint]
        else:
            env["AWS_ENDPOINT_URL_IAM"] = self.endpoint
            env["AWS_ENDPOINT_URL_STS"] = self.endpoint
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120,
                              stdin=subprocess.DEVNULL)
        if check:
            assert proc.returncode == 0, f"{' '.join(args)} exited {proc.returncode}: {proc.stderr}"
        return proc

    def json(self, *args: str, env: dict | None = None) -> dict:
        out = self.run(*args, env=env).stdout
        return json.loads(out) if out.strip() else {}


@pytest.fixture(params=["flag", "env"], ids=["with --endpoint-url", "with AWS_ENDPOINT_URL_IAM"])
def aws(request, endpoint):
    return Aws(endpoint, request.param)


@pytest.fixture(params=["flag", "env"], ids=["with --endpoint-url", "with AWS_ENDPOINT_URL_STS"])
def aws_sts(request, endpoint):
    return Aws(endpoint, request.param)


@pytest.fixture
def cleanup(endpoint):
    users: list[str] = []
    serials: list[str] = []
    yield users, serials
    cli = Aws(endpoint, "flag")
    for user in users:
        keys = cli.run("iam", "list-access-keys", "--user-name", user, check=False)
        if keys.returncode == 0:
            for key in json.loads(keys.stdout).get("AccessKeyMetadata", []):
                cli.run("iam", "delete-access-key", "--user-name", user,
                        "--access-key-id", key["AccessKeyId"], check=False)
    for user in users:
        listed = cli.run("iam", "list-mfa-devices", "--user-name", user, check=False)
        if listed.returncode == 0:
            for dev in json.loads(listed.stdout).get("MFADevices", []):
                cli.run("iam", "deactivate-mfa-device", "--user-name", user,
                        "--serial-number", dev["SerialNumber"], check=False)
    for serial in serials:
        cli.run("iam", "delete-virtual-mfa-device", "--serial-number", serial, check=False)
    for user in users:
        cli.run("iam", "delete-user", "--user-name", user, check=False)


def assert_cli_error(proc: subprocess.CompletedProcess, code: str, operation: str, message: str) -> None:
    assert proc.returncode != 0, proc.stdout
    expected = f"An error occurred ({code}) when calling the {operation} operation: {message}"
    assert expected in proc.stderr, proc.stderr


def test_the_cli_under_test_is_aws_cli_version_1():
    proc = subprocess.run(aws_command() + ["--version"], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0
    version = (proc.stdout + proc.stderr).strip()
    assert re.match(r"^aws-cli/1\.\d+\.\d+ .*botocore/1\.\d+\.\d+", version), version


def test_create_virtual_mfa_device_writes_a_qr_png_whose_secret_enables_the_device(aws, cleanup, tmp_path):
    users, serials = cleanup
    tag = aws.mode
    device_name, user = name(f"qr-dev-{tag}"), name(f"qr-user-{tag}")
    outfile = tmp_path / "qr.png"
    out = aws.json("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", device_name,
                   "--outfile", str(outfile), "--bootstrap-method", "QRCodePNG")
    serial = out["VirtualMFADevice"]["SerialNumber"]
    serials.append(serial)
    assert serial == f"arn:aws:iam::{h.ACCOUNT_ID}:mfa/{device_name}"
    assert "QRCodePNG" not in out["VirtualMFADevice"] and "Base32StringSeed" not in out["VirtualMFADevice"]
    png = outfile.read_bytes()
    assert png[:8] == h.PNG_SIGNATURE
    uri = h.decode_qr_png(png)
    match = URI_RE.match(uri)
    assert match, uri
    assert match["name"] == device_name and match["account"] == h.ACCOUNT_ID
    secret = match["secret"]
    assert h.SEED_RE.match(secret), secret
    assert uri == h.expected_otpauth_uri(device_name, secret)
    # The QR's secret is the device's real seed: its codes enable the device.
    aws.run("iam", "create-user", "--user-name", user)
    users.append(user)
    code1, code2 = h.pair_ending_at(secret, h.current_step())
    aws.run("iam", "enable-mfa-device", "--user-name", user, "--serial-number", serial,
            "--authentication-code1", code1, "--authentication-code2", code2)
    listed = aws.json("iam", "list-mfa-devices", "--user-name", user)["MFADevices"]
    assert [d["SerialNumber"] for d in listed] == [serial]


def test_the_mfa_lifecycle_works_from_the_command_line(aws, cleanup, tmp_path):
    users, serials = cleanup
    tag = aws.mode
    device_name, user = name(f"life-dev-{tag}"), name(f"life-user-{tag}")
    seed_file = tmp_path / "seed.txt"
    out = aws.json("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", device_name,
                   "--path", f"/cli-{SUFFIX}/", "--tags", "Key=team,Value=cli",
                   "--outfile", str(seed_file), "--bootstrap-method", "Base32StringSeed")
    serial = out["VirtualMFADevice"]["SerialNumber"]
    serials.append(serial)
    assert serial == f"arn:aws:iam::{h.ACCOUNT_ID}:mfa/cli-{SUFFIX}/{device_name}"
    seed = seed_file.read_bytes()
    assert len(seed) == 64 and h.SEED_RE.match(seed.decode("ascii")), seed

    created = aws.json("iam", "create-user", "--user-name", user)["User"]
    users.append(user)
    assert created["UserName"] == user and h.USER_ID_RE.match(created["UserId"])

    step = h.current_step()
    code1, code2 = h.pair_ending_at(seed, step)
    enabled = aws.run("iam", "enable-mfa-device", "--user-name", user, "--serial-number", serial,
                      "--authentication-code1", code1, "--authentication-code2", code2)
    assert enabled.stdout.strip() == ""

    listed = aws.json("iam", "list-mfa-devices", "--user-name", user)["MFADevices"]
    assert len(listed) == 1
    assert listed[0]["UserName"] == user and listed[0]["SerialNumber"] == serial
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", listed[0]["EnableDate"]), listed[0]

    assigned = aws.json("iam", "list-virtual-mfa-devices", "--assignment-status", "Assigned")
    entry = [d for d in assigned["VirtualMFADevices"] if d["SerialNumber"] == serial]
    assert len(entry) == 1 and entry[0]["User"]["UserName"] == user

    aws.run("iam", "tag-mfa-device", "--serial-number", serial, "--tags", "Key=owner,Value=bob")
    tags = aws.json("iam", "list-mfa-device-tags", "--serial-number", serial)["Tags"]
    assert tags == [{"Key": "owner", "Value": "bob"}, {"Key": "team", "Value": "cli"}]
    aws.run("iam", "untag-mfa-device", "--serial-number", serial, "--tag-keys", "team")
    assert aws.json("iam", "list-mfa-device-tags", "--serial-number", serial)["Tags"] == \
        [{"Key": "owner", "Value": "bob"}]

    r1, r2 = h.pair_ending_at(seed, step + 2)
    aws.run("iam", "resync-mfa-device", "--user-name", user, "--serial-number", serial,
            "--authentication-code1", r1, "--authentication-code2", r2)

    held = aws.run("iam", "delete-user", "--user-name", user, check=False)
    assert_cli_error(held, "DeleteConflict", "DeleteUser", h.MSG_USER_HOLDS_DEVICE)

    aws.run("iam", "deactivate-mfa-device", "--user-name", user, "--serial-number", serial)
    assert aws.json("iam", "list-mfa-devices", "--user-name", user)["MFADevices"] == []

    reused = aws.run("iam", "enable-mfa-device", "--user-name", user, "--serial-number", serial,
                     "--authentication-code1", code1, "--authentication-code2", code2, check=False)
    assert_cli_error(reused, "InvalidAuthenticationCode", "EnableMFADevice", h.MSG_INVALID_CODE)

    aws.run("iam", "delete-virtual-mfa-device", "--serial-number", serial)
    aws.run("iam", "delete-user", "--user-name", user)
    gone = aws.run("iam", "get-user", "--user-name", user, check=False)
    assert_cli_error(gone, "NoSuchEntity", "GetUser", h.msg_no_such_user(user))


def test_an_unknown_user_makes_the_cli_exit_non_zero_with_the_code_in_stderr(aws):
    missing = name(f"ghost-{aws.mode}")
    proc = aws.run("iam", "list-mfa-devices", "--user-name", missing, check=False)
    # CLI v1 exits 255 for a service error (254 is CLI v2's code for the same case).
    assert proc.returncode == 255, (proc.returncode, proc.stderr)
    assert proc.stdout == ""
    assert_cli_error(proc, "NoSuchEntity", "ListMFADevices", h.msg_no_such_user(missing))


def test_wrong_codes_make_enable_mfa_device_fail_with_invalid_authentication_code(aws, cleanup, tmp_path):
    users, serials = cleanup
    device_name, user = name(f"bad-dev-{aws.mode}"), name(f"bad-user-{aws.mode}")
    out = aws.json("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", device_name,
                   "--outfile", str(tmp_path / "seed.txt"), "--bootstrap-method", "Base32StringSeed")
    serial = out["VirtualMFADevice"]["SerialNumber"]
    serials.append(serial)
    aws.run("iam", "create-user", "--user-name", user)
    users.append(user)
    seed = (tmp_path / "seed.txt").read_text()
    step = h.current_step()
    proc = aws.run("iam", "enable-mfa-device", "--user-name", user, "--serial-number", serial,
                   "--authentication-code1", h.hotp(seed, step), "--authentication-code2",
                   h.hotp(seed, step - 1), check=False)
    assert_cli_error(proc, "InvalidAuthenticationCode", "EnableMFADevice", h.MSG_INVALID_CODE)
    dup = aws.run("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", device_name,
                  "--outfile", str(tmp_path / "again.txt"), "--bootstrap-method", "Base32StringSeed",
                  check=False)
    assert_cli_error(dup, "EntityAlreadyExists", "CreateVirtualMFADevice", h.MSG_DEVICE_EXISTS)
    assert not (tmp_path / "again.txt").exists(), "nothing is written when the call fails"


def test_the_cli_pages_through_every_virtual_device(aws, cleanup, tmp_path):
    _, serials = cleanup
    mine = set()
    for i in range(5):
        out = aws.json("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name",
                       name(f"page-{aws.mode}-{i}"), "--outfile", str(tmp_path / f"s{i}.txt"),
                       "--bootstrap-method", "Base32StringSeed")
        serials.append(out["VirtualMFADevice"]["SerialNumber"])
        mine.add(out["VirtualMFADevice"]["SerialNumber"])
    listed = aws.json("iam", "list-virtual-mfa-devices", "--assignment-status", "Unassigned",
                      "--page-size", "2")["VirtualMFADevices"]
    collected = [d["SerialNumber"] for d in listed]
    assert len(collected) == len(set(collected))
    assert mine <= set(collected)
    truncated = aws.json("iam", "list-virtual-mfa-devices", "--max-items", "2")
    assert len(truncated["VirtualMFADevices"]) == 2 and truncated.get("NextToken")


# ---------------------------------------------------------------------------- STS

def key_env(credentials: dict) -> dict:
    """Environment variables that make the CLI sign with an access key or session credentials."""
    env = {"AWS_ACCESS_KEY_ID": credentials["AccessKeyId"],
           "AWS_SECRET_ACCESS_KEY": credentials["SecretAccessKey"]}
    if credentials.get("SessionToken"):
        env["AWS_SESSION_TOKEN"] = credentials["SessionToken"]
    return env


def mfa_user(aws: Aws, cleanup, tmp_path, kind: str) -> dict:
    """A user with an issued access key and an enabled virtual device, all made with the CLI."""
    users, serials = cleanup
    user, device_name = name(f"{kind}-user-{aws.mode}"), name(f"{kind}-dev-{aws.mode}")
    created = aws.json("iam", "create-user", "--user-name", user)["User"]
    users.append(user)
    key = aws.json("iam", "create-access-key", "--user-name", user)["AccessKey"]
    assert h.LONG_TERM_KEY_RE.match(key["AccessKeyId"]) and len(key["SecretAccessKey"]) == 40, key
    seed_file = tmp_path / f"{kind}-seed.txt"
    out = aws.json("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", device_name,
                   "--outfile", str(seed_file), "--bootstrap-method", "Base32StringSeed")
    serial = out["VirtualMFADevice"]["SerialNumber"]
    serials.append(serial)
    seed = seed_file.read_text()
    code1, code2 = h.pair_ending_at(seed, h.current_step())
    aws.run("iam", "enable-mfa-device", "--user-name", user, "--serial-number", serial,
            "--authentication-code1", code1, "--authentication-code2", code2)
    return {"user": created, "env": key_env(key), "serial": serial, "seed": seed}


def test_get_session_token_with_an_mfa_code_gives_credentials_that_act_as_the_user(aws_sts, cleanup, tmp_path):
    aws = aws_sts
    u = mfa_user(aws, cleanup, tmp_path, "gst")
    ident = aws.json("sts", "get-caller-identity", env=u["env"])
    assert ident["Arn"] == u["user"]["Arn"] == h.user_arn(u["user"]["UserName"])
    assert ident["UserId"] == u["user"]["UserId"] and ident["Account"] == h.ACCOUNT_ID

    out = aws.json("sts", "get-session-token", "--serial-number", u["serial"],
                   "--token-code", h.sts_code(u["seed"]), "--duration-seconds", "900", env=u["env"])
    creds = out["Credentials"]
    assert h.TEMPORARY_KEY_RE.match(creds["AccessKeyId"]), creds
    assert len(creds["SecretAccessKey"]) == 40 and creds["SessionToken"], creds
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", creds["Expiration"]), creds

    session_ident = aws.json("sts", "get-caller-identity", env=key_env(creds))
    assert session_ident["Arn"] == u["user"]["Arn"]
    assert session_ident["UserId"] == u["user"]["UserId"]


def test_a_wrong_code_makes_get_session_token_exit_non_zero_with_access_denied(aws_sts, cleanup, tmp_path):
    aws = aws_sts
    u = mfa_user(aws, cleanup, tmp_path, "gst-bad")
    proc = aws.run("sts", "get-session-token", "--serial-number", u["serial"],
                   "--token-code", h.wrong_code(u["seed"]), env=u["env"], check=False)
    assert proc.returncode == 255, (proc.returncode, proc.stderr)
    assert proc.stdout == ""
    assert "AccessDenied" in proc.stderr
    assert_cli_error(proc, "AccessDenied", "GetSessionToken", h.MSG_STS_INVALID_CODE)
