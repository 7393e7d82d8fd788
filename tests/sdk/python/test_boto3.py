"""boto3 against iam-mfa-emulator: lifecycle, errors, paginators, seed/QR, endpoint selection, STS."""

from __future__ import annotations

import base64
import datetime as dt

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

import sdkhelpers as h

SUFFIX = h.unique_suffix()
PATH = f"/b3-{SUFFIX}/"


def name(kind: str) -> str:
    """Names unique to this suite run (user names stay well under 64 characters)."""
    return f"b3-{SUFFIX}-{kind}"


def make_client(endpoint_url: str | None, access_key_id: str = h.ACCESS_KEY_ID, *, service: str = "iam",
                secret_access_key: str = h.SECRET_ACCESS_KEY, session_token: str | None = None, **config):
    session = boto3.session.Session(
        aws_access_key_id=access_key_id,
        aws_secret_access_key=secret_access_key,
        aws_session_token=session_token,
        region_name=h.REGION,
    )
    config = Config(retries={"max_attempts": 0}, connect_timeout=5, read_timeout=60, **config)
    return session.client(service, endpoint_url=endpoint_url, config=config)


def serial_of(device_name: str, path: str = "/", account: str = h.ACCOUNT_ID) -> str:
    return f"arn:aws:iam::{account}:mfa{path}{device_name}"


def assert_error(exc: ClientError, code: str, status: int, message: str | None = None) -> None:
    resp = exc.response
    assert resp["Error"]["Code"] == code, resp
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == status, resp
    if message is not None:
        assert resp["Error"]["Message"] == message, resp
    assert resp["Error"].get("Type") == "Sender", resp
    assert resp["ResponseMetadata"].get("RequestId"), resp


def assert_recent(value: dt.datetime) -> None:
    assert isinstance(value, dt.datetime)
    assert value.tzinfo is not None, "timestamps must carry UTC"
    now = dt.datetime.now(dt.timezone.utc)
    assert abs((now - value).total_seconds()) < 600, f"{value} is not close to {now}"


def seed_text(device: dict) -> str:
    seed = device["Base32StringSeed"]
    assert isinstance(seed, bytes), "the Base32StringSeed blob reaches boto3 as bytes"
    return seed.decode("ascii")


class Resources:
    """Creates users/devices and removes whatever is left of them afterwards."""

    def __init__(self, iam):
        self.iam = iam
        self.users: list[str] = []
        self.serials: list[str] = []
        self.keys: list[tuple[str, str]] = []  # (user name, access key id)

    def user(self, user_name: str, **kwargs) -> dict:
        resp = self.iam.create_user(UserName=user_name, **kwargs)
        self.users.append(user_name)
        return resp["User"]

    def device(self, device_name: str, **kwargs) -> dict:
        resp = self.iam.create_virtual_mfa_device(VirtualMFADeviceName=device_name, **kwargs)
        device = resp["VirtualMFADevice"]
        self.serials.append(device["SerialNumber"])
        return device

    def enable(self, user_name: str, device: dict, counter: int | None = None) -> int:
        counter = h.current_step() if counter is None else counter
        code1, code2 = h.pair_ending_at(device["Base32StringSeed"], counter)
        self.iam.enable_mfa_device(
            UserName=user_name,
            SerialNumber=device["SerialNumber"],
            AuthenticationCode1=code1,
            AuthenticationCode2=code2,
        )
        return counter

    def access_key(self, user_name: str) -> dict:
        key = self.iam.create_access_key(UserName=user_name)["AccessKey"]
        self.keys.append((user_name, key["AccessKeyId"]))
        return key

    def close(self) -> None:
        for user_name, key_id in self.keys:
            try:
                self.iam.delete_access_key(UserName=user_name, AccessKeyId=key_id)
            except ClientError:
                pass
        for user_name in self.users:
            try:
                for dev in self.iam.list_mfa_devices(UserName=user_name)["MFADevices"]:
                    self.iam.deactivate_mfa_device(UserName=user_name, SerialNumber=dev["SerialNumber"])
            except ClientError:
                pass
        for serial in self.serials:
            try:
                self.iam.delete_virtual_mfa_device(SerialNumber=serial)
            except ClientError:
                pass
        for user_name in self.users:
            try:
                self.iam.delete_user(UserName=user_name)
            except ClientError:
                pass


@pytest.fixture(scope="module")
def iam(endpoint):
    return make_client(endpoint)


@pytest.fixture
def res(iam):
    resources = Resources(iam)
    yield resources
    resources.close()


# ---------------------------------------------------------------------------- TOTP helper

def test_the_totp_helper_reproduces_the_rfc_4226_and_rfc_6238_vectors():
    key = b"12345678901234567890"
    expected = ["755224", "287082", "359152", "969429", "338314",
                "254676", "287922", "162583", "399871", "520489"]
    assert [h.hotp_raw_key(key, c) for c in range(10)] == expected
    for unix, code in [(59, "94287082"), (1111111109, "07081804"), (1111111111, "14050471"),
                       (1234567890, "89005924"), (2000000000, "69279037"), (20000000000, "65353130")]:
        assert h.hotp_raw_key(key, h.current_step(unix), digits=8) == code


