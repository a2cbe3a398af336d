import { useState } from 'preact/hooks';
import { callFunction } from './api';
import { ENTRY_SCENE_VALUES } from './entry-scene-values';
import { addZh, t } from './i18n';
import { Json } from './widgets';

addZh({
  'Scan as': '模拟扫码',
  '场景值': '场景值',
  user: '用户',
  Scan: '扫码',
  'What the page gets (wxacodeResolveScene with the entry): recorded once per user within 30 minutes': '页面收到的结果（带 entry 调用 wxacodeResolveScene）：同一用户 30 分钟内只记一次',
});

/**
 * "Scan" a code as a chosen 场景值 and user: what the page helper does on onLoad, wxacodeResolveScene with `entry`, so
 * the entry is recorded as on a phone.
 */
export function ScanAs({ scene, page }: { scene: string; page: string }) {
  const [sceneValue, setSceneValue] = useState('1047');
  const [openid, setOpenid] = useState('oScanUser000000000000000001');
  const [reply, setReply] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  /** answers shown so far: tells one scan's reply from the next */
  const [scans, setScans] = useState(0);
  async function scan(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      const answer = await callFunction('wxacodeResolveScene', { scene, entry: { sceneValue: Number(sceneValue), page } }, openid.trim());
      setReply(answer.result ?? answer);
    } catch (error) {
      setReply({ error: (error as Error).message });
    } finally {
      setBusy(false);
      setScans((n) => n + 1);
    }
  }
  return (
    <form class="scan-as" data-testid="scan-as" data-scans={scans} onSubmit={scan}>
      <h3>{t('Scan as')}</h3>
      <div class="row">
        <label>
          <span>{t('场景值')}</span>
          <select data-testid="scan-sceneValue" value={sceneValue} onChange={(e) => setSceneValue((e.target as HTMLSelectElement).value)}>
            {ENTRY_SCENE_VALUES.map(([value, name]) => (
              <option value={String(value)} key={value}>
                {value} {t(name)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('user')} (openid)</span>
          <input data-testid="scan-openid" value={openid} onInput={(e) => setOpenid((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" data-testid="scan-submit" disabled={busy}>
          {t('Scan')}
        </button>
      </div>
      <p class="muted">{t('What the page gets (wxacodeResolveScene with the entry): recorded once per user within 30 minutes')}</p>
      {reply !== undefined && <Json testid="scan-reply" value={reply} />}
    </form>
  );
}
