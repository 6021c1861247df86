import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  Select,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { rejectedFields } from '../../shared/api';
import { ErrorState } from '../../shared/ui/states';
// The catalogue query is the activation feature's: one cache entry for the products, whoever asks first.
import { useProducts } from '../activation/queries';
import { useCreateServiceRequest } from './queries';
import { SEVERITIES, type NewServiceRequest, type Severity } from './types';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  fieldset: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    margin: 0,
    padding: 0,
    border: 'none',
  },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalS, fontWeight: tokens.fontWeightSemibold },
  intro: { color: tokens.colorNeutralForeground2 },
});

interface Form {
  title: string;
  description: string;
  severity: Severity | '';
  productId: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
}

const EMPTY: Form = {
  title: '',
  description: '',
  severity: '',
  productId: '',
  contactName: '',
  contactEmail: '',
  contactPhone: '',
};

// Deliberately loose: one "@" with text on both sides and a dot in the domain; the server has the last word.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[+()0-9 .-]{4,32}$/;

type FieldName = keyof Form;

/** The translated problems of the form as typed, by field. */
function validate(form: Form, t: TFunction): Partial<Record<FieldName, string>> {
  const problems: Partial<Record<FieldName, string>> = {};
  if (form.title.trim() === '') problems.title = t('serviceRequests.validation.titleRequired');
  else if (form.title.trim().length > 200) problems.title = t('serviceRequests.validation.titleTooLong');
  if (form.description.trim() === '') problems.description = t('serviceRequests.validation.descriptionRequired');
  if (form.severity === '') problems.severity = t('serviceRequests.validation.severityRequired');
  if (form.contactName.trim() === '') problems.contactName = t('serviceRequests.validation.contactNameRequired');
  if (form.contactEmail.trim() === '') problems.contactEmail = t('serviceRequests.validation.contactEmailRequired');
  else if (!EMAIL.test(form.contactEmail.trim()))
    problems.contactEmail = t('serviceRequests.validation.contactEmailInvalid');
  if (form.contactPhone.trim() !== '' && !PHONE.test(form.contactPhone.trim())) {
    problems.contactPhone = t('serviceRequests.validation.contactPhoneInvalid');
  }
  return problems;
}

/** The server's field paths, as the names of this form's fields. */
const SERVER_FIELDS: Record<string, FieldName> = {
  title: 'title',
  description: 'description',
  severity: 'severity',
  productId: 'productId',
  'contact/name': 'contactName',
  'contact/email': 'contactEmail',
  'contact/phone': 'contactPhone',
};

function toBody(form: Form): NewServiceRequest {
  const phone = form.contactPhone.trim();
  return {
    title: form.title.trim(),
    description: form.description.trim(),
    severity: form.severity as Severity,
    ...(form.productId ? { productId: form.productId } : {}),
    contact: {
      name: form.contactName.trim(),
      email: form.contactEmail.trim(),
      ...(phone ? { phone } : {}),
    },
  };
}

