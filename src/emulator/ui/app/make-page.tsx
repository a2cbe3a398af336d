import { useEffect, useMemo, useState } from 'preact/hooks';
import { precheckCodeEvent } from '../../../core/handler/precheck-code-event';
import type { WxacodeApi } from '../../../core/params/types';
import { parseScene } from '../../../core/scene/codec';
import { callFunction, sameOrigin } from './api';
import { t } from './i18n';
import { readQrText } from './qr';
import { ScanAs } from './scan-as';
import { Json } from './widgets';

const FUNCTIONS: { name: FunctionName; api: WxacodeApi }[] = [
  { name: 'wxacodeGetUnlimited', api: 'wxacode.getUnlimited' },
  { name: 'wxacodeGet', api: 'wxacode.get' },
  { name: 'wxacodeCreateQRCode', api: 'wxacode.createQRCode' },
];
type FunctionName = 'wxacodeGet' | 'wxacodeCreateQRCode' | 'wxacodeGetUnlimited';
type Tri = '' | 'true' | 'false';

interface Form {
  fn: FunctionName;
  openid: string;
  path: string;
  sceneKind: 'scene' | 'sceneData';
  scene: string;
  sceneData: string;
  ttlSeconds: string;
  sceneMode: '' | 'auto' | 'stored';
  page: string;
  checkPath: Tri;
  envVersion: string;
  width: string;
  autoColor: Tri;
  isHyaline: Tri;
  lineColorOn: boolean;
  lineColor: string;
  cache: boolean;
}

const INITIAL: Form = {
  fn: 'wxacodeGetUnlimited',
  openid: '',
  path: 'pages/index/index?id=42',
  sceneKind: 'scene',
  scene: 'id=42',
  sceneData: '{"id": 42, "from": "海报"}',
  ttlSeconds: '',
  sceneMode: '',
  page: 'pages/index/index',
  checkPath: '',
  envVersion: '',
  width: '',
  autoColor: '',
  isHyaline: '',
  lineColorOn: false,
  lineColor: '#1aad19',
  cache: true,
};

/** A number when the text is one, else the text itself, so the function's rule names what was typed. */
function numberOrText(text: string): number | string {
  return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
}

function hexToRgb(hex: string) {
  return { r: parseInt(hex.slice(1, 3), 16), g: parseInt(hex.slice(3, 5), 16), b: parseInt(hex.slice(5, 7), 16) };
}

/** the event as the form describes it; fields left empty are left out, so the functions apply WeChat's defaults */
export function eventOf(form: Form): { event: Record<string, unknown>; problem?: string } {
  const event: Record<string, unknown> = {};
  const tri = (key: string, value: Tri) => value !== '' && (event[key] = value === 'true');
  let problem: string | undefined;
  if (form.fn === 'wxacodeGetUnlimited') {
    if (form.sceneKind === 'scene') event.scene = form.scene;
    else {
      try {
        event.sceneData = JSON.parse(form.sceneData);
      } catch (error) {
        problem = `sceneData: ${t('sceneData is not JSON')} (${(error as Error).message})`;
      }
      if (form.ttlSeconds.trim() !== '') event.ttlSeconds = numberOrText(form.ttlSeconds);
      if (form.sceneMode) event.sceneMode = form.sceneMode;
    }
    if (form.page !== '') event.page = form.page;
    tri('checkPath', form.checkPath);
  } else {
    event.path = form.path;
  }
  if (form.fn !== 'wxacodeCreateQRCode' && form.envVersion) event.envVersion = form.envVersion;
  if (form.width.trim() !== '') event.width = numberOrText(form.width);
  if (form.fn !== 'wxacodeCreateQRCode') {
    tri('autoColor', form.autoColor);
    tri('isHyaline', form.isHyaline);
    if (form.lineColorOn) event.lineColor = hexToRgb(form.lineColor);
  }
  if (!form.cache) event.cache = false;
  return { event, problem };
}

