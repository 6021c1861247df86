import { makeStyles, tokens } from '@fluentui/react-components';

/** The layout shared by the Add operator and Change roles dialogs (wide enough for the roles and what they allow). */
export const useDialogStyles = makeStyles({
  surface: { maxWidth: '820px' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  intro: { color: tokens.colorNeutralForeground2 },
});
