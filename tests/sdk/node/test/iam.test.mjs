// AWS SDK for JavaScript v3 (@aws-sdk/client-iam) against iam-mfa-emulator; runs with `node --test`.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserCommand, GetUserCommand, DeleteUserCommand, ListUsersCommand,
  CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, ResyncMFADeviceCommand,
  DeactivateMFADeviceCommand, DeleteVirtualMFADeviceCommand, ListMFADevicesCommand,
  ListVirtualMFADevicesCommand, TagMFADeviceCommand, UntagMFADeviceCommand,
  ListMFADeviceTagsCommand, GetMFADeviceCommand,
  paginateListVirtualMFADevices, paginateListUsers,
  NoSuchEntityException, EntityAlreadyExistsException, InvalidAuthenticationCodeException,
  DeleteConflictException, LimitExceededException, IAMServiceException,
} from '@aws-sdk/client-iam';
import * as h from './helpers.mjs';

const SUFFIX = h.uniqueSuffix();
const PATH = `/js-${SUFFIX}/`;
const name = (kind) => `js-${SUFFIX}-${kind}`;

const iam = h.makeClient();
after(() => iam.destroy());

/** Users and devices created by a test group, removed afterwards whatever happened. */
class Resources {
  constructor(client = iam) { this.client = client; this.users = []; this.serials = []; }
  async user(userName, extra = {}) {
    const out = await this.client.send(new CreateUserCommand({ UserName: userName, ...extra }));
    this.users.push(userName);
    return out.User;
  }
  async device(deviceName, extra = {}) {
    const out = await this.client.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: deviceName, ...extra }));
    this.serials.push(out.VirtualMFADevice.SerialNumber);
    return out.VirtualMFADevice;
  }
  async enable(userName, device, counter = h.currentStep()) {
    const [c1, c2] = h.pairEndingAt(h.seedText(device.Base32StringSeed), counter);
    await this.client.send(new EnableMFADeviceCommand({
      UserName: userName, SerialNumber: device.SerialNumber, AuthenticationCode1: c1, AuthenticationCode2: c2,
    }));
    return counter;
  }
  async close() {
    const quiet = (p) => p.catch(() => undefined);
    for (const userName of this.users) {
      const listed = await quiet(this.client.send(new ListMFADevicesCommand({ UserName: userName })));
      for (const dev of listed?.MFADevices ?? []) {
        await quiet(this.client.send(new DeactivateMFADeviceCommand({ UserName: userName, SerialNumber: dev.SerialNumber })));
      }
    }
    for (const serial of this.serials) {
      await quiet(this.client.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })));
    }
    for (const userName of this.users) {
      await quiet(this.client.send(new DeleteUserCommand({ UserName: userName })));
    }
  }
}

/** Asserts a typed SDK error: class, name, HTTP status, exact message, fault and request id. */
async function expectError(promise, { cls, name: errName, status, message }) {
  await assert.rejects(promise, (err) => {
    if (cls) assert.ok(err instanceof cls, `expected ${cls.name}, got ${err?.constructor?.name}: ${err}`);
    assert.ok(err instanceof IAMServiceException, `not a service error: ${err}`);
    assert.equal(err.name, errName);
    assert.equal(err.$metadata?.httpStatusCode, status);
    if (message !== undefined) assert.equal(err.message, message);
    assert.equal(err.$fault, 'client');
    assert.ok(err.$metadata.requestId, 'error responses carry a request id');
    return true;
  });
}

function assertRecent(date) {
  assert.ok(date instanceof Date, `not a Date: ${date}`);
  assert.ok(Math.abs(Date.now() - date.getTime()) < 600_000, `${date.toISOString()} is not close to now`);
}

async function allVirtualDevices(AssignmentStatus) {
  const out = [];
  for await (const page of paginateListVirtualMFADevices({ client: iam }, AssignmentStatus ? { AssignmentStatus } : {})) {
    out.push(...page.VirtualMFADevices);
  }
  return out;
}

