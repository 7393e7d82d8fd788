"""Shared helpers of the boto3 and AWS CLI suites: TOTP, QR decoding, names, contract strings."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import os
import re
import secrets
import struct
import time

ACCOUNT_ID = "123456789012"
ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
REGION = "us-east-1"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SEED_RE = re.compile(r"^[A-Z2-7]{64}$")
USER_ID_RE = re.compile(r"^AIDA[A-Z0-9]{17}$")
REQUEST_ID_RE = re.compile(r"^[0-9A-Za-z-]{8,}$")
LONG_TERM_KEY_RE = re.compile(r"^AKIA[A-Z0-9]{16}$")
TEMPORARY_KEY_RE = re.compile(r"^ASIA[A-Z0-9]{16}$")

# Error messages of the wire contract (api.md; its first table wins over later sections).
MSG_INVALID_CODE = "Authentication code for device is not valid."
MSG_IN_USE = "MFA Device is already in use."
MSG_INVALID_FOR_USER = "MFA Device invalid for user."
MSG_DEVICE_IN_USE_DELETE = "MFA VirtualDevice in use. Must deactivate first."
MSG_USER_HOLDS_DEVICE = "Cannot delete entity, must remove tokens from principal first."
MSG_DEVICE_EXISTS = "MFA device already exists."
# Unknown on real AWS; api.md says to use this guess.
MSG_LIMIT = "Cannot exceed quota for MFADevicesPerUser: 8."
MSG_GET_MFA_VIRTUAL = (
    "The MFA device serial number sent in the request is invalid or not supported by this API. "
    "Currently, only hardware FIDO security keys are supported. Please use the compatible device or API."
)
MSG_INVALID_MARKER = "Invalid Marker."
# api.md section 3.4 ("current form likely").
MSG_BAD_ASSIGNMENT_STATUS = (
    "1 validation error detected: Value at 'assignmentStatus' failed to satisfy constraint: "
    "Member must satisfy enum value set"
)


# STS GetSessionToken (api.md, first table): note the trailing space of the first and the two
# spaces after the first period of the second.
MSG_STS_INVALID_CODE = "MultiFactorAuthentication failed with invalid MFA one time pass code. "
MSG_STS_UNABLE_TO_VALIDATE = (
    "MultiFactorAuthentication failed, unable to validate MFA code.  "
    "Please verify your MFA serial number is valid and associated with this user."
)
MSG_STS_SESSION_CREDENTIALS = "Cannot call GetSessionToken with session credentials"


def root_arn(account: str = ACCOUNT_ID) -> str:
    return f"arn:aws:iam::{account}:root"


def user_arn(user_name: str, path: str = "/", account: str = ACCOUNT_ID) -> str:
    return f"arn:aws:iam::{account}:user{path}{user_name}"


def msg_no_such_user(name: str) -> str:
    return f"The user with name {name} cannot be found."


def msg_user_exists(name: str) -> str:
    return f"User with name {name} already exists."


def msg_no_such_device(serial: str) -> str:
    return f"MFA Device with serial number {serial} does not exist."


def msg_already_yours(name: str) -> str:
    return f"MFA Device for user {name} already exists."


def endpoint() -> str:
    url = os.environ.get("EMULATOR_ENDPOINT", "").strip()
    if not url:
        raise RuntimeError(
            "EMULATOR_ENDPOINT is not set: run the suites through tests/sdk/run.sh "
            "or export EMULATOR_ENDPOINT=http://127.0.0.1:PORT of a running emulator"
        )
    return url.rstrip("/")


def unique_suffix() -> str:
    """A short random tag so that suites sharing one server never collide on names."""
    return secrets.token_hex(4)


# ---------------------------------------------------------------- TOTP (RFC 4226 / RFC 6238)

def _seed_key(seed: str | bytes) -> bytes:
    if isinstance(seed, (bytes, bytearray)):
        seed = bytes(seed).decode("ascii")
    seed = seed.strip().upper()
    return base64.b32decode(seed + "=" * (-len(seed) % 8))


def hotp(seed: str | bytes, counter: int, digits: int = 6) -> str:
    """HOTP value of `counter` for a base32 seed (text or ASCII bytes)."""
    mac = hmac.new(_seed_key(seed), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def hotp_raw_key(key: bytes, counter: int, digits: int = 6) -> str:
    return hotp(base64.b32encode(key).decode("ascii").rstrip("="), counter, digits)


def current_step(now: float | None = None) -> int:
    return int(time.time() if now is None else now) // 30


def sts_code(seed: str | bytes, now: float | None = None) -> str:
    """The code of the current 30 s step: STS accepts it while the server's step is within 2 of it,
    so a step boundary crossed between computing and sending does not matter."""
    return hotp(seed, current_step(now))


def wrong_code(seed: str | bytes, reach: int = 4) -> str:
    """A six-digit code that matches no step within `reach` of now (so it is wrong on any side of a
    step boundary)."""
    step = current_step()
    near = {hotp(seed, n) for n in range(step - reach, step + reach + 1)}
    return next(c for c in (f"{i:06d}" for i in range(10**6)) if c not in near)


def pair_ending_at(seed: str | bytes, counter: int) -> tuple[str, str]:
    """Two consecutive codes: code(counter - 1), code(counter)."""
    return hotp(seed, counter - 1), hotp(seed, counter)


# ---------------------------------------------------------------- QR / otpauth

def expected_otpauth_uri(device_name: str, seed: str, account_id: str = ACCOUNT_ID) -> str:
    return (
        f"otpauth://totp/Amazon%20Web%20Services:{device_name}@{account_id}"
        f"?secret={seed}&issuer=Amazon%20Web%20Services"
    )


def decode_qr_png(png: bytes) -> str:
    """Decode the single QR code of a PNG image to its text (zxing-cpp, no system libraries)."""
    import zxingcpp
    from PIL import Image

    assert png[:8] == PNG_SIGNATURE, f"not a PNG: first bytes {png[:8]!r}"
    image = Image.open(io.BytesIO(png))
    image.load()
    results = zxingcpp.read_barcodes(image.convert("L"))
    if not results:
        # Tiny module sizes or a missing quiet zone: retry on an enlarged, padded copy.
        scale = max(1, 600 // max(image.size))
        big = image.convert("L").resize((image.width * scale, image.height * scale), Image.NEAREST)
        padded = Image.new("L", (big.width + 80, big.height + 80), 255)
        padded.paste(big, (40, 40))
        results = zxingcpp.read_barcodes(padded)
    assert results, "no barcode found in the PNG"
    qr = [r for r in results if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert qr, f"barcodes found but none is a QR code: {[str(r.format) for r in results]}"
    return qr[0].text
