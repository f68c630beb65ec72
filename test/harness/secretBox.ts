import * as crypto from "crypto";

/** Keys derived in this process, by salt and passphrase. */
const derivedKeys = new Map<string, Buffer>();

/**
 * Passphrase-based AES-256-GCM box for the secret values the harness keeps in its state file,
 * standing in for Pulumi's passphrase secrets provider (the ciphertext format is the harness's own).
 */
export class SecretBox {
  private readonly key: Buffer;

  /** `salt` is stored in the state file; a new state file gets a random one. */
  constructor(passphrase: string, readonly salt: string) {
    // scrypt is slow on purpose (~0.1 s): derived once per passphrase and salt in this process, not on
    // every load of the state (each operation, each resources()/outputs() call of a test).
    const cacheKey = `${salt}\0${passphrase}`;
    let key = derivedKeys.get(cacheKey);
    if (!key) {
      key = crypto.scryptSync(passphrase, Buffer.from(salt, "base64"), 32);
      derivedKeys.set(cacheKey, key);
    }
    this.key = key;
  }

  /** A fresh random salt (base64). */
  static newSalt(): string {
    return crypto.randomBytes(16).toString("base64");
  }

  /** Encrypts a JSON-serializable value. */
  encrypt(value: unknown): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", this.key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(value ?? null), "utf8"), cipher.final()]);
    return "v1:" + Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64");
  }

  /** Decrypts what {@link encrypt} produced; a wrong passphrase fails with a message saying so. */
  decrypt(ciphertext: string): unknown {
    if (!ciphertext.startsWith("v1:")) throw new Error(`[harness] unsupported secret ciphertext format in state`);
    const raw = Buffer.from(ciphertext.slice(3), "base64");
    const decipher = crypto.createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    try {
      const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
      return JSON.parse(text);
    } catch {
      throw new Error(
        "[harness] cannot decrypt a secret in the state file: the passphrase differs from the one the state was " +
          "written with (set PULUMI_CONFIG_PASSPHRASE or the `passphrase` option to the original one)",
      );
    }
  }
}