describe('the TOTP helper', () => {
  it('reproduces the RFC 4226 and RFC 6238 test vectors', () => {
    const key = Buffer.from('12345678901234567890');
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    assert.deepEqual(expected.map((_, c) => h.hotpKey(key, c)), expected);
    for (const [unix, code] of [[59, '94287082'], [1111111109, '07081804'], [1234567890, '89005924'], [20000000000, '65353130']]) {
      assert.equal(h.hotpKey(key, h.currentStep(unix), 8), code);
    }
    assert.equal(h.hotp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 1), '287082');
  });
});

describe('the MFA lifecycle through the JavaScript SDK v3', () => {
  const USER = name('life-user');
  const DEVICE = name('life-dev');
  const SERIAL = h.serialOf(DEVICE, PATH);
  const res = new Resources();
  const state = {};
  const need = (...keys) => {
    const missing = keys.filter((k) => !(k in state));
    if (missing.length) throw new Error(`an earlier lifecycle step did not complete (missing ${missing})`);
  };
  after(() => res.close());

  it('creates a user whose id, ARN and request id are set', async () => {
    const out = await res.client.send(new CreateUserCommand({ UserName: USER, Path: PATH }));
    res.users.push(USER);
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.match(out.$metadata.requestId ?? '', /^[0-9A-Za-z-]{8,}$/);
    assert.equal(out.User.UserName, USER);
    assert.equal(out.User.Path, PATH);
    assert.equal(out.User.Arn, `arn:aws:iam::${h.ACCOUNT_ID}:user${PATH}${USER}`);
    assert.match(out.User.UserId, h.USER_ID_RE);
    assertRecent(out.User.CreateDate);
    const got = await iam.send(new GetUserCommand({ UserName: USER }));
    assert.equal(got.User.UserId, out.User.UserId);
    state.user = out.User;
  });

  it('creates a tagged virtual device whose seed is 64 base32 characters', async () => {
    const out = await iam.send(new CreateVirtualMFADeviceCommand({
      VirtualMFADeviceName: DEVICE, Path: PATH, Tags: [{ Key: 'team', Value: 'js' }, { Key: 'env', Value: '' }],
    }));
    res.serials.push(SERIAL);
    assert.ok(out.$metadata.requestId);
    const dev = out.VirtualMFADevice;
    assert.equal(dev.SerialNumber, SERIAL);
    const seed = h.seedText(dev.Base32StringSeed);
    assert.match(seed, h.SEED_RE);
    assert.equal(h.base32Decode(seed).length, 40);
    assert.deepEqual([...(dev.Tags ?? [])].sort((a, b) => a.Key.localeCompare(b.Key)),
      [{ Key: 'env', Value: '' }, { Key: 'team', Value: 'js' }]);
    assert.equal(dev.User, undefined);
    assert.equal(dev.EnableDate, undefined);
    state.seed = seed;
    state.device = dev;
  });

  it('returns a QR PNG that decodes to the otpauth URI carrying the seed', () => {
    need('device');
    assert.ok(state.device.QRCodePNG instanceof Uint8Array);
    assert.deepEqual(Buffer.from(state.device.QRCodePNG.subarray(0, 8)), h.PNG_SIGNATURE);
    assert.equal(h.decodeQrPng(state.device.QRCodePNG), h.expectedOtpauthUri(DEVICE, state.seed));
  });

  it('lists the new device as unassigned only', async () => {
    need('device');
    const unassigned = (await allVirtualDevices('Unassigned')).filter((d) => d.SerialNumber === SERIAL);
    assert.deepEqual(unassigned, [{ SerialNumber: SERIAL }]);
    const assigned = await allVirtualDevices('Assigned');
    assert.ok(!assigned.some((d) => d.SerialNumber === SERIAL));
    const mine = await iam.send(new ListMFADevicesCommand({ UserName: USER }));
    assert.deepEqual(mine.MFADevices, []);
    assert.equal(mine.IsTruncated, false);
  });

  it('enables the device with two consecutive codes computed from the seed', async () => {
    need('seed', 'user');
    const step = h.currentStep();
    const [c1, c2] = h.pairEndingAt(state.seed, step);
    const out = await iam.send(new EnableMFADeviceCommand({
      UserName: USER, SerialNumber: SERIAL, AuthenticationCode1: c1, AuthenticationCode2: c2,
    }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.ok(out.$metadata.requestId);
    state.enablePair = [c1, c2];
    state.last = step;
  });

  it('shows the enabled device in ListMFADevices and as assigned in ListVirtualMFADevices', async () => {
    need('last');
    const mine = await iam.send(new ListMFADevicesCommand({ UserName: USER }));
    assert.equal(mine.MFADevices.length, 1);
    assert.equal(mine.MFADevices[0].UserName, USER);
    assert.equal(mine.MFADevices[0].SerialNumber, SERIAL);
    assertRecent(mine.MFADevices[0].EnableDate);
    const assigned = (await allVirtualDevices('Assigned')).find((d) => d.SerialNumber === SERIAL);
    assert.ok(assigned, 'listed under Assigned');
    assert.equal(assigned.User.UserName, USER);
    assert.equal(assigned.User.Arn, state.user.Arn);
    assertRecent(assigned.EnableDate);
    assert.equal(assigned.Base32StringSeed, undefined);
    assert.equal(assigned.QRCodePNG, undefined);
    assert.equal(assigned.Tags, undefined);
    assert.ok(!(await allVirtualDevices('Unassigned')).some((d) => d.SerialNumber === SERIAL));
    assert.ok((await allVirtualDevices()).some((d) => d.SerialNumber === SERIAL), 'AssignmentStatus defaults to Any');
  });

  it('lists tags sorted by key, overwrites a key and removes keys', async () => {
    need('device');
    const tags = async () => (await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: SERIAL }))).Tags;
    assert.deepEqual(await tags(), [{ Key: 'env', Value: '' }, { Key: 'team', Value: 'js' }]);
    await iam.send(new TagMFADeviceCommand({ SerialNumber: SERIAL, Tags: [{ Key: 'team', Value: 'web' }, { Key: 'owner', Value: 'carol' }] }));
    assert.deepEqual(await tags(), [{ Key: 'env', Value: '' }, { Key: 'owner', Value: 'carol' }, { Key: 'team', Value: 'web' }]);
    await iam.send(new UntagMFADeviceCommand({ SerialNumber: SERIAL, TagKeys: ['env'] }));
    assert.deepEqual(await tags(), [{ Key: 'owner', Value: 'carol' }, { Key: 'team', Value: 'web' }]);
  });

  it('resyncs with a newer pair and refuses a pair already accepted', async () => {
    need('last');
    const counter = state.last + 2;
    const [c1, c2] = h.pairEndingAt(state.seed, counter);
    const out = await iam.send(new ResyncMFADeviceCommand({ UserName: USER, SerialNumber: SERIAL, AuthenticationCode1: c1, AuthenticationCode2: c2 }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    state.last = counter;
    await expectError(iam.send(new ResyncMFADeviceCommand({ UserName: USER, SerialNumber: SERIAL, AuthenticationCode1: c1, AuthenticationCode2: c2 })),
      { cls: InvalidAuthenticationCodeException, name: 'InvalidAuthenticationCodeException', status: 403, message: h.MSG.invalidCode });
    state.resyncPair = [c1, c2];
  });

  it('refuses to enable the device again for its own user', async () => {
    need('last');
    const [c1, c2] = h.pairEndingAt(state.seed, state.last + 2);
    await expectError(iam.send(new EnableMFADeviceCommand({ UserName: USER, SerialNumber: SERIAL, AuthenticationCode1: c1, AuthenticationCode2: c2 })),
      { cls: EntityAlreadyExistsException, name: 'EntityAlreadyExistsException', status: 409, message: h.MSG.alreadyYours(USER) });
  });

  it('refuses to delete the user or the device while the device is assigned', async () => {
    need('last');
    await expectError(iam.send(new DeleteUserCommand({ UserName: USER })),
      { cls: DeleteConflictException, name: 'DeleteConflictException', status: 409, message: h.MSG.userHoldsDevice });
    await expectError(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: SERIAL })),
      { cls: DeleteConflictException, name: 'DeleteConflictException', status: 409, message: h.MSG.deviceInUseDelete });
  });

  it('deactivates the device, then refuses to re-enable it with an old pair', async () => {
    need('enablePair', 'resyncPair');
    await iam.send(new DeactivateMFADeviceCommand({ UserName: USER, SerialNumber: SERIAL }));
    assert.deepEqual((await iam.send(new ListMFADevicesCommand({ UserName: USER }))).MFADevices, []);
    for (const [c1, c2] of [state.enablePair, state.resyncPair]) {
      await expectError(iam.send(new EnableMFADeviceCommand({ UserName: USER, SerialNumber: SERIAL, AuthenticationCode1: c1, AuthenticationCode2: c2 })),
        { cls: InvalidAuthenticationCodeException, name: 'InvalidAuthenticationCodeException', status: 403, message: h.MSG.invalidCode });
    }
    state.deactivated = true;
  });

  it('deletes the device and the user, after which both are unknown', async () => {
    need('deactivated');
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: SERIAL }));
    await expectError(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: SERIAL })),
      { cls: NoSuchEntityException, name: 'NoSuchEntityException', status: 404, message: h.MSG.noSuchDevice(SERIAL) });
    await iam.send(new DeleteUserCommand({ UserName: USER }));
    await expectError(iam.send(new GetUserCommand({ UserName: USER })),
      { cls: NoSuchEntityException, name: 'NoSuchEntityException', status: 404, message: h.MSG.noSuchUser(USER) });
  });
});

