import { Button, Field, Input, makeStyles, Select, Spinner, Text, tokens } from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../shared/ui/states';
import { useProducts } from './queries';

/** One line of the SKU list as typed: the quantity stays text until validated. */
export interface SkuLine {
  key: number;
  skuId: string;
  quantity: string;
}

export interface SkuLineErrors {
  skuId?: string | undefined;
  quantity?: string | undefined;
}

const useStyles = makeStyles({
  fieldset: { border: 'none', margin: 0, padding: 0, minWidth: 0 },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalS, fontWeight: tokens.fontWeightSemibold },
  lines: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  line: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) 8em auto',
    gap: tokens.spacingHorizontalS,
    alignItems: 'start',
  },
  remove: { marginTop: '26px' },
  // Fluent's Input and Select have an intrinsic width; inside the grid they must shrink to their column.
  control: { minWidth: 0, width: '100%' },
  hint: { color: tokens.colorNeutralForeground2 },
  error: { color: tokens.colorPaletteRedForeground1 },
  add: { alignSelf: 'flex-start', marginTop: tokens.spacingVerticalS },
});

interface SkuLinesProps {
  lines: readonly SkuLine[];
  errors: readonly SkuLineErrors[];
  /** A message about the list as a whole ("Add at least one SKU"). */
  listError?: string | undefined;
  onChange: (lines: SkuLine[]) => void;
  onAdd: () => void;
}

/** The SKUs and quantities of an activation link, picked from the catalogue; lines can be added and removed. */
export function SkuLines({ lines, errors, listError, onChange, onAdd }: SkuLinesProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const products = useProducts(true);

  const update = (index: number, change: Partial<SkuLine>) => {
    onChange(lines.map((line, i) => (i === index ? { ...line, ...change } : line)));
  };

  return (
    <fieldset className={styles.fieldset} aria-describedby={listError ? 'sku-lines-error' : undefined}>
      <legend className={styles.legend}>{t('activation.skus')}</legend>
      {products.isPending ? <Spinner size="tiny" label={t('activation.loadingSkus')} /> : null}
      {products.isError ? <ErrorState error={products.error} onRetry={() => void products.refetch()} /> : null}
      {products.data && products.data.every((product) => product.skus.length === 0) ? (
        <Text className={styles.hint}>{t('activation.noSkus')}</Text>
      ) : null}
      {products.data ? (
        <div className={styles.lines}>
          {lines.map((line, index) => {
            const number = index + 1;
            return (
              <div key={line.key} role="group" aria-label={t('activation.skuLine', { number })} className={styles.line}>
                <Field label={t('activation.sku')} required validationMessage={errors[index]?.skuId}>
                  <Select
                    className={styles.control}
                    value={line.skuId}
                    onChange={(_event, data) => {
                      update(index, { skuId: data.value });
                    }}
                  >
                    <option value="">{t('activation.chooseSku')}</option>
                    {products.data
                      .filter((product) => product.skus.length > 0)
                      .map((product) => (
                        <optgroup key={product.id} label={product.name}>
                          {product.skus.map((sku) => (
                            <option key={sku.id} value={sku.id}>
                              {sku.name}
                            </option>
                          ))}
                        </optgroup>
                      ))}
                  </Select>
                </Field>
                <Field label={t('activation.quantity')} required validationMessage={errors[index]?.quantity}>
                  <Input
                    className={styles.control}
                    type="number"
                    min={1}
                    step={1}
                    inputMode="numeric"
                    value={line.quantity}
                    onChange={(_event, data) => {
                      update(index, { quantity: data.value });
                    }}
                  />
                </Field>
                <Button
                  className={styles.remove}
                  appearance="subtle"
                  icon={<DeleteRegular />}
                  aria-label={t('activation.removeSku', { number })}
                  title={t('activation.removeSku', { number })}
                  onClick={() => {
                    onChange(lines.filter((_line, i) => i !== index));
                  }}
                />
              </div>
            );
          })}
          {listError ? (
            <Text id="sku-lines-error" role="alert" className={styles.error}>
              {listError}
            </Text>
          ) : null}
          <Button className={styles.add} icon={<AddRegular />} onClick={onAdd}>
            {t('activation.addSku')}
          </Button>
        </div>
      ) : null}
    </fieldset>
  );
}
