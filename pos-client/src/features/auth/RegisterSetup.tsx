/**
 * First run on a device: pair it with a register by typing the one-time pairing code shown in the console
 * (Registers → Pair a device; the demo prints one per register at start-up), or by opening the pairing
 * address the console shows (`/pair#7KQ4-M2XH`), which fills the code in. The server then keeps this device
 * paired (an HttpOnly cookie): nothing to remember here.
 */
// Its strings load with it, not with the counter's first screen.
import '../../lib/i18n/later.ts';
import { normalizePairingCode, PAIRING_CODE_PATTERN } from '@countertop/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button.tsx';
import { TextField } from '../../components/ui/Field.tsx';
import { LanguageSwitcher } from '../../components/ui/LanguageSwitcher.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useLanguageOf } from '../../hooks/use-language.ts';
import type { CounterApi } from '../../lib/counter-api.ts';
import { cashierTextWith } from '../../lib/errors.ts';

const describePairingFailure = cashierTextWith({ too_many_attempts: 'counter:setup.tooManyCodes' });

export function RegisterSetup({
  api,
  onPaired,
  initialCode = '',
}: {
  api: CounterApi;
  onPaired: () => void;
  /** A code from the pairing address, filled in for the person to confirm. */
  initialCode?: string;
}) {
  const { t } = useTranslation('counter');
  const [code, setCode] = useState(initialCode);
  const pairing = useAction(describePairingFailure);
  // No location yet: the person's choice, else the browser's language.
  useLanguageOf(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const normalized = normalizePairingCode(code);
    if (!PAIRING_CODE_PATTERN.test(normalized)) {
      pairing.fail(t('setup.codeInvalid'));
      return;
    }
    void pairing.run(async () => {
      await api.pair(normalized);
      onPaired();
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
          spellCheck={false}
          hint={t('setup.codeHint')}
          aria-invalid={pairing.error ? true : undefined}
        />
        <ErrorMessage text={pairing.error} />
        <Button type="submit" variant="primary" size="big" disabled={pairing.pending}>
          {t('setup.submit')}
        </Button>
      </form>
    </main>
  );
}
