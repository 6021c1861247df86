/** A DNS name with at least two labels, like contoso.com or contoso.onmicrosoft.com (the server's own rule). */
export function isDomain(value: string): boolean {
  return value.length <= 253 && /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(value);
}

export const MIN_PASSWORD_LENGTH = 12;
