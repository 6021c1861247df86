import { useCallback } from 'react';
import { Toast, ToastTitle, useToastController } from '@fluentui/react-components';

export type Notify = (intent: 'success' | 'error' | 'info', message: string) => void;

/** Says what happened in a toast of the page's <Toaster> (errors politely interrupting). */
export function useNotify(toasterId: string): Notify {
  const { dispatchToast } = useToastController(toasterId);
  return useCallback(
    (intent, message) => {
      dispatchToast(
        <Toast>
          <ToastTitle>{message}</ToastTitle>
        </Toast>,
        { intent, politeness: intent === 'error' ? 'assertive' : 'polite' },
      );
    },
    [dispatchToast],
  );
}
