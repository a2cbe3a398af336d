import { useEffect, useState } from 'preact/hooks';
import type { FaultSettings } from '../../wechat/types';
import { getJson, sendJson } from './api';
import { t } from './i18n';
import { ErrorLine } from './widgets';

const DESCRIPTIONS: Record<keyof FaultSettings, string> = {
  systemErrorRate: 'Share of WeChat calls answered with errcode -1 “system error” (0 to 1). The functions retry -1 up to 3 attempts.',
  latencyMs: 'Milliseconds added to every WeChat call before it is answered.',
  force45009: 'Every getUnlimited call answers 45009 (per-minute frequency limit). The functions retry it with backoff.',
  force45029: 'Every get / createQRCode call answers 45029 (lifetime quota used up). Never retried.',
  linkErrcode: 'Every URL Link / URL Scheme / Short Link call answers this errcode (0: off). Any errcode of the link APIs’ tables.',
  appUnreleased: 'The mini program has no released version: every link generation answers 85079.',
};

/** the errcodes of the link APIs' doc tables, as the emulator's linkErrcode fault accepts them */
const LINK_ERRCODES = [
  -1, 40002, 40013, 40066, 40097, 40165, 40212, 40225, 43104, 44990, 44993, 45009, 85079, 85088, 85400, 85401, 85402, 85403, 85405, 85406, 85407,
  85408, 9800003, 9800007, 9800008, 9800009, 9800010,
];

/** GET / PUT /_emulator/faults; POST /_emulator/reset */
export function FaultsPage() {
  const [faults, setFaults] = useState<FaultSettings>();
  const [draft, setDraft] = useState<{ systemErrorRate: string; latencyMs: string }>({ systemErrorRate: '0', latencyMs: '0' });
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);

  const show = (next: FaultSettings) => {
    setFaults(next);
    setDraft({ systemErrorRate: String(next.systemErrorRate), latencyMs: String(next.latencyMs) });
  };
  useEffect(() => {
    getJson<FaultSettings>('/_emulator/faults').then(show, (e: Error) => setError(e.message));
  }, []);

  const put = async (patch: Partial<FaultSettings>) => {
    setSaved(false);
    try {
      show(await sendJson<FaultSettings>('PUT', '/_emulator/faults', patch));
      setError(undefined);
      setSaved(true);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const reset = async () => {
    if (!confirm(t('Forget all files, documents, calls, quota and faults?'))) return;
    await sendJson('POST', '/_emulator/reset', {});
    show(await getJson<FaultSettings>('/_emulator/faults'));
  };

  return (
    <section class="card">
      <h2>{t('Faults of the simulated WeChat')}</h2>
      <p class="muted">{t('Applied to the next call at once. Reset returns to the start.')}</p>
      <ErrorLine error={error} />
      {faults && (
        <div class="faults">
          {(['force45009', 'force45029', 'appUnreleased'] as const).map((key) => (
            <div class="fault" data-testid={`fault-${key}`}>
              <label class="switch">
                <input type="checkbox" role="switch" data-testid={`fault-toggle-${key}`} checked={faults[key]} onChange={(e) => void put({ [key]: (e.target as HTMLInputElement).checked })} />
                <b>{t(key)}</b> <code>{key}</code> <span class={`pill ${faults[key] ? 'warn' : ''}`}>{faults[key] ? t('on') : t('off')}</span>
              </label>
              <p class="muted">{t(DESCRIPTIONS[key])}</p>
            </div>
          ))}
          <div class="fault" data-testid="fault-linkErrcode">
            <label class="inline">
              <b>{t('linkErrcode')}</b> <code>linkErrcode</code>
              <select data-testid="fault-select-linkErrcode" value={String(faults.linkErrcode)} onChange={(e) => void put({ linkErrcode: Number((e.target as HTMLSelectElement).value) })}>
                <option value="0">{t('off')}</option>
                {LINK_ERRCODES.map((code) => (
                  <option value={String(code)}>{code}</option>
                ))}
              </select>
              <span class={`pill ${faults.linkErrcode ? 'warn' : ''}`}>{faults.linkErrcode ? faults.linkErrcode : t('off')}</span>
            </label>
            <p class="muted">{t(DESCRIPTIONS.linkErrcode)}</p>
          </div>
          {(['systemErrorRate', 'latencyMs'] as const).map((key) => (
            <form
              class="fault"
              data-testid={`fault-${key}`}
              onSubmit={(e) => {
                e.preventDefault();
                const raw = draft[key];
                // sent as typed when it is not a number, so the emulator's own message names the problem
                void put({ [key]: raw.trim() !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw } as Partial<FaultSettings>);
              }}
            >
              <label class="inline">
                <b>{t(key)}</b> <code>{key}</code>
                <input data-testid={`fault-input-${key}`} value={draft[key]} onInput={(e) => setDraft({ ...draft, [key]: (e.target as HTMLInputElement).value })} />
                <button type="submit">{t('Apply')}</button>
              </label>
              <p class="muted">{t(DESCRIPTIONS[key])}</p>
            </form>
          ))}
        </div>
      )}
      {saved && <p class="status ok">✓ {t('Saved')}</p>}
      <div class="actions">
        <button type="button" class="danger" data-testid="reset" onClick={() => void reset()}>
          {t('Reset the emulator')}
        </button>
      </div>
    </section>
  );
}