# ---------------------------------------------------------------------------- endpoint selection

def test_boto3_reaches_the_emulator_through_endpoint_url(endpoint, res):
    iam = make_client(endpoint)
    assert iam.meta.endpoint_url == endpoint
    res.iam = iam
    user = res.user(name("ep-arg"))
    got = iam.get_user(UserName=name("ep-arg"))
    assert got["User"]["UserId"] == user["UserId"]
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_boto3_reaches_the_emulator_through_the_aws_endpoint_url_iam_variable(endpoint, res, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL_IAM", endpoint)
    iam = boto3.session.Session().client("iam")  # keys and region from the isolated environment
    assert iam.meta.endpoint_url == endpoint
    created = iam.create_user(UserName=name("ep-env"))["User"]
    res.users.append(name("ep-env"))
    assert created["Arn"] == f"arn:aws:iam::{h.ACCOUNT_ID}:user/{name('ep-env')}"
    listed = [u["UserName"] for u in iam.get_paginator("list_users").paginate().build_full_result()["Users"]]
    assert name("ep-env") in listed


def test_every_response_carries_a_request_id_in_body_and_header(iam):
    resp = iam.list_users(MaxItems=1)
    meta = resp["ResponseMetadata"]
    assert h.REQUEST_ID_RE.match(meta["RequestId"]), meta
    assert meta["HTTPHeaders"].get("x-amzn-requestid") == meta["RequestId"]
    assert meta["HTTPHeaders"].get("content-type", "").startswith("text/xml")


# ---------------------------------------------------------------------------- lifecycle

@pytest.fixture(scope="class")
def state(iam):
    """What the lifecycle steps hand on to each other; everything left is removed at the end."""
    resources = Resources(iam)
    yield {"res": resources}
    resources.close()


class TestTheMfaLifecycle:
    """One user and one device, from creation to deletion; the steps run in file order."""

    USER = name("life-user")
    DEVICE = name("life-dev")
    PATH = PATH
    SERIAL = serial_of(DEVICE, PATH)

    @staticmethod
    def need(state: dict, *keys: str) -> None:
        missing = [k for k in keys if k not in state]
        if missing:
            pytest.fail(f"an earlier lifecycle step did not complete (missing {missing})", pytrace=False)

    def test_a_user_is_created_with_an_aida_id_and_an_arn_under_its_path(self, iam, state):
        resp = iam.create_user(UserName=self.USER, Path=self.PATH)
        state["res"].users.append(self.USER)
        user = resp["User"]
        assert user["UserName"] == self.USER
        assert user["Path"] == self.PATH
        assert user["Arn"] == f"arn:aws:iam::{h.ACCOUNT_ID}:user{self.PATH}{self.USER}"
        assert h.USER_ID_RE.match(user["UserId"]), user["UserId"]
        assert_recent(user["CreateDate"])
        assert resp["ResponseMetadata"]["RequestId"]
        got = iam.get_user(UserName=self.USER)["User"]
        assert {k: got[k] for k in ("UserName", "Path", "Arn", "UserId")} == \
            {k: user[k] for k in ("UserName", "Path", "Arn", "UserId")}
        state["user"] = user

    def test_a_virtual_device_is_created_with_tags_a_seed_and_a_qr_png(self, iam, state):
        resp = iam.create_virtual_mfa_device(
            Path=self.PATH,
            VirtualMFADeviceName=self.DEVICE,
            Tags=[{"Key": "team", "Value": "sdk"}, {"Key": "env", "Value": ""}],
        )
        state["res"].serials.append(self.SERIAL)
        device = resp["VirtualMFADevice"]
        assert device["SerialNumber"] == self.SERIAL
        seed = seed_text(device)
        assert h.SEED_RE.match(seed), seed
        assert len(base64.b32decode(seed)) == 40
        assert device["QRCodePNG"][:8] == h.PNG_SIGNATURE
        assert sorted(device.get("Tags", []), key=lambda t: t["Key"]) == [
            {"Key": "env", "Value": ""}, {"Key": "team", "Value": "sdk"}]
        assert "User" not in device and "EnableDate" not in device
        state["seed"] = seed
        state["device"] = device

    def test_the_qr_png_decodes_to_the_otpauth_uri_carrying_the_seed(self, state):
        self.need(state, "device")
        uri = h.decode_qr_png(state["device"]["QRCodePNG"])
        assert uri == h.expected_otpauth_uri(self.DEVICE, state["seed"])

    def test_an_unassigned_device_is_listed_as_unassigned_only_and_the_user_has_no_devices(self, iam, state):
        self.need(state, "device")
        unassigned = iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")
        entries = [d for d in unassigned["VirtualMFADevices"] if d["SerialNumber"] == self.SERIAL]
        assert len(entries) == 1
        assert set(entries[0]) == {"SerialNumber"}, "list entries never carry seed, QR, tags, user or date"
        assigned = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]
        assert self.SERIAL not in [d["SerialNumber"] for d in assigned]
        mine = iam.list_mfa_devices(UserName=self.USER)
        assert mine["MFADevices"] == []
        assert mine["IsTruncated"] is False

    def test_the_device_is_enabled_with_two_consecutive_codes_computed_from_the_seed(self, iam, state):
        self.need(state, "seed")
        step = h.current_step()
        code1, code2 = h.pair_ending_at(state["seed"], step)
        resp = iam.enable_mfa_device(UserName=self.USER, SerialNumber=self.SERIAL,
                                     AuthenticationCode1=code1, AuthenticationCode2=code2)
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
        assert resp["ResponseMetadata"]["RequestId"]
        state["enable_pair"] = (code1, code2)
        state["last"] = step

    def test_list_mfa_devices_shows_the_enabled_device_with_user_and_enable_date(self, iam, state):
        self.need(state, "last")
        resp = iam.list_mfa_devices(UserName=self.USER)
        assert resp["IsTruncated"] is False
        assert len(resp["MFADevices"]) == 1
        entry = resp["MFADevices"][0]
        assert entry["UserName"] == self.USER
        assert entry["SerialNumber"] == self.SERIAL
        assert_recent(entry["EnableDate"])

    def test_list_virtual_mfa_devices_filters_by_assignment_status(self, iam, state):
        self.need(state, "last")
        by_status = {}
        for status in ("Assigned", "Unassigned", "Any", None):
            kwargs = {"AssignmentStatus": status} if status else {}
            devices = iam.get_paginator("list_virtual_mfa_devices").paginate(**kwargs) \
                .build_full_result()["VirtualMFADevices"]
            by_status[status] = {d["SerialNumber"]: d for d in devices}
        assert self.SERIAL in by_status["Assigned"]
        assert self.SERIAL not in by_status["Unassigned"]
        assert self.SERIAL in by_status["Any"]
        assert self.SERIAL in by_status[None], "AssignmentStatus defaults to Any"
        entry = by_status["Assigned"][self.SERIAL]
        assert entry["User"]["UserName"] == self.USER
        assert entry["User"]["Arn"] == state["user"]["Arn"]
        assert entry["User"]["UserId"] == state["user"]["UserId"]
        assert_recent(entry["EnableDate"])
        for forbidden in ("Base32StringSeed", "QRCodePNG", "Tags"):
            assert forbidden not in entry

    def test_device_tags_are_listed_sorted_overwritten_and_removed(self, iam, state):
        self.need(state, "device")
        def tags():
            resp = iam.list_mfa_device_tags(SerialNumber=self.SERIAL)
            assert resp["IsTruncated"] is False
            return resp["Tags"]
        assert tags() == [{"Key": "env", "Value": ""}, {"Key": "team", "Value": "sdk"}]
        iam.tag_mfa_device(SerialNumber=self.SERIAL,
                           Tags=[{"Key": "team", "Value": "platform"}, {"Key": "owner", "Value": "alice"}])
        assert tags() == [{"Key": "env", "Value": ""}, {"Key": "owner", "Value": "alice"},
                          {"Key": "team", "Value": "platform"}]
        iam.untag_mfa_device(SerialNumber=self.SERIAL, TagKeys=["env"])
        assert tags() == [{"Key": "owner", "Value": "alice"}, {"Key": "team", "Value": "platform"}]
        iam.untag_mfa_device(SerialNumber=self.SERIAL, TagKeys=[])  # sent as `TagKeys=`: an empty list
        assert tags() == [{"Key": "owner", "Value": "alice"}, {"Key": "team", "Value": "platform"}]

    def test_the_device_is_resynced_with_a_newer_pair(self, iam, state):
        self.need(state, "last")
        counter = state["last"] + 2
        code1, code2 = h.pair_ending_at(state["seed"], counter)
        resp = iam.resync_mfa_device(UserName=self.USER, SerialNumber=self.SERIAL,
                                     AuthenticationCode1=code1, AuthenticationCode2=code2)
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
        state["resync_pair"] = (code1, code2)
        state["last"] = counter

    def test_a_resync_with_an_already_accepted_pair_is_refused(self, iam, state):
        self.need(state, "resync_pair", "enable_pair")
        for code1, code2 in (state["resync_pair"], state["enable_pair"]):
            with pytest.raises(iam.exceptions.InvalidAuthenticationCodeException) as ei:
                iam.resync_mfa_device(UserName=self.USER, SerialNumber=self.SERIAL,
                                      AuthenticationCode1=code1, AuthenticationCode2=code2)
            assert_error(ei.value, "InvalidAuthenticationCode", 403, h.MSG_INVALID_CODE)

    def test_enabling_the_device_again_for_its_own_user_is_entity_already_exists(self, iam, state):
        self.need(state, "last")
        code1, code2 = h.pair_ending_at(state["seed"], state["last"] + 2)
        with pytest.raises(iam.exceptions.EntityAlreadyExistsException) as ei:
            iam.enable_mfa_device(UserName=self.USER, SerialNumber=self.SERIAL,
                                  AuthenticationCode1=code1, AuthenticationCode2=code2)
        assert_error(ei.value, "EntityAlreadyExists", 409, h.msg_already_yours(self.USER))

    def test_the_user_cannot_be_deleted_while_holding_the_device(self, iam, state):
        self.need(state, "last")
        with pytest.raises(iam.exceptions.DeleteConflictException) as ei:
            iam.delete_user(UserName=self.USER)
        assert_error(ei.value, "DeleteConflict", 409, h.MSG_USER_HOLDS_DEVICE)

    def test_the_assigned_device_cannot_be_deleted(self, iam, state):
        self.need(state, "last")
        with pytest.raises(iam.exceptions.DeleteConflictException) as ei:
            iam.delete_virtual_mfa_device(SerialNumber=self.SERIAL)
        assert_error(ei.value, "DeleteConflict", 409, h.MSG_DEVICE_IN_USE_DELETE)

    def test_deactivation_unassigns_the_device_but_keeps_it_and_its_tags(self, iam, state):
        self.need(state, "last")
        resp = iam.deactivate_mfa_device(UserName=self.USER, SerialNumber=self.SERIAL)
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
        assert iam.list_mfa_devices(UserName=self.USER)["MFADevices"] == []
        unassigned = iam.get_paginator("list_virtual_mfa_devices").paginate(
            AssignmentStatus="Unassigned").build_full_result()["VirtualMFADevices"]
        entries = [d for d in unassigned if d["SerialNumber"] == self.SERIAL]
        assert entries == [{"SerialNumber": self.SERIAL}], "no User/EnableDate after deactivation"
        assert iam.list_mfa_device_tags(SerialNumber=self.SERIAL)["Tags"] == [
            {"Key": "owner", "Value": "alice"}, {"Key": "team", "Value": "platform"}]
        state["deactivated"] = True

    def test_re_enabling_with_an_already_used_pair_is_refused(self, iam, state):
        self.need(state, "deactivated")
        for code1, code2 in (state["enable_pair"], state["resync_pair"]):
            with pytest.raises(iam.exceptions.InvalidAuthenticationCodeException) as ei:
                iam.enable_mfa_device(UserName=self.USER, SerialNumber=self.SERIAL,
                                      AuthenticationCode1=code1, AuthenticationCode2=code2)
            assert_error(ei.value, "InvalidAuthenticationCode", 403, h.MSG_INVALID_CODE)
        assert iam.list_mfa_devices(UserName=self.USER)["MFADevices"] == []

    def test_re_enabling_with_a_later_pair_works_and_can_be_undone(self, iam, state):
        self.need(state, "deactivated")
        counter = state["last"] + 2
        code1, code2 = h.pair_ending_at(state["seed"], counter)
        iam.enable_mfa_device(UserName=self.USER, SerialNumber=self.SERIAL,
                              AuthenticationCode1=code1, AuthenticationCode2=code2)
        state["last"] = counter
        assert [d["SerialNumber"] for d in iam.list_mfa_devices(UserName=self.USER)["MFADevices"]] == [self.SERIAL]
        iam.deactivate_mfa_device(UserName=self.USER, SerialNumber=self.SERIAL)
        assert iam.list_mfa_devices(UserName=self.USER)["MFADevices"] == []

    def test_the_device_is_deleted_and_then_unknown(self, iam, state):
        self.need(state, "deactivated")
        resp = iam.delete_virtual_mfa_device(SerialNumber=self.SERIAL)
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
        listed = iam.get_paginator("list_virtual_mfa_devices").paginate().build_full_result()["VirtualMFADevices"]
        assert self.SERIAL not in [d["SerialNumber"] for d in listed]
        with pytest.raises(iam.exceptions.NoSuchEntityException) as ei:
            iam.delete_virtual_mfa_device(SerialNumber=self.SERIAL)
        assert_error(ei.value, "NoSuchEntity", 404, h.msg_no_such_device(self.SERIAL))
        state["device_deleted"] = True

    def test_the_user_is_deleted_and_then_unknown(self, iam, state):
        self.need(state, "device_deleted")
        resp = iam.delete_user(UserName=self.USER)
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
        with pytest.raises(iam.exceptions.NoSuchEntityException) as ei:
            iam.get_user(UserName=self.USER)
        assert_error(ei.value, "NoSuchEntity", 404, h.msg_no_such_user(self.USER))