describe('typed errors of the JavaScript SDK v3', () => {
  const res = new Resources();
  after(() => res.close());

  it('reports an unknown user as NoSuchEntityException with status 404', async () => {
    const missing = name('nobody');
    await expectError(iam.send(new GetUserCommand({ UserName: missing })),
      { cls: NoSuchEntityException, name: 'NoSuchEntityException', status: 404, message: h.MSG.noSuchUser(missing) });
    await expectError(iam.send(new ListMFADevicesCommand({ UserName: missing })),
      { cls: NoSuchEntityException, name: 'NoSuchEntityException', status: 404, message: h.MSG.noSuchUser(missing) });
  });

  it('reports duplicate users and devices as EntityAlreadyExistsException with status 409', async () => {
    await res.user(name('dup-user'));
    await expectError(iam.send(new CreateUserCommand({ UserName: name('dup-user') })),
      { cls: EntityAlreadyExistsException, name: 'EntityAlreadyExistsException', status: 409, message: h.MSG.userExists(name('dup-user')) });
    await res.device(name('dup-dev'));
    await expectError(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name('dup-dev') })),
      { cls: EntityAlreadyExistsException, name: 'EntityAlreadyExistsException', status: 409, message: h.MSG.deviceExists });
  });

  it('reports a reversed pair of codes as InvalidAuthenticationCodeException with status 403', async () => {
    await res.user(name('rev-user'));
    const dev = await res.device(name('rev-dev'));
    const seed = h.seedText(dev.Base32StringSeed);
    const t = h.currentStep();
    await expectError(iam.send(new EnableMFADeviceCommand({
      UserName: name('rev-user'), SerialNumber: dev.SerialNumber, AuthenticationCode1: h.hotp(seed, t), AuthenticationCode2: h.hotp(seed, t - 1),
    })), { cls: InvalidAuthenticationCodeException, name: 'InvalidAuthenticationCodeException', status: 403, message: h.MSG.invalidCode });
  });

  it('reports a device held by another user as already in use', async () => {
    await res.user(name('holder'));
    await res.user(name('other'));
    const dev = await res.device(name('held-dev'));
    const last = await res.enable(name('holder'), dev);
    const [c1, c2] = h.pairEndingAt(h.seedText(dev.Base32StringSeed), last + 2);
    await expectError(iam.send(new EnableMFADeviceCommand({ UserName: name('other'), SerialNumber: dev.SerialNumber, AuthenticationCode1: c1, AuthenticationCode2: c2 })),
      { cls: EntityAlreadyExistsException, name: 'EntityAlreadyExistsException', status: 409, message: h.MSG.inUse });
    await expectError(iam.send(new DeactivateMFADeviceCommand({ UserName: name('other'), SerialNumber: dev.SerialNumber })),
      { cls: NoSuchEntityException, name: 'NoSuchEntityException', status: 404, message: h.MSG.invalidForUser });
  });

  it('reports a ninth device for one user as LimitExceededException with status 409', async () => {
    const user = name('eight');
    await res.user(user);
    const devices = [];
    for (let i = 0; i < 9; i++) devices.push(await res.device(name(`eight-${i}`)));
    for (const dev of devices.slice(0, 8)) await res.enable(user, dev);
    await expectError(res.enable(user, devices[8]),
      { cls: LimitExceededException, name: 'LimitExceededException', status: 409, message: h.MSG.limit });
    assert.equal((await iam.send(new ListMFADevicesCommand({ UserName: user }))).MFADevices.length, 8);
  });

  it('reports unmodeled ValidationError codes by name with status 400', async () => {
    await expectError(iam.send(new ListVirtualMFADevicesCommand({ Marker: 'invalid-marker-value' })),
      { name: 'ValidationError', status: 400, message: h.MSG.invalidMarker });
    const dev = await res.device(name('get-dev'));
    await expectError(iam.send(new GetMFADeviceCommand({ SerialNumber: dev.SerialNumber })),
      {
        name: 'ValidationError', status: 400,
        message: 'The MFA device serial number sent in the request is invalid or not supported by this API. '
          + 'Currently, only hardware FIDO security keys are supported. Please use the compatible device or API.',
      });
  });
});

