import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { AppError } from '../errors/app-error.ts';

/**
 * At most `concurrency` tasks at once, at most `queue` more waiting; beyond that a task is refused at once (503
 * overloaded, Retry-After) instead of waiting. argon2 runs on libuv's thread pool (4 threads), which compression and
 * file reads share, with 64 MiB and a core's worth of CPU per hash: sixteen concurrent sign-ins took every thread and
 * both cores, and every other request's p95 went from 57 to 688 ms (issue 11 §5). A dozen lines, so no dependency.
 */
export class BoundedConcurrency {
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly queue: number,
  ) {}

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.concurrency) {
      if (this.#waiting.length >= this.queue) {
        throw new AppError('overloaded', { params: { seconds: 1 }, headers: { 'retry-after': '1' } });
      }
      // The slot is handed over by the task that finishes (below), so #active never drops in between.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#active++;
    }
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    }
  }
}

/** Every argon2 computation of the process goes through here: two at once, sixteen waiting (~1.5 s at most). */
export const passwordHashing = new BoundedConcurrency(2, 16);

/** argon2id with the library's defaults (64 MiB, 3 passes). */
export function hashPassword(password: string): Promise<string> {
  return passwordHashing.run(() => argon2.hash(password, { type: argon2.argon2id }));
}

let dummyHash: Promise<string> | undefined;

/** Verifies a password; with no hash (unknown account) it still spends the same time, so both answers look alike. */
export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) {
    // Made before taking a slot for the verification: hashing inside it would wait for a slot held by itself.
    dummyHash ??= hashPassword(randomBytes(16).toString('hex')).catch((err: unknown) => {
      dummyHash = undefined; // refused while overloaded: the next caller makes it
      throw err;
    });
    const dummy = await dummyHash;
    await passwordHashing.run(() => argon2.verify(dummy, password));
    return false;
  }
  return passwordHashing.run(() => argon2.verify(hash, password));
}

/** A random secret for cookies and API tokens; only its SHA-256 is stored (it has 256 bits of entropy already). */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