# ---------------------------------------------------------------------------- seed and QR

def test_a_device_at_the_root_path_has_a_seed_that_enables_it_and_a_qr_naming_it(iam, res):
    device = res.device(name("seed-dev"))
    assert device["SerialNumber"] == serial_of(name("seed-dev"))
    seed = seed_text(device)
    assert h.SEED_RE.match(seed)
    assert h.decode_qr_png(device["QRCodePNG"]) == h.expected_otpauth_uri(name("seed-dev"), seed)
    res.user(name("seed-user"))
    res.enable(name("seed-user"), device)
    assert [d["SerialNumber"] for d in iam.list_mfa_devices(UserName=name("seed-user"))["MFADevices"]] \
        == [device["SerialNumber"]]


def test_a_twelve_digit_access_key_id_selects_an_isolated_account(endpoint, iam, res):
    other_account = "111122223333"
    other = make_client(endpoint, access_key_id=other_account)
    other_res = Resources(other)
    try:
        device = other_res.device(name("acct-dev"))
        assert device["SerialNumber"] == serial_of(name("acct-dev"), account=other_account)
        assert h.decode_qr_png(device["QRCodePNG"]) == \
            h.expected_otpauth_uri(name("acct-dev"), seed_text(device), other_account)
        res.user(name("acct-user"))
        with pytest.raises(other.exceptions.NoSuchEntityException) as ei:
            other.get_user(UserName=name("acct-user"))
        assert_error(ei.value, "NoSuchEntity", 404, h.msg_no_such_user(name("acct-user")))
        default_serials = [d["SerialNumber"] for d in iam.get_paginator("list_virtual_mfa_devices")
                           .paginate().build_full_result()["VirtualMFADevices"]]
        assert device["SerialNumber"] not in default_serials
    finally:
        other_res.close()


