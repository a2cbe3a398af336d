import {
  isSuccess,
  wxacodeCreateQRCode,
  wxacodeGet,
  wxacodeGetUnlimited,
  wxacodeShortLink,
  wxacodeUrlLink,
  wxacodeUrlScheme,
  type CodeImage,
  type EnvVersion,
  type Failure,
  type GetUnlimitedParams,
  type Outcome,
  type SceneData,
  type UnlimitedCodeImage,
} from '../../wxacode/index';

export type MakeApi = 'get' | 'createQRCode' | 'getUnlimited';
/** Links beside codes: for SMS and e-mail (URL Link), apps and H5 outside WeChat (URL Scheme), chats (Short Link). */
export type LinkKind = 'urlLink' | 'urlScheme' | 'shortLink';
export const LINK_KINDS: LinkKind[] = ['urlLink', 'urlScheme', 'shortLink'];

export interface LinkResult {
  link: string;
  /** ISO, or '' for a link that never expires */
  expiresAt: string;
  cached: boolean;
}
export const MAKE_APIS: MakeApi[] = ['get', 'createQRCode', 'getUnlimited'];
export const ENV_VERSIONS: EnvVersion[] = ['release', 'trial', 'develop'];
/** Same code as the server's INVALID_ARGS, for input the page cannot even send. */
export const INVALID_ARGS = 40097;

/** Form fields are kept as typed text; they become params only when the person taps Make. */
export interface MakeData {
  apis: MakeApi[];
  apiIndex: number;
  envVersions: EnvVersion[];
  envVersionIndex: number;
  path: string;
  width: string;
  page: string;
  checkPath: boolean;
  useSceneData: boolean;
  scene: string;
  sceneDataText: string;
  busy: boolean;
  result: (CodeImage & { scene?: string; sceneMode?: string }) | null;
  error: Failure | null;
  /** the link tab: the kind, its page and queryData */
  linkKinds: LinkKind[];
  linkKindIndex: number;
  linkPage: string;
  linkQueryDataText: string;
  linkBusy: boolean;
  linkResult: LinkResult | null;
  linkError: Failure | null;
}

type FormField = 'path' | 'width' | 'page' | 'scene' | 'sceneDataText' | 'linkPage' | 'linkQueryDataText';

interface MakeInstance {
  data: MakeData;
  setData(patch: Partial<MakeData>): void;
}

interface InputEvent {
  detail: { value: string | number | boolean };
  currentTarget: { dataset: { field?: string } };
}

export interface MakePageOptions {
  data: MakeData;
  onApiChange(this: MakeInstance, event: InputEvent): void;
  onEnvVersionChange(this: MakeInstance, event: InputEvent): void;
  onInput(this: MakeInstance, event: InputEvent): void;
  onCheckPathChange(this: MakeInstance, event: InputEvent): void;
  onUseSceneDataChange(this: MakeInstance, event: InputEvent): void;
  make(this: MakeInstance): Promise<void>;
  previewCode(this: MakeInstance): void;
  onLinkKindChange(this: MakeInstance, event: InputEvent): void;
  makeLink(this: MakeInstance): Promise<void>;
  copyLink(this: MakeInstance): void;
}

export function initialMakeData(): MakeData {
  return {
    apis: MAKE_APIS,
    apiIndex: 2,
    envVersions: ENV_VERSIONS,
    envVersionIndex: 0,
    path: 'pages/index/index?from=make',
    width: '430',
    page: 'pages/index/index',
    checkPath: false,
    useSceneData: true,
    scene: 'id=42',
    sceneDataText: '{"id": 42, "name": "张三", "vip": true}',
    busy: false,
    result: null,
    error: null,
    linkKinds: LINK_KINDS,
    linkKindIndex: 0,
    linkPage: 'pages/index/index',
    linkQueryDataText: '{"from": "sms", "campaign": "双12"}',
    linkBusy: false,
    linkResult: null,
    linkError: null,
  };
}

/** An empty width means "WeChat's default"; anything else goes to the server as typed, which explains bad input. */
function widthParam(text: string): { width?: number } {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  const width = Number(trimmed);
  return { width: Number.isNaN(width) ? (trimmed as unknown as number) : width };
}

/** Only JSON syntax is checked here; what the object may hold is the server's rule, and its error says so. */
function parseSceneData(text: string): { ok: true; sceneData: SceneData } | { ok: false; failure: Failure } {
  try {
    return { ok: true, sceneData: JSON.parse(text) as SceneData };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      failure: { errCode: INVALID_ARGS, errMsg: `sceneData: is not valid JSON (${reason}). Write an object such as {"id": 42, "name": "张三"}` },
    };
  }
}