/** "+ New service request" and its dialog: a request opened on the customer's behalf. */
export function NewServiceRequestDialog({
  customerId,
  customerName,
  onCreated,
}: {
  customerId: string;
  customerName: string;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<Form>(EMPTY);
  const [submitted, setSubmitted] = useState(false);
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const create = useCreateServiceRequest(customerId);
  const products = useProducts(open);
  const formRef = useRef<HTMLFormElement>(null);
  // After a refused submit, focus goes to the first field to fix, once the messages are on screen.
  const [focusRequest, setFocusRequest] = useState(0);
  useEffect(() => {
    if (focusRequest === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    const target = invalid?.matches('input, textarea, select') ? invalid : invalid?.querySelector<HTMLElement>('input');
    target?.focus();
  }, [focusRequest]);

  const problems = submitted ? validate(form, t) : {};
  const rejected = rejectedFields(create.error);
  const message = (field: FieldName): string | undefined => {
    if (problems[field]) return problems[field];
    const serverField = Object.entries(SERVER_FIELDS).find(([, name]) => name === field)?.[0];
    return serverField && rejected.has(serverField) ? t('serviceRequests.validation.rejected') : undefined;
  };
  const set = (field: FieldName) => (value: string) => {
    setForm((current) => ({ ...current, [field]: value }));
  };

  const reset = () => {
    setForm(EMPTY);
    setSubmitted(false);
    setIdempotencyKey(crypto.randomUUID());
    create.reset();
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    const found = validate(form, t);
    if (Object.keys(found).length > 0) {
      setFocusRequest((count) => count + 1);
      return;
    }
    create.mutate(
      { body: toBody(form), idempotencyKey },
      {
        onError: () => {
          setFocusRequest((count) => count + 1);
        },
        onSuccess: (created) => {
          setOpen(false);
          reset();
          onCreated(created.data.id);
        },
      },
    );
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(_event, data) => {
        setOpen(data.open);
        if (!data.open) reset();
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="primary" icon={<AddRegular />}>
          {t('serviceRequests.new')}
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <form ref={formRef} onSubmit={onSubmit} noValidate>
          <DialogBody>
            <DialogTitle>{t('serviceRequests.newTitle', { name: customerName })}</DialogTitle>
            <DialogContent className={styles.content}>
              <Text className={styles.intro}>{t('serviceRequests.newIntro', { name: customerName })}</Text>
              {create.isError ? <ErrorState error={create.error} /> : null}
              <Field label={t('serviceRequests.fields.title')} required validationMessage={message('title')}>
                <Input value={form.title} maxLength={200} onChange={(_e, data) => set('title')(data.value)} />
              </Field>
              <Field
                label={t('serviceRequests.fields.description')}
                required
                hint={t('serviceRequests.descriptionHint')}
                validationMessage={message('description')}
              >
                <Textarea
                  value={form.description}
                  resize="vertical"
                  rows={4}
                  maxLength={10000}
                  onChange={(_e, data) => set('description')(data.value)}
                />
              </Field>
              <Field label={t('serviceRequests.fields.severity')} required validationMessage={message('severity')}>
                <RadioGroup
                  value={form.severity}
                  onChange={(_e, data) => set('severity')(data.value)}
                  aria-invalid={message('severity') ? true : undefined}
                >
                  {SEVERITIES.map((severity) => (
                    <Radio
                      key={severity}
                      value={severity}
                      label={`${t(`serviceRequests.severity.${severity}`)} — ${t(`serviceRequests.severityHint.${severity}`)}`}
                    />
                  ))}
                </RadioGroup>
              </Field>
              <Field
                label={t('serviceRequests.fields.product')}
                validationMessage={products.isError ? t('serviceRequests.productsUnavailable') : message('productId')}
                validationState={products.isError ? 'warning' : undefined}
              >
                <Select value={form.productId} onChange={(_e, data) => set('productId')(data.value)}>
                  <option value="">{t('serviceRequests.noProduct')}</option>
                  {(products.data ?? []).map((product) => (
                    <option key={product.id} value={product.id}>
                      {product.name}
                    </option>
                  ))}
                </Select>
              </Field>
              <fieldset className={styles.fieldset}>
                <legend className={styles.legend}>{t('serviceRequests.fields.contact')}</legend>
                <Field
                  label={t('serviceRequests.fields.contactName')}
                  required
                  validationMessage={message('contactName')}
                >
                  <Input
                    value={form.contactName}
                    autoComplete="off"
                    maxLength={200}
                    onChange={(_e, data) => set('contactName')(data.value)}
                  />
                </Field>
                <Field
                  label={t('serviceRequests.fields.contactEmail')}
                  required
                  validationMessage={message('contactEmail')}
                >
                  <Input
                    type="email"
                    value={form.contactEmail}
                    autoComplete="off"
                    maxLength={320}
                    onChange={(_e, data) => set('contactEmail')(data.value)}
                  />
                </Field>
                <Field label={t('serviceRequests.fields.contactPhone')} validationMessage={message('contactPhone')}>
                  <Input
                    type="tel"
                    value={form.contactPhone}
                    autoComplete="off"
                    maxLength={32}
                    onChange={(_e, data) => set('contactPhone')(data.value)}
                  />
                </Field>
              </fieldset>
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button>{t('common.cancel')}</Button>
              </DialogTrigger>
              <Button type="submit" appearance="primary" disabledFocusable={create.isPending}>
                {t('serviceRequests.submit')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