# ---------------------------------------------------------------------------- errors

def test_an_unknown_user_is_no_such_entity_404(iam):
    missing = name("nobody")
    with pytest.raises(iam.exceptions.NoSuchEntityException) as ei:
        iam.get_user(UserName=missing)
    assert_error(ei.value, "NoSuchEntity", 404, h.msg_no_such_user(missing))
    with pytest.raises(iam.exceptions.NoSuchEntityException) as ei:
        iam.list_mfa_devices(UserName=missing)
    assert_error(ei.value, "NoSuchEntity", 404, h.msg_no_such_user(missing))


def test_creating_a_user_twice_is_entity_already_exists_409(iam, res):
    res.user(name("dup-user"))
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException) as ei:
        iam.create_user(UserName=name("dup-user"))
    assert_error(ei.value, "EntityAlreadyExists", 409, h.msg_user_exists(name("dup-user")))


def test_creating_a_device_twice_at_the_same_path_and_name_is_entity_already_exists_409(iam, res):
    res.device(name("dup-dev"), Path=PATH)
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException) as ei:
        iam.create_virtual_mfa_device(VirtualMFADeviceName=name("dup-dev"), Path=PATH)
    assert_error(ei.value, "EntityAlreadyExists", 409, h.MSG_DEVICE_EXISTS)