interface Made {
  /** tells one result from the next, so a slow decode of an older code never shows under a newer one */
  serial: number;
  fn: FunctionName;
  event: Record<string, unknown>;
  reply: { result?: Record<string, unknown>; errCode?: number; errMsg?: string };
}
type Resolved = { errCode: number; errMsg: string; data?: unknown };

export function MakePage() {
  const [form, setForm] = useState<Form>(INITIAL);
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<Made | null>(null);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const api = FUNCTIONS.find((f) => f.name === form.fn)!.api;
  const { event, problem } = useMemo(() => eventOf(form), [form]);
  const check = useMemo(() => (problem ? { ok: false as const, errCode: 40097, errMsg: problem } : precheckCodeEvent(api, event)), [api, event, problem]);
  const badField = check.ok ? '' : check.errMsg.slice(0, check.errMsg.indexOf(':'));
  const invalid = (field: string) => badField.split(/,\s*|\./).includes(field);

  async function submit(e: Event) {
    e.preventDefault();
    if (!check.ok || busy) return;
    setBusy(true);
    try {
      const reply = await callFunction(form.fn, event, form.openid.trim());
      setMade({ serial: (made?.serial ?? 0) + 1, fn: form.fn, event, reply });
    } catch (error) {
      setMade({ serial: (made?.serial ?? 0) + 1, fn: form.fn, event, reply: { errCode: -1, errMsg: (error as Error).message } });
    } finally {
      setBusy(false);
    }
  }

  const curl = `curl -s -X POST ${location.origin}/callFunction -H 'content-type: application/json'${form.openid.trim() ? ` -H 'x-wx-openid: ${form.openid.trim()}'` : ''} -d '${JSON.stringify({ name: form.fn, data: event }).replace(/'/g, "'\\''")}'`;
  const text = (key: keyof Form, label: string, placeholder = t('leave empty for the default')) => (
    <label class="field">
      <span>{label}</span>
      <input
        data-testid={`field-${key}`}
        aria-invalid={invalid(key)}
        value={form[key] as string}
        placeholder={placeholder}
        onInput={(e) => set(key, (e.target as HTMLInputElement).value as never)}
      />
    </label>
  );
  const triSelect = (key: 'checkPath' | 'autoColor' | 'isHyaline') => (
    <label class="field">
      <span>{key}</span>
      <select data-testid={`field-${key}`} value={form[key]} onChange={(e) => set(key, (e.target as HTMLSelectElement).value as Tri)}>
        <option value="">{t('default')}</option>
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    </label>
  );

  return (
    <div class="make">
      <form class="card" onSubmit={submit} data-testid="make-form">
        <h2>{t('Make a code')}</h2>
        <div class="segmented" role="tablist">
          {FUNCTIONS.map((f) => (
            <button
              type="button"
              role="tab"
              data-testid={`fn-${f.name}`}
              aria-selected={form.fn === f.name}
              onClick={() => set('fn', f.name)}
            >
              {f.name}
            </button>
          ))}
        </div>
        <div class="grid">
          {text('openid', t('Caller OPENID'), t('empty: the emulator default user'))}
          {form.fn === 'wxacodeGetUnlimited' ? (
            <>
              <label class="field">
                <span>scene / sceneData</span>
                <select data-testid="field-sceneKind" value={form.sceneKind} onChange={(e) => set('sceneKind', (e.target as HTMLSelectElement).value as Form['sceneKind'])}>
                  <option value="scene">{t('scene (string)')}</option>
                  <option value="sceneData">{t('sceneData (object)')}</option>
                </select>
              </label>
              {form.sceneKind === 'scene' ? (
                text('scene', 'scene', '')
              ) : (
                <>
                  <label class="field wide">
                    <span>{t('sceneData as JSON')}</span>
                    <textarea
                      data-testid="field-sceneData"
                      aria-invalid={invalid('sceneData')}
                      rows={3}
                      value={form.sceneData}
                      onInput={(e) => set('sceneData', (e.target as HTMLTextAreaElement).value)}
                    />
                  </label>
                  {text('ttlSeconds', 'ttlSeconds')}
                  <label class="field">
                    <span>sceneMode</span>
                    <select data-testid="field-sceneMode" value={form.sceneMode} onChange={(e) => set('sceneMode', (e.target as HTMLSelectElement).value as Form['sceneMode'])}>
                      <option value="">{t('default')}</option>
                      <option value="auto">auto</option>
                      <option value="stored">stored</option>
                    </select>
                  </label>
                </>
              )}
              {text('page', 'page')}
              {triSelect('checkPath')}
            </>
          ) : (
            text('path', 'path', '')
          )}
          {text('width', 'width', '430')}
          {form.fn !== 'wxacodeCreateQRCode' && (
            <>
              <label class="field">
                <span>envVersion</span>
                <select data-testid="field-envVersion" value={form.envVersion} onChange={(e) => set('envVersion', (e.target as HTMLSelectElement).value)}>
                  <option value="">{t('default')}</option>
                  <option value="release">release</option>
                  <option value="trial">trial</option>
                  <option value="develop">develop</option>
                </select>
              </label>
              {triSelect('autoColor')}
              {triSelect('isHyaline')}
              <label class="field">
                <span>lineColor</span>
                <span class="inline">
                  <input type="checkbox" data-testid="field-lineColorOn" checked={form.lineColorOn} onChange={(e) => set('lineColorOn', (e.target as HTMLInputElement).checked)} />
                  <input type="color" data-testid="field-lineColor" disabled={!form.lineColorOn} value={form.lineColor} onInput={(e) => set('lineColor', (e.target as HTMLInputElement).value)} />
                  <code>{form.lineColorOn ? JSON.stringify(hexToRgb(form.lineColor)) : t('default')}</code>
                </span>
              </label>
            </>
          )}
          <label class="field checkbox">
            <input type="checkbox" data-testid="field-cache" checked={form.cache} onChange={(e) => set('cache', (e.target as HTMLInputElement).checked)} />
            <span>{t('Use the cache')}</span>
          </label>
        </div>
        <p class="hint">{t("Checked here with the functions' own rules: nothing is sent while a field is refused.")}</p>
        {check.ok ? (
          <p class="status ok" data-testid="precheck-ok">✓ {t('Ready to send')}</p>
        ) : (
          <p class="status error" role="alert" data-testid="precheck-error">
            <b>errCode {check.errCode}</b> {check.errMsg}
          </p>
        )}
        <div class="actions">
          <button type="submit" class="primary" data-testid="make-submit" disabled={!check.ok || busy}>
            {busy ? t('Making…') : t('Make the code')}
          </button>
        </div>
        <details>
          <summary>{t('The event')}</summary>
          <Json value={event} />
          <p class="hint">{t('Same call with curl')}</p>
          <pre class="code">{curl}</pre>
        </details>
      </form>
      {made && <MadeCode made={made} key={made.serial} />}
    </div>
  );
}

