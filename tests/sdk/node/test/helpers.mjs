// Shared helpers of the JavaScript SDK v3 suite: clients, TOTP, QR decoding, contract strings.
import { createHmac, randomBytes } from 'node:crypto';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';

export const ACCOUNT_ID = '123456789012';
export const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
export const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const REGION = 'us-east-1';
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const SEED_RE = /^[A-Z2-7]{64}$/;
export const USER_ID_RE = /^AIDA[A-Z0-9]{17}$/;
export const LONG_TERM_KEY_RE = /^AKIA[A-Z0-9]{16}$/;
export const TEMPORARY_KEY_RE = /^ASIA[A-Z0-9]{16}$/;

// Error messages of the wire contract (api.md; its first table wins over later sections).
export const MSG = {
  invalidCode: 'Authentication code for device is not valid.',
  inUse: 'MFA Device is already in use.',
  invalidForUser: 'MFA Device invalid for user.',
  deviceInUseDelete: 'MFA VirtualDevice in use. Must deactivate first.',
  userHoldsDevice: 'Cannot delete entity, must remove tokens from principal first.',
  deviceExists: 'MFA device already exists.',
  limit: 'Cannot exceed quota for MFADevicesPerUser: 8.', // a guess fixed by api.md
  invalidMarker: 'Invalid Marker.',
  noSuchUser: (name) => `The user with name ${name} cannot be found.`,
  userExists: (name) => `User with name ${name} already exists.`,
  noSuchDevice: (serial) => `MFA Device with serial number ${serial} does not exist.`,
  alreadyYours: (name) => `MFA Device for user ${name} already exists.`,
  // STS GetSessionToken: note the trailing space of the first and the two spaces in the second.
  stsInvalidCode: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
  stsUnableToValidate: 'MultiFactorAuthentication failed, unable to validate MFA code.  '
    + 'Please verify your MFA serial number is valid and associated with this user.',
  stsSessionCredentials: 'Cannot call GetSessionToken with session credentials',
};

export function endpoint() {
  const url = (process.env.EMULATOR_ENDPOINT || '').trim();
  if (!url) {
    throw new Error('EMULATOR_ENDPOINT is not set: run tests/sdk/run.sh or export EMULATOR_ENDPOINT=http://127.0.0.1:PORT');
  }
  return url.replace(/\/+$/, '');
}

export function makeClient(accessKeyId = ACCESS_KEY_ID) {
  return new IAMClient({
    region: REGION,
    endpoint: endpoint(),
    credentials: { accessKeyId, secretAccessKey: SECRET_ACCESS_KEY },
    maxAttempts: 1,
  });
}

/** An STS client signing with the given credentials (dummy keys by default). */
export function makeStsClient(credentials = { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY }) {
  return new STSClient({ region: REGION, endpoint: endpoint(), credentials, maxAttempts: 1 });
}

export const uniqueSuffix = () => randomBytes(4).toString('hex');

export const serialOf = (deviceName, path = '/', account = ACCOUNT_ID) =>
  `arn:aws:iam::${account}:mfa${path}${deviceName}`;

// ------------------------------------------------------------------ TOTP (RFC 4226 / RFC 6238)

export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.trim().toUpperCase().replace(/=+$/, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const idx = alphabet.indexOf(ch);
    if (idx < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function hotpKey(key, counter, digits = 6) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

export const hotp = (seedText, counter) => hotpKey(base32Decode(seedText), counter);

export const currentStep = (unixSeconds = Date.now() / 1000) => Math.floor(unixSeconds / 30);

/** The code of the current step: STS accepts it while the server's step is within 2 of it. */
export const stsCode = (seedText) => hotp(seedText, currentStep());

/** A six-digit code matching no step within `reach` of now (wrong on either side of a step boundary). */
export function wrongCode(seedText, reach = 4) {
  const step = currentStep();
  const near = new Set();
  for (let n = step - reach; n <= step + reach; n++) near.add(hotp(seedText, n));
  for (let i = 0; ; i++) {
    const code = String(i).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}

/** Two consecutive codes: code(counter - 1), code(counter). */
export const pairEndingAt = (seedText, counter) => [hotp(seedText, counter - 1), hotp(seedText, counter)];

/** The Base32StringSeed blob arrives as a Uint8Array of ASCII base32 text. */
export function seedText(blob) {
  if (!(blob instanceof Uint8Array)) throw new Error(`seed is not a Uint8Array: ${typeof blob}`);
  return Buffer.from(blob).toString('ascii');
}

// ------------------------------------------------------------------ QR

export const expectedOtpauthUri = (deviceName, seed, account = ACCOUNT_ID) =>
  `otpauth://totp/Amazon%20Web%20Services:${deviceName}@${account}?secret=${seed}&issuer=Amazon%20Web%20Services`;

function scaledWithQuietZone(png, scale, border) {
  const width = png.width * scale + 2 * border;
  const height = png.height * scale + 2 * border;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < png.height * scale; y++) {
    for (let x = 0; x < png.width * scale; x++) {
      const src = ((Math.floor(y / scale) * png.width) + Math.floor(x / scale)) * 4;
      const dst = (((y + border) * width) + (x + border)) * 4;
      for (let c = 0; c < 4; c++) data[dst + c] = png.data[src + c];
    }
  }
  return { data, width, height };
}

/** Decode the QR code of a PNG (pngjs + jsqr) to its text. */
export function decodeQrPng(bytes) {
  const buf = Buffer.from(bytes);
  if (!buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
  const png = PNG.sync.read(buf);
  const rgba = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
  let found = jsQR(rgba, png.width, png.height);
  if (!found) {
    // Tiny modules or no quiet zone: retry on an enlarged, padded copy.
    const scale = Math.max(1, Math.floor(600 / Math.max(png.width, png.height)));
    const big = scaledWithQuietZone(png, scale, 40);
    found = jsQR(big.data, big.width, big.height);
  }
  if (!found) throw new Error('no QR code found in the PNG');
  return found.data;
}