def test_enabling_for_an_unknown_user_is_no_such_entity_before_the_codes_are_checked(iam, res):
    device = res.device(name("nouser-dev"))
    with pytest.raises(iam.exceptions.NoSuchEntityException) as ei:
        iam.enable_mfa_device(UserName=name("ghost"), SerialNumber=device["SerialNumber"],
                              AuthenticationCode1="123456", AuthenticationCode2="654321")
    assert_error(ei.value, "NoSuchEntity", 404, h.msg_no_such_user(name("ghost")))


def test_enabling_an_unknown_serial_is_no_such_entity_404(iam, res):
    res.user(name("noserial-user"))
    with pytest.raises(iam.exceptions.NoSuchEntityException) as ei:
        iam.enable_mfa_device(UserName=name("noserial-user"), SerialNumber=serial_of(name("missing-dev")),
                              AuthenticationCode1="123456", AuthenticationCode2="654321")
    # The message for this case is not settled by the contract: code and status only.
    assert_error(ei.value, "NoSuchEntity", 404)


@pytest.mark.parametrize("kind", ["identical", "reversed", "not consecutive", "far outside the window", "wrong"])
def test_an_invalid_pair_of_codes_is_invalid_authentication_code_403(iam, res, kind):
    slug = kind.replace(" ", "-")
    user = name(f"bad-{slug}")
    res.user(user)
    device = res.device(name(f"bad-{slug}-dev"))
    seed, t = device["Base32StringSeed"], h.current_step()
    code = lambda c: h.hotp(seed, c)  # noqa: E731
    pairs = {
        "identical": (code(t), code(t)),
        "reversed": (code(t), code(t - 1)),
        "not consecutive": (code(t - 2), code(t)),
        "far outside the window": (code(t + 1500), code(t + 1501)),
        "wrong": ("000000", "000000") if code(t) != "000000" else ("111111", "111111"),
    }
    code1, code2 = pairs[kind]
    with pytest.raises(iam.exceptions.InvalidAuthenticationCodeException) as ei:
        iam.enable_mfa_device(UserName=user, SerialNumber=device["SerialNumber"],
                              AuthenticationCode1=code1, AuthenticationCode2=code2)
    assert_error(ei.value, "InvalidAuthenticationCode", 403, h.MSG_INVALID_CODE)
    assert iam.list_mfa_devices(UserName=user)["MFADevices"] == []
    res.enable(user, device)  # a refused pair consumes nothing


def test_enabling_a_device_held_by_another_user_is_already_in_use_409(iam, res):
    res.user(name("owner"))
    res.user(name("thief"))
    device = res.device(name("held-dev"))
    last = res.enable(name("owner"), device)
    code1, code2 = h.pair_ending_at(device["Base32StringSeed"], last + 2)
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException) as ei:
        iam.enable_mfa_device(UserName=name("thief"), SerialNumber=device["SerialNumber"],
                              AuthenticationCode1=code1, AuthenticationCode2=code2)
    assert_error(ei.value, "EntityAlreadyExists", 409, h.MSG_IN_USE)
    # Deactivating or resyncing it in the other user's name is "invalid for user".
    with pytest.raises(iam.exceptions.NoSuchEntityException) as ei:
        iam.deactivate_mfa_device(UserName=name("thief"), SerialNumber=device["SerialNumber"])
    assert_error(ei.value, "NoSuchEntity", 404, h.MSG_INVALID_FOR_USER)
    with pytest.raises(iam.exceptions.NoSuchEntityException) as ei:
        iam.resync_mfa_device(UserName=name("thief"), SerialNumber=device["SerialNumber"],
                              AuthenticationCode1=code1, AuthenticationCode2=code2)
    assert_error(ei.value, "NoSuchEntity", 404, h.MSG_INVALID_FOR_USER)