describe('paginators of the JavaScript SDK v3', () => {
  const res = new Resources();
  after(() => res.close());

  it('paginateListVirtualMFADevices collects every device across pages of two', async () => {
    const mine = new Set();
    for (let i = 0; i < 5; i++) mine.add((await res.device(name(`page-dev-${i}`))).SerialNumber);
    const pages = [];
    for await (const page of paginateListVirtualMFADevices({ client: iam, pageSize: 2 }, { AssignmentStatus: 'Any' })) {
      pages.push(page);
    }
    const serials = pages.flatMap((p) => p.VirtualMFADevices.map((d) => d.SerialNumber));
    assert.equal(new Set(serials).size, serials.length, 'no device is returned twice');
    for (const s of mine) assert.ok(serials.includes(s), `${s} missing from the pages`);
    assert.ok(pages.length >= 3, `only ${pages.length} pages`);
    assert.ok(pages.every((p) => p.VirtualMFADevices.length <= 2));
    assert.ok(pages.slice(0, -1).every((p) => p.IsTruncated === true && p.Marker));
    assert.equal(pages.at(-1).IsTruncated, false);
    assert.ok(pages.every((p) => p.$metadata.requestId));
  });

  it('paginateListUsers collects every user under a path prefix', async () => {
    const prefix = `/js-${SUFFIX}-pages/`;
    const names = [];
    for (let i = 0; i < 5; i++) {
      names.push(name(`page-user-${i}`));
      await res.user(names.at(-1), { Path: prefix });
    }
    const collected = [];
    let pageCount = 0;
    for await (const page of paginateListUsers({ client: iam, pageSize: 2 }, { PathPrefix: prefix })) {
      pageCount++;
      collected.push(...page.Users.map((u) => u.UserName));
    }
    assert.deepEqual(collected.sort(), names.sort());
    assert.ok(pageCount >= 3);
    const first = await iam.send(new ListUsersCommand({ PathPrefix: prefix, MaxItems: 2 }));
    assert.equal(first.Users.length, 2);
    assert.equal(first.IsTruncated, true);
  });
});