/** Builds the request for the chosen function from the form and sends it. */
export async function makeCode(data: MakeData): Promise<Outcome<CodeImage | UnlimitedCodeImage>> {
  const api = data.apis[data.apiIndex];
  if (api === 'get') {
    return wxacodeGet({ path: data.path, ...widthParam(data.width), envVersion: data.envVersions[data.envVersionIndex] });
  }
  if (api === 'createQRCode') return wxacodeCreateQRCode({ path: data.path, ...widthParam(data.width) });
  const common = { page: data.page, checkPath: data.checkPath, envVersion: data.envVersions[data.envVersionIndex], ...widthParam(data.width) };
  let params: GetUnlimitedParams;
  if (data.useSceneData) {
    const parsed = parseSceneData(data.sceneDataText);
    if (!parsed.ok) return parsed.failure;
    params = { ...common, sceneData: parsed.sceneData };
  } else {
    params = { ...common, scene: data.scene };
  }
  return wxacodeGetUnlimited(params);
}

/** Makes the chosen kind of link for the page with the queryData typed (the link functions encode or store it). */
export async function makeLinkOf(data: MakeData): Promise<Outcome<LinkResult>> {
  const parsed = parseSceneData(data.linkQueryDataText);
  if (!parsed.ok) return { errCode: parsed.failure.errCode, errMsg: parsed.failure.errMsg.replace(/^sceneData/, 'queryData') };
  const queryData = parsed.sceneData;
  const kind = data.linkKinds[data.linkKindIndex];
  const done = (link: string, expiresAt: string | undefined, cached: boolean): Outcome<LinkResult> => ({ errCode: 0, errMsg: 'ok', link, expiresAt: expiresAt ?? '', cached });
  if (kind === 'shortLink') {
    const reply = await wxacodeShortLink({ page: data.linkPage, queryData });
    return isSuccess(reply) ? done(reply.link, reply.expiresAt, reply.cached) : reply;
  }
  if (kind === 'urlScheme') {
    const reply = await wxacodeUrlScheme({ path: data.linkPage, queryData });
    return isSuccess(reply) ? done(reply.openlink, reply.expiresAt, reply.cached) : reply;
  }
  const reply = await wxacodeUrlLink({ path: data.linkPage, queryData });
  return isSuccess(reply) ? done(reply.urlLink, reply.expiresAt, reply.cached) : reply;
}

/** The page that makes a code with any of the three functions and shows the image or the error. */
export function createMakePage(): MakePageOptions {
  return {
    data: initialMakeData(),

    onApiChange(event) {
      this.setData({ apiIndex: Number(event.detail.value), result: null, error: null });
    },

    onEnvVersionChange(event) {
      this.setData({ envVersionIndex: Number(event.detail.value) });
    },

    onInput(event) {
      const field = event.currentTarget.dataset.field as FormField | undefined;
      if (field) this.setData({ [field]: String(event.detail.value) } as Partial<MakeData>);
    },

    onCheckPathChange(event) {
      this.setData({ checkPath: Boolean(event.detail.value) });
    },

    onUseSceneDataChange(event) {
      this.setData({ useSceneData: Boolean(event.detail.value) });
    },

    async make() {
      if (this.data.busy) return;
      this.setData({ busy: true, result: null, error: null });
      const outcome = await makeCode(this.data);
      if (isSuccess(outcome)) {
        const { errCode, errMsg, ...image } = outcome;
        this.setData({ busy: false, result: image });
      } else {
        this.setData({ busy: false, error: { errCode: outcome.errCode, errMsg: outcome.errMsg } });
      }
    },

    previewCode() {
      const url = this.data.result?.tempFileURL;
      if (url) wx.previewImage({ urls: [url] });
    },

    onLinkKindChange(event) {
      this.setData({ linkKindIndex: Number(event.detail.value), linkResult: null, linkError: null });
    },

    async makeLink() {
      if (this.data.linkBusy) return;
      this.setData({ linkBusy: true, linkResult: null, linkError: null });
      const outcome = await makeLinkOf(this.data);
      if (isSuccess(outcome)) this.setData({ linkBusy: false, linkResult: { link: outcome.link, expiresAt: outcome.expiresAt, cached: outcome.cached } });
      else this.setData({ linkBusy: false, linkError: { errCode: outcome.errCode, errMsg: outcome.errMsg } });
    },

    copyLink() {
      const link = this.data.linkResult?.link;
      if (link) wx.setClipboardData({ data: link });
    },
  };
}
