import { useState, type SubmitEvent } from 'react';
import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { SearchRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  form: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  field: { minWidth: '280px', maxWidth: '420px', flexGrow: 1 },
});

interface SearchFormProps {
  label: string;
  value: string;
  onSearch: (value: string) => void;
  buttonLabel?: string;
}

/** A labelled search field; Enter (or the button) applies the term. Remount with `key` to follow the URL. */
export function SearchForm({ label, value, onSearch, buttonLabel }: SearchFormProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [text, setText] = useState(value);
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSearch(text.trim());
  };
  return (
    <form role="search" className={styles.form} onSubmit={onSubmit}>
      <Field label={label} className={styles.field}>
        <Input
          type="search"
          value={text}
          contentBefore={<SearchRegular aria-hidden />}
          onChange={(_event, data) => {
            setText(data.value);
          }}
        />
      </Field>
      <Button type="submit">{buttonLabel ?? t('common.search')}</Button>
    </form>
  );
}
