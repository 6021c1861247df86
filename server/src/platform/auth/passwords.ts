import { createHash, randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import argon2 from 'argon2';
import { AppError } from '../errors/app-error.ts';

/**
 * At most `concurrency` tasks at once, at most `queue` more waiting; beyond that a task is refused at once (503
 * overloaded, Retry-After) instead of waiting. A dozen lines, so no dependency.
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

  /** Refuses now (503) when a task would be refused: lets a caller skip the work it would do before one. */
  admit(): void {
    if (this.#active >= this.concurrency && this.#waiting.length >= this.queue) {
      throw new AppError('overloaded', { params: { seconds: 1 }, headers: { 'retry-after': '1' } });
    }
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.concurrency) {
      this.admit();
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

/**
 * Every argon2 computation of the process goes through here: one per two cores at once, eight waiting. A hash is a
 * core's worth of CPU for ~50-100 ms; sixteen concurrent sign-ins used to take every core, and every other request's
 * p95 went from 57 to 688 ms (issue 11 §5; bench/sign-in-flood.ts measures it). Half the cores stay the API's.
 */
export const passwordHashing = new BoundedConcurrency(Math.max(1, Math.floor(availableParallelism() / 2)), 8);

/**
 * argon2id, 64 MiB, 3 passes, one lane: node-argon2 gives each lane a thread of its own, so its default of 4 lanes
 * made one hash four threads competing with the API for the cores (OWASP's argon2id settings use one lane). A hash
 * keeps its own parameters: those made with 4 lanes still verify.
 */
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 65_536, timeCost: 3, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return passwordHashing.run(() => argon2.hash(password, HASH_OPTIONS));
}

/** The hash was made with other parameters than today's (four lanes, before issue 11): re-hash it at sign-in. */
export function needsRehash(hash: string): boolean {
  return argon2.needsRehash(hash, HASH_OPTIONS);
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
