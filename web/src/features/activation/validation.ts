import type { TFunction } from 'i18next';
import type { SkuLine, SkuLineErrors } from './SkuLines';

/** A pragmatic e-mail check: something@domain.tld, no spaces. The server has the final word. */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

/** Whole number of licences: at least 1. */
export function parseQuantity(text: string): number | undefined {
  const value = Number(text);
  return text.trim() !== '' && Number.isInteger(value) && value >= 1 && value <= 1_000_000 ? value : undefined;
}

/** Client-side messages for each SKU line; the server's own field errors come on top (`serverFields`). */
export function skuLineErrors(lines: readonly SkuLine[], t: TFunction, serverFields: Set<string>): SkuLineErrors[] {
  return lines.map((line, index) => {
    const duplicate = line.skuId !== '' && lines.findIndex((other) => other.skuId === line.skuId) < index;
    const skuId =
      line.skuId === ''
        ? t('activation.errors.skuRequired')
        : duplicate
          ? t('activation.errors.skuDuplicate')
          : serverFields.has(`skus/${String(index)}/skuId`)
            ? t('activation.errors.server')
            : undefined;
    const quantity =
      parseQuantity(line.quantity) === undefined
        ? t('activation.errors.quantityInvalid')
        : serverFields.has(`skus/${String(index)}/quantity`)
          ? t('activation.errors.server')
          : undefined;
    return { skuId, quantity };
  });
}
