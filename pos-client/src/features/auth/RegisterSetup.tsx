/** First run on a device: enter the register code once (remembered in localStorage by the shell). */
import { REGISTER_CODE_PATTERN } from '@countertop/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button.tsx';
import { TextField } from '../../components/ui/Field.tsx';
import { LanguageSwitcher } from '../../components/ui/LanguageSwitcher.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useLanguageOf } from '../../hooks/use-language.ts';
import type { CounterApi } from '../../lib/counter-api.ts';
import { cashierText } from '../../lib/errors.ts';

export function RegisterSetup({ api, onPaired }: { api: CounterApi; onPaired: (code: string) => void }) {
  const { t } = useTranslation('counter');
  const [code, setCode] = useState('');
  const pairing = useAction(cashierText);
  // No location yet: the person's choice, else the browser's language.
  useLanguageOf(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const normalized = code.trim().toUpperCase();
    if (!REGISTER_CODE_PATTERN.test(normalized)) {
      pairing.fail(t('setup.codeInvalid'));
      return;
    }
    void pairing.run(async () => {
      await api.register(normalized);
      onPaired(normalized);
    });
  };

  return (
    <main className="centered narrow">
      <div className="row spread">
        <h1>{t('setup.title')}</h1>
        <LanguageSwitcher />
      </div>
      <p>{t('setup.intro')}</p>
      <form onSubmit={submit} className="stack">
        <TextField
          label={t('setup.codeLabel')}
          className="big"
          value={code}
          onChange={setCode}
          autoCapitalize="characters"
          autoComplete="off"
          hint={t('setup.codeHint')}
          error={pairing.error}
        />
        <Button type="submit" variant="primary" size="big" disabled={pairing.pending}>
          {t('setup.submit')}
        </Button>
      </form>
    </main>
  );
}