def test_deactivating_or_resyncing_an_unassigned_device_is_invalid_for_user_404(iam, res):
    res.user(name("idle-user"))
    device = res.device(name("idle-dev"))
    with pytest.raises(iam.exceptions.NoSuchEntityException) as ei:
        iam.deactivate_mfa_device(UserName=name("idle-user"), SerialNumber=device["SerialNumber"])
    assert_error(ei.value, "NoSuchEntity", 404, h.MSG_INVALID_FOR_USER)
    code1, code2 = h.pair_ending_at(device["Base32StringSeed"], h.current_step())
    with pytest.raises(iam.exceptions.NoSuchEntityException) as ei:
        iam.resync_mfa_device(UserName=name("idle-user"), SerialNumber=device["SerialNumber"],
                              AuthenticationCode1=code1, AuthenticationCode2=code2)
    assert_error(ei.value, "NoSuchEntity", 404, h.MSG_INVALID_FOR_USER)


def test_deactivating_with_an_unknown_user_or_serial_is_no_such_entity_404(iam, res):
    res.user(name("deact-user"))
    device = res.device(name("deact-dev"))
    missing_serial = serial_of(name("never-created"))
    with pytest.raises(iam.exceptions.NoSuchEntityException) as ei:
        iam.deactivate_mfa_device(UserName=name("deact-user"), SerialNumber=missing_serial)
    assert_error(ei.value, "NoSuchEntity", 404, h.msg_no_such_device(missing_serial))
    with pytest.raises(iam.exceptions.NoSuchEntityException) as ei:
        iam.deactivate_mfa_device(UserName=name("deact-ghost"), SerialNumber=device["SerialNumber"])
    assert_error(ei.value, "NoSuchEntity", 404, h.msg_no_such_user(name("deact-ghost")))


def test_resyncing_for_an_unknown_user_is_no_such_entity_404(iam, res):
    device = res.device(name("resync-ghost-dev"))
    with pytest.raises(iam.exceptions.NoSuchEntityException) as ei:
        iam.resync_mfa_device(UserName=name("resync-ghost"), SerialNumber=device["SerialNumber"],
                              AuthenticationCode1="123456", AuthenticationCode2="654321")
    assert_error(ei.value, "NoSuchEntity", 404, h.msg_no_such_user(name("resync-ghost")))


def test_deleting_an_unknown_device_is_no_such_entity_404(iam):
    missing_serial = serial_of(name("not-there"))
    with pytest.raises(iam.exceptions.NoSuchEntityException) as ei:
        iam.delete_virtual_mfa_device(SerialNumber=missing_serial)
    assert_error(ei.value, "NoSuchEntity", 404, h.msg_no_such_device(missing_serial))


def test_a_ninth_device_for_one_user_is_limit_exceeded_409(iam, res):
    user = name("eight")
    res.user(user)
    devices = [res.device(name(f"eight-{i}")) for i in range(9)]
    for device in devices[:8]:
        res.enable(user, device)
    assert len(iam.list_mfa_devices(UserName=user)["MFADevices"]) == 8
    with pytest.raises(iam.exceptions.LimitExceededException) as ei:
        res.enable(user, devices[8])
    assert_error(ei.value, "LimitExceeded", 409, h.MSG_LIMIT)
    listed = iam.list_mfa_devices(UserName=user)["MFADevices"]
    assert sorted(d["SerialNumber"] for d in listed) == sorted(d["SerialNumber"] for d in devices[:8])


def test_get_mfa_device_on_a_virtual_device_is_a_validation_error_400(iam, res):
    res.user(name("get-user"))
    device = res.device(name("get-dev"))
    with pytest.raises(ClientError) as ei:
        iam.get_mfa_device(SerialNumber=device["SerialNumber"], UserName=name("get-user"))
    assert_error(ei.value, "ValidationError", 400, h.MSG_GET_MFA_VIRTUAL)


def test_an_unknown_assignment_status_is_a_validation_error_400(iam):
    with pytest.raises(ClientError) as ei:
        iam.list_virtual_mfa_devices(AssignmentStatus="Bogus")
    assert_error(ei.value, "ValidationError", 400, h.MSG_BAD_ASSIGNMENT_STATUS)


def test_an_unknown_marker_is_a_validation_error_400(iam):
    with pytest.raises(ClientError) as ei:
        iam.list_virtual_mfa_devices(Marker="invalid-marker-value")
    assert_error(ei.value, "ValidationError", 400, h.MSG_INVALID_MARKER)