function MadeCode({ made }: { made: Made }) {
  /** the QR's text as this browser reads it: undefined while reading, null when unreadable */
  const [received, setReceived] = useState<string | null>();
  const [resolved, setResolved] = useState<Resolved>();
  const result: Record<string, unknown> = made.reply.result ?? { ...made.reply };
  const errCode = Number((result as { errCode?: unknown }).errCode);
  const url = typeof result.tempFileURL === 'string' ? sameOrigin(result.tempFileURL) : undefined;
  const scene = typeof result.scene === 'string' ? result.scene : made.fn === 'wxacodeGetUnlimited' ? (made.event.scene as string | undefined) : undefined;

  useEffect(() => {
    if (url) readQrText(url).then(setReceived, () => setReceived(null));
    if (errCode !== 0 || scene === undefined) return;
    let parsed;
    try {
      parsed = parseScene(scene);
    } catch (error) {
      const failure = error as { errCode?: number; errMsg?: string; message?: string };
      setResolved({ errCode: failure.errCode ?? -1, errMsg: failure.errMsg ?? String(failure.message) });
      return;
    }
    if (parsed.form === 'inline') {
      setResolved({ errCode: 0, errMsg: 'ok', data: parsed.data });
      return;
    }
    // a stored scene: the page asks wxacodeResolveScene, and so do we
    callFunction('wxacodeResolveScene', { scene }, '').then(
      (reply) => setResolved((reply.result ?? reply) as Resolved),
      (error: Error) => setResolved({ errCode: -1, errMsg: error.message }),
    );
  }, []);

  const query = scene !== undefined ? `scene=${encodeURIComponent(scene)}` : queryOfPath(String(made.event.path ?? ''));
  const pathName = scene !== undefined ? String(made.event.page ?? 'pages/index/index') : String(made.event.path ?? '').split('?')[0];
  const condition = { name: `scan: ${made.fn} ${scene ?? made.event.path}`, pathName, query: query.slice(query.indexOf('?') + 1), launchMode: 'default', scene: 1047 };

  return (
    <section class="card result" data-testid="make-result" data-serial={made.serial}>
      <h2>{t('Result')}</h2>
      <div class="result-grid">
        <div class="image-box">
          {url ? <img data-testid="result-image" src={url} alt="code" /> : <div class="placeholder">×</div>}
        </div>
        <dl class="facts">
          <dt>errCode</dt>
          <dd data-testid="result-errCode" class={errCode === 0 ? 'ok' : 'error'}>{String(errCode)}</dd>
          <dt>errMsg</dt>
          <dd data-testid="result-errMsg">{String(result.errMsg ?? '')}</dd>
          {'cached' in result && (
            <>
              <dt>cached</dt>
              <dd data-testid="result-cached">
                {String(result.cached)} <span class="muted">— {result.cached ? t('from the cache, no WeChat call') : t('made now by WeChat')}</span>
              </dd>
            </>
          )}
          {typeof result.fileID === 'string' && (
            <>
              <dt>fileID</dt>
              <dd data-testid="result-fileID"><code>{result.fileID}</code></dd>
            </>
          )}
          {typeof result.sceneMode === 'string' && (
            <>
              <dt>scene / sceneMode</dt>
              <dd><code>{String(result.scene)}</code> · {result.sceneMode}</dd>
            </>
          )}
        </dl>
      </div>
      {errCode === 0 && (
        <>
          <h3>{t('What WeChat received')} <span class="muted">({t("read from the code's QR payload in this browser")})</span></h3>
          {received === undefined ? <p class="muted">…</p> : received === null ? <p class="error">{t('unreadable')}</p> : <Json testid="result-received" value={safeParse(received)} />}
          <h3>{t('Open as scanned')}</h3>
          <dl class="facts">
            <dt>{scene !== undefined ? t('query.scene the page gets (URL-encoded)') : t('query the page gets')}</dt>
            <dd><code data-testid="result-query">{scene !== undefined ? encodeURIComponent(scene) : JSON.stringify(Object.fromEntries(new URLSearchParams(query)))}</code></dd>
            {scene !== undefined && (
              <>
                <dt>{t('What pages/index/index shows')}</dt>
                <dd data-testid="result-page-shows">
                  {resolved ? (
                    <>
                      <span class="muted">{isStored(scene) ? t('resolved with wxacodeResolveScene') : t('decoded inline in the page')}</span>
                      {resolved.errCode === 0 ? <Json value={resolved.data} /> : <p class="error">{resolved.errCode} {resolved.errMsg}</p>}
                    </>
                  ) : '…'}
                </dd>
              </>
            )}
          </dl>
          <p class="hint">{t('DevTools compile condition (paste into project.config.json → condition.miniprogram.list)')}</p>
          <pre class="code" data-testid="result-condition">{JSON.stringify(condition, null, 2)}</pre>
          {scene !== undefined && <ScanAs scene={scene} page={pathName} />}
        </>
      )}
    </section>
  );
}

function isStored(scene: string): boolean {
  try {
    return parseScene(scene).form === 'stored';
  } catch {
    return false;
  }
}

function queryOfPath(path: string): string {
  const at = path.indexOf('?');
  return at < 0 ? '' : path.slice(at + 1);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
