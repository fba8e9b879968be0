/**
 * Service account signing and verification keys: reading PEM bundles the way
 * `--service-account-key-file` does, kube's key id derivation, and the signing algorithm
 * that belongs to a key.
 */
import { KeyObject, X509Certificate, createHash, createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';

/** A key as users hold it: PEM text, a Node KeyObject or a WebCrypto CryptoKey. */
export type ServiceAccountKeyInput = string | KeyObject | webcrypto.CryptoKey;

/** The JWS algorithms a service account token may be signed with (kube issues RS256 and ES256/384/512). */
export type ServiceAccountAlgorithm = 'RS256' | 'ES256' | 'ES384' | 'ES512';

const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

function checkKeyType(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') {
    throw new TypeError(`unsupported service account key type "${key.asymmetricKeyType ?? key.type}": only RSA and ECDSA keys are supported`);
  }
  return key;
}

/**
 * The public keys in a PEM bundle: `PUBLIC KEY`, `RSA PUBLIC KEY` and `CERTIFICATE` blocks give
 * their key, private key blocks (`PRIVATE KEY`, `RSA PRIVATE KEY`, `EC PRIVATE KEY`) give the
 * matching public key. Other blocks (e.g. `EC PARAMETERS`) are skipped. Throws when the text
 * holds no RSA or ECDSA key, or holds an encrypted or unreadable one.
 *
 * @example
 * const keys = loadKeysFromPem(fs.readFileSync('/etc/kubernetes/pki/sa.pub', 'utf8'));
 */
export function loadKeysFromPem(text: string): KeyObject[] {
  const keys: KeyObject[] = [];
  for (const match of text.matchAll(pemBlock)) {
    const [block, label] = match as unknown as [string, string];
    switch (label) {
      case 'PUBLIC KEY':
      case 'RSA PUBLIC KEY':
        keys.push(checkKeyType(createPublicKey(block)));
        break;
      case 'CERTIFICATE':
        keys.push(checkKeyType(new X509Certificate(block).publicKey));
        break;
      case 'PRIVATE KEY':
      case 'RSA PRIVATE KEY':
      case 'EC PRIVATE KEY':
        keys.push(checkKeyType(createPublicKey(createPrivateKey(block))));
        break;
      case 'ENCRYPTED PRIVATE KEY':
        throw new TypeError('encrypted private keys are not supported in service account key files');
      default:
        break;
    }
  }
  if (keys.length === 0) throw new TypeError('data does not contain any valid RSA or ECDSA public keys');
  return keys;
}

/** Every public key an input stands for (a PEM string may hold several). */
export function toPublicKeys(input: ServiceAccountKeyInput): KeyObject[] {
  if (typeof input === 'string') return loadKeysFromPem(input);
  const key = input instanceof KeyObject ? input : KeyObject.from(input);
  return [checkKeyType(key.type === 'private' ? createPublicKey(key) : key)];
}

/** A private signing key from PEM (PKCS#1, PKCS#8 or SEC1), a KeyObject or a CryptoKey. */
export function toPrivateKey(input: ServiceAccountKeyInput): KeyObject {
  const key = typeof input === 'string' ? createPrivateKey(input) : input instanceof KeyObject ? input : KeyObject.from(input);
  if (key.type !== 'private') throw new TypeError('a service account signing key must be a private key');
  return checkKeyType(key);
}

/**
 * kube's `keyIDFromPublicKey`: the unpadded base64url SHA-256 of the key's DER
 * SubjectPublicKeyInfo. Non-reversible, so a kid never reveals the key.
 */
export function keyIdFromPublicKey(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
}

/** The algorithm kube signs with for a key: RS256 for RSA, ES256/384/512 by EC curve. */
export function algorithmForKey(key: KeyObject): ServiceAccountAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  switch (key.asymmetricKeyDetails?.namedCurve) {
    case 'prime256v1':
      return 'ES256';
    case 'secp384r1':
      return 'ES384';
    case 'secp521r1':
      return 'ES512';
    default:
      throw new TypeError(`unsupported EC curve "${key.asymmetricKeyDetails?.namedCurve ?? 'unknown'}": use P-256, P-384 or P-521`);
  }
}
