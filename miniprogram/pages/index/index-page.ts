import { LINK_QUERY_FIELD, resolveEntry, sceneFromQuery, sceneOfEntry, SCENE_DISABLED, type SceneData } from '../../wxacode/index';

export const INDEX_ROUTE = 'pages/index/index';

export interface SceneField {
  name: string;
  value: string;
  type: 'string' | 'number' | 'boolean';
}

export interface IndexData {
  /** empty: opened without a scene; loading: asking the cloud for a stored one */
  status: 'empty' | 'loading' | 'ready' | 'error';
  /** the scene as generated (decoded), for display */
  scene: string;
  sceneMode: '' | 'inline' | 'stored';
  fields: SceneField[];
  errCode: number;
  errMsg: string;
  /** 活码: the code now opens this page instead; the page offers to go there */
  redirectTo: string;
  /** 活码: the code was switched off; errMsg is its team's message */
  disabled: boolean;
}

interface IndexInstance {
  data: IndexData;
  setData(patch: Partial<IndexData>): void;
  /** the scene last shown, to tell a new scan from coming back to the page */
  shownScene?: string;
  /** bumps on every scene, so a slow lookup for an older scan never overwrites a newer one */
  generation?: number;
  showScene(rawScene: string | undefined, query?: Record<string, string | undefined>): Promise<void>;
}

export interface IndexPageOptions {
  data: IndexData;
  onLoad(this: IndexInstance, query: Record<string, string | undefined>): Promise<void>;
  onShow(this: IndexInstance): Promise<void>;
  showScene(this: IndexInstance, rawScene: string | undefined, query?: Record<string, string | undefined>): Promise<void>;
  goMake(): void;
  followRedirect(this: IndexInstance): void;
}

export function initialIndexData(): IndexData {
  return { status: 'empty', scene: '', sceneMode: '', fields: [], errCode: 0, errMsg: '', redirectTo: '', disabled: false };
}

export function toFields(data: SceneData): SceneField[] {
  return Object.keys(data).map((name) => {
    const value = data[name];
    return { name, value: String(value), type: typeof value as SceneField['type'] };
  });
}

/** The page that a getUnlimited code opens: reads the scene and shows what it carries. */
export function createIndexPage(): IndexPageOptions {
  return {
    data: initialIndexData(),

    async onLoad(query) {
      // scene needs decodeURIComponent to be what the code was made with (the helper does it)
      await this.showScene(sceneFromQuery(query), query);
    },

    async onShow() {
      // Scanning another code while this page is open re-enters without onLoad; only the enter options know.
      const scene = sceneOfEntry(INDEX_ROUTE);
      if (scene !== undefined && scene !== this.shownScene) await this.showScene(scene);
    },

    async showScene(rawScene, query) {
      this.shownScene = rawScene;
      const generation = (this.generation ?? 0) + 1;
      this.generation = generation;
      if (rawScene === undefined || rawScene === '') {
        this.setData(initialIndexData());
        // a link made by the toolkit may carry only its id (wxl): its entry is still recorded
        if (query?.[LINK_QUERY_FIELD]) await resolveEntry(INDEX_ROUTE, query);
        return;
      }
      this.setData({ status: 'loading', scene: rawScene, sceneMode: '', fields: [], errCode: 0, errMsg: '', redirectTo: '', disabled: false });
      // the entry (场景值 of wx.getEnterOptionsSync) is recorded in the same call, once per entry
      // onLoad's query, or (onShow: a code scanned while the page was open) the enter options'
      const outcome = await resolveEntry(INDEX_ROUTE, query);
      if (generation !== this.generation || outcome === undefined) return;
      if (outcome.errCode === 0 && 'data' in outcome) {
        this.setData({ status: 'ready', sceneMode: outcome.sceneMode, fields: toFields(outcome.data), redirectTo: outcome.redirectTo ?? '' });
      } else {
        this.setData({ status: 'error', errCode: outcome.errCode, errMsg: outcome.errMsg, disabled: outcome.errCode === SCENE_DISABLED });
      }
    },

    followRedirect() {
      if (this.data.redirectTo) wx.redirectTo({ url: this.data.redirectTo });
    },

    goMake() {
      wx.navigateTo({ url: '/pages/make/make' });
    },
  };
}
