import { useState } from 'react';

/** The value, or while it is null the last one it was: a closing dialog keeps its content as it animates out. */
export function useLastNonNull<T>(value: T | null): T | null {
  const [kept, setKept] = useState(value);
  if (value !== null && value !== kept) setKept(value);
  return value ?? kept;
}