def test_non_numeric_codes_are_a_validation_error_400_naming_the_field(iam, res):
    res.user(name("alpha-user"))
    device = res.device(name("alpha-dev"))
    with pytest.raises(ClientError) as ei:
        iam.enable_mfa_device(UserName=name("alpha-user"), SerialNumber=device["SerialNumber"],
                              AuthenticationCode1="abcdef", AuthenticationCode2="123456")
    assert_error(ei.value, "ValidationError", 400)
    message = ei.value.response["Error"]["Message"]
    assert message.startswith("1 validation error detected: "), message
    assert "authenticationCode1" in message, message


# ---------------------------------------------------------------------------- paginators

def test_the_list_users_paginator_collects_every_user_across_pages(iam, res):
    prefix = f"/b3-{SUFFIX}-pages/"
    names = sorted(name(f"page-user-{i}") for i in range(5))
    for user_name in names:
        res.user(user_name, Path=prefix)
    pages = list(iam.get_paginator("list_users").paginate(PathPrefix=prefix, PaginationConfig={"PageSize": 2}))
    assert len(pages) >= 3
    assert all(len(p["Users"]) <= 2 for p in pages)
    assert all(p["IsTruncated"] is True and p["Marker"] for p in pages[:-1])
    assert pages[-1]["IsTruncated"] is False and "Marker" not in pages[-1]
    collected = [u["UserName"] for p in pages for u in p["Users"]]
    assert sorted(collected) == names
    assert all("Tags" not in u for p in pages for u in p["Users"])


def test_the_list_virtual_mfa_devices_paginator_collects_every_device_across_pages(iam, res):
    serials = {res.device(name(f"page-dev-{i}"))["SerialNumber"] for i in range(5)}
    pages = list(iam.get_paginator("list_virtual_mfa_devices").paginate(
        AssignmentStatus="Any", PaginationConfig={"PageSize": 2}))
    collected = [d["SerialNumber"] for p in pages for d in p["VirtualMFADevices"]]
    assert len(collected) == len(set(collected)), "no device is returned twice"
    assert serials <= set(collected)
    assert len(pages) >= 3 and len(pages) >= (len(collected) + 1) // 2
    assert all(len(p["VirtualMFADevices"]) <= 2 for p in pages)
    assert pages[-1]["IsTruncated"] is False


def test_a_paginator_resumes_from_its_next_token(iam, res):
    prefix = f"/b3-{SUFFIX}-resume/"
    names = sorted(name(f"resume-{i}") for i in range(5))
    for user_name in names:
        res.user(user_name, Path=prefix)
    paginator = iam.get_paginator("list_users")
    first = paginator.paginate(PathPrefix=prefix,
                               PaginationConfig={"MaxItems": 3, "PageSize": 2}).build_full_result()
    assert len(first["Users"]) == 3 and first.get("NextToken")
    rest = paginator.paginate(PathPrefix=prefix, PaginationConfig={
        "PageSize": 2, "StartingToken": first["NextToken"]}).build_full_result()
    assert sorted(u["UserName"] for u in first["Users"] + rest["Users"]) == names



# ---------------------------------------------------------------------------- STS

def make_sts(endpoint_url: str, access_key_id: str = h.ACCESS_KEY_ID, **kwargs):
    return make_client(endpoint_url, access_key_id, service="sts", **kwargs)


def sts_as(endpoint_url: str, credentials: dict):
    """An STS client signing with an access key (`CreateAccessKey`) or session credentials."""
    return make_sts(endpoint_url, credentials["AccessKeyId"],
                    secret_access_key=credentials["SecretAccessKey"],
                    session_token=credentials.get("SessionToken"))


def mfa_user(endpoint: str, res: Resources, kind: str) -> dict:
    """A user with an issued access key and an enabled virtual device, plus an STS client signing as it."""
    user = res.user(name(f"{kind}-user"))
    key = res.access_key(user["UserName"])
    device = res.device(name(f"{kind}-dev"))
    res.enable(user["UserName"], device)
    return {"user": user, "key": key, "serial": device["SerialNumber"], "seed": seed_text(device),
            "sts": sts_as(endpoint, key)}


def assert_access_denied(exc: ClientError, message: str) -> None:
    assert_error(exc, "AccessDenied", 403, message)


def assert_temporary_credentials(creds: dict, duration: int) -> None:
    assert h.TEMPORARY_KEY_RE.match(creds["AccessKeyId"]), creds
    assert len(creds["SecretAccessKey"]) == 40, creds
    assert creds["SessionToken"], creds
    expiration = creds["Expiration"]
    assert expiration.tzinfo is not None
    remaining = (expiration - dt.datetime.now(dt.timezone.utc)).total_seconds()
    assert duration - 120 < remaining <= duration + 5, (remaining, duration)


