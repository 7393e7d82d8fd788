// AWS SDK for JavaScript v3 (@aws-sdk/client-sts) against iam-mfa-emulator's STS; runs with `node --test`.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserCommand, DeleteUserCommand, CreateAccessKeyCommand, DeleteAccessKeyCommand,
  CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand, ListMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSServiceException } from '@aws-sdk/client-sts';
import * as h from './helpers.mjs';

const SUFFIX = h.uniqueSuffix();
const name = (kind) => `jssts-${SUFFIX}-${kind}`;

const iam = h.makeClient();
const clients = [];
/** An STS client; every one made here is destroyed at the end. */
const sts = (credentials) => {
  const client = h.makeStsClient(credentials);
  clients.push(client);
  return client;
};
after(() => {
  iam.destroy();
  for (const client of clients) client.destroy();
});

/** SDK credentials from a CreateAccessKey or GetSessionToken result. */
const asCredentials = (c) => ({
  accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
});

/** Users, access keys and devices, removed afterwards whatever happened. */
class Resources {
  constructor() { this.users = []; this.keys = []; this.serials = []; }
  async user(userName) {
    const out = await iam.send(new CreateUserCommand({ UserName: userName }));
    this.users.push(userName);
    return out.User;
  }
  async accessKey(userName) {
    const out = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    this.keys.push([userName, out.AccessKey.AccessKeyId]);
    return out.AccessKey;
  }
  /** A user with an issued key and an enabled virtual device, plus an STS client signing as the user. */
  async mfaUser(kind) {
    const user = await this.user(name(`${kind}-user`));
    const key = await this.accessKey(user.UserName);
    const out = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name(`${kind}-dev`) }));
    const serial = out.VirtualMFADevice.SerialNumber;
    this.serials.push(serial);
    const seed = h.seedText(out.VirtualMFADevice.Base32StringSeed);
    const [c1, c2] = h.pairEndingAt(seed, h.currentStep());
    await iam.send(new EnableMFADeviceCommand({ UserName: user.UserName, SerialNumber: serial, AuthenticationCode1: c1, AuthenticationCode2: c2 }));
    return { user, key, serial, seed, sts: sts(asCredentials(key)) };
  }
  async close() {
    const quiet = (p) => p.catch(() => undefined);
    for (const [userName, keyId] of this.keys) {
      await quiet(iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: keyId })));
    }
    for (const userName of this.users) {
      const listed = await quiet(iam.send(new ListMFADevicesCommand({ UserName: userName })));
      for (const dev of listed?.MFADevices ?? []) {
        await quiet(iam.send(new DeactivateMFADeviceCommand({ UserName: userName, SerialNumber: dev.SerialNumber })));
      }
    }
    for (const serial of this.serials) await quiet(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })));
    for (const userName of this.users) await quiet(iam.send(new DeleteUserCommand({ UserName: userName })));
  }
}

/** STS answers MFA failures with the unmodelled code AccessDenied: a generic STSServiceException by that name. */
async function expectAccessDenied(promise, message) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof STSServiceException, `not an STS service error: ${err}`);
    assert.equal(err.name, 'AccessDenied');
    assert.equal(err.Code, 'AccessDenied');
    assert.equal(err.Type, 'Sender');
    assert.equal(err.$metadata?.httpStatusCode, 403);
    assert.equal(err.message, message);
    assert.equal(err.$fault, 'client');
    assert.ok(err.$metadata.requestId, 'error responses carry a request id');
    return true;
  });
}

function assertTemporaryCredentials(creds, durationSeconds) {
  assert.match(creds.AccessKeyId, h.TEMPORARY_KEY_RE);
  assert.equal(creds.SecretAccessKey.length, 40);
  assert.ok(creds.SessionToken, 'a session token');
  assert.ok(creds.Expiration instanceof Date, `Expiration is not a Date: ${creds.Expiration}`);
  const remaining = (creds.Expiration.getTime() - Date.now()) / 1000;
  assert.ok(remaining > durationSeconds - 120 && remaining <= durationSeconds + 5, `expires in ${remaining} s`);
}

describe('STS through the JavaScript SDK v3', () => {
  const res = new Resources();
  after(() => res.close());

  it('GetCallerIdentity with a key the server did not issue is the account root', async () => {
    const out = await sts().send(new GetCallerIdentityCommand({}));
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.ok(out.$metadata.requestId);
    assert.equal(out.Account, h.ACCOUNT_ID);
    assert.equal(out.Arn, `arn:aws:iam::${h.ACCOUNT_ID}:root`);
    assert.equal(out.UserId, h.ACCOUNT_ID);
  });

  it('GetCallerIdentity with an issued access key is its user', async () => {
    const user = await res.user(name('whoami'));
    const key = await res.accessKey(user.UserName);
    assert.match(key.AccessKeyId, h.LONG_TERM_KEY_RE);
    assert.equal(key.SecretAccessKey.length, 40);
    const out = await sts(asCredentials(key)).send(new GetCallerIdentityCommand({}));
    assert.equal(out.Arn, user.Arn);
    assert.equal(out.Arn, `arn:aws:iam::${h.ACCOUNT_ID}:user/${user.UserName}`);
    assert.equal(out.UserId, user.UserId);
    assert.equal(out.Account, h.ACCOUNT_ID);
  });

  it('GetSessionToken with a valid code returns credentials that act as the user', async () => {
    const u = await res.mfaUser('gst');
    const out = await u.sts.send(new GetSessionTokenCommand({ DurationSeconds: 900, SerialNumber: u.serial, TokenCode: h.stsCode(u.seed) }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    assertTemporaryCredentials(out.Credentials, 900);
    const ident = await sts(asCredentials(out.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.equal(ident.Arn, u.user.Arn);
    assert.equal(ident.UserId, u.user.UserId);
    assert.equal(ident.Account, h.ACCOUNT_ID);
  });

  it('GetSessionToken with a wrong code is AccessDenied with status 403', async () => {
    const u = await res.mfaUser('gst-wrong');
    await expectAccessDenied(u.sts.send(new GetSessionTokenCommand({ SerialNumber: u.serial, TokenCode: h.wrongCode(u.seed) })),
      h.MSG.stsInvalidCode);
  });

  it('GetSessionToken refuses a code it already accepted', async () => {
    const u = await res.mfaUser('gst-reuse');
    const code = h.stsCode(u.seed);
    await u.sts.send(new GetSessionTokenCommand({ SerialNumber: u.serial, TokenCode: code }));
    await expectAccessDenied(u.sts.send(new GetSessionTokenCommand({ SerialNumber: u.serial, TokenCode: code })),
      h.MSG.stsInvalidCode);
  });

  it("GetSessionToken with another user's device is unable to validate", async () => {
    const owner = await res.mfaUser('gst-owner');
    const other = await res.user(name('gst-other'));
    const otherSts = sts(asCredentials(await res.accessKey(other.UserName)));
    await expectAccessDenied(otherSts.send(new GetSessionTokenCommand({ SerialNumber: owner.serial, TokenCode: h.stsCode(owner.seed) })),
      h.MSG.stsUnableToValidate);
  });

  it('session credentials cannot call GetSessionToken', async () => {
    const user = await res.user(name('gst-session'));
    const key = await res.accessKey(user.UserName);
    const out = await sts(asCredentials(key)).send(new GetSessionTokenCommand({}));
    assertTemporaryCredentials(out.Credentials, 43200);
    await expectAccessDenied(sts(asCredentials(out.Credentials)).send(new GetSessionTokenCommand({})),
      h.MSG.stsSessionCredentials);
  });
});