def test_get_caller_identity_without_an_issued_key_is_the_accounts_root(endpoint, monkeypatch):
    from botocore import UNSIGNED

    for sts in (make_sts(endpoint), make_sts(endpoint, signature_version=UNSIGNED)):
        ident = sts.get_caller_identity()
        assert ident["Account"] == h.ACCOUNT_ID
        assert ident["Arn"] == h.root_arn()
        assert ident["UserId"] == h.ACCOUNT_ID
        assert h.REQUEST_ID_RE.match(ident["ResponseMetadata"]["RequestId"])
    other = make_sts(endpoint, "111122223333").get_caller_identity()
    assert (other["Account"], other["Arn"]) == ("111122223333", h.root_arn("111122223333"))
    # The service-specific endpoint variable reaches the emulator too.
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", endpoint)
    sts = boto3.session.Session().client("sts")
    assert sts.meta.endpoint_url == endpoint
    assert sts.get_caller_identity()["Arn"] == h.root_arn()


def test_get_caller_identity_with_an_issued_access_key_is_its_user(endpoint, iam, res):
    user = res.user(name("whoami-user"), Path=PATH)
    key = res.access_key(user["UserName"])
    assert h.LONG_TERM_KEY_RE.match(key["AccessKeyId"]), key
    assert len(key["SecretAccessKey"]) == 40 and key["Status"] == "Active", key
    ident = sts_as(endpoint, key).get_caller_identity()
    assert ident["Account"] == h.ACCOUNT_ID
    assert ident["Arn"] == h.user_arn(user["UserName"], PATH) == user["Arn"]
    assert ident["UserId"] == user["UserId"]


def test_get_session_token_with_a_valid_code_returns_temporary_credentials_acting_as_the_user(endpoint, res):
    u = mfa_user(endpoint, res, "gst")
    resp = u["sts"].get_session_token(DurationSeconds=900, SerialNumber=u["serial"],
                                      TokenCode=h.sts_code(u["seed"]))
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    creds = resp["Credentials"]
    assert_temporary_credentials(creds, 900)
    ident = sts_as(endpoint, creds).get_caller_identity()
    assert ident["Arn"] == u["user"]["Arn"]
    assert ident["UserId"] == u["user"]["UserId"]
    assert ident["Account"] == h.ACCOUNT_ID


def test_get_session_token_without_mfa_defaults_to_twelve_hours(endpoint, res):
    user = res.user(name("nomfa-user"))
    creds = sts_as(endpoint, res.access_key(user["UserName"])).get_session_token()["Credentials"]
    assert_temporary_credentials(creds, 43200)
    assert sts_as(endpoint, creds).get_caller_identity()["Arn"] == user["Arn"]


def test_get_session_token_with_a_wrong_code_is_access_denied_403(endpoint, res):
    u = mfa_user(endpoint, res, "gst-wrong")
    with pytest.raises(ClientError) as ei:
        u["sts"].get_session_token(SerialNumber=u["serial"], TokenCode=h.wrong_code(u["seed"]))
    assert_access_denied(ei.value, h.MSG_STS_INVALID_CODE)
    # A refused code spends nothing but budget: the right code still works.
    creds = u["sts"].get_session_token(SerialNumber=u["serial"], TokenCode=h.sts_code(u["seed"]))["Credentials"]
    assert h.TEMPORARY_KEY_RE.match(creds["AccessKeyId"])


def test_get_session_token_refuses_a_code_it_already_accepted(endpoint, res):
    u = mfa_user(endpoint, res, "gst-reuse")
    code = h.sts_code(u["seed"])
    u["sts"].get_session_token(SerialNumber=u["serial"], TokenCode=code)
    with pytest.raises(ClientError) as ei:
        u["sts"].get_session_token(SerialNumber=u["serial"], TokenCode=code)
    assert_access_denied(ei.value, h.MSG_STS_INVALID_CODE)


def test_get_session_token_with_another_users_device_is_unable_to_validate(endpoint, res):
    owner = mfa_user(endpoint, res, "gst-owner")
    other = res.user(name("gst-other"))
    other_sts = sts_as(endpoint, res.access_key(other["UserName"]))
    with pytest.raises(ClientError) as ei:
        other_sts.get_session_token(SerialNumber=owner["serial"], TokenCode=h.sts_code(owner["seed"]))
    assert_access_denied(ei.value, h.MSG_STS_UNABLE_TO_VALIDATE)
    # An unknown serial gets the same answer.
    with pytest.raises(ClientError) as ei:
        other_sts.get_session_token(SerialNumber=serial_of(name("gst-missing")), TokenCode="123456")
    assert_access_denied(ei.value, h.MSG_STS_UNABLE_TO_VALIDATE)


def test_the_account_root_may_use_any_enabled_device_of_its_account(endpoint, res):
    u = mfa_user(endpoint, res, "gst-root")
    creds = make_sts(endpoint).get_session_token(SerialNumber=u["serial"],
                                                 TokenCode=h.sts_code(u["seed"]))["Credentials"]
    assert h.TEMPORARY_KEY_RE.match(creds["AccessKeyId"])
    assert sts_as(endpoint, creds).get_caller_identity()["Arn"] == h.root_arn()


def test_session_credentials_cannot_call_get_session_token(endpoint, res):
    user = res.user(name("gst-session-user"))
    creds = sts_as(endpoint, res.access_key(user["UserName"])).get_session_token()["Credentials"]
    with pytest.raises(ClientError) as ei:
        sts_as(endpoint, creds).get_session_token()
    assert_access_denied(ei.value, h.MSG_STS_SESSION_CREDENTIALS)
