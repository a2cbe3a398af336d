import { toWxacodeError } from '../errors';
import { parseEvent } from '../handler/event';
import type { CodeRequest, WxacodeApi } from '../params/types';
import { checkSceneEventFields, checkSceneOptions } from '../scene/scene-options';
import { validateParams } from '../validation/validate-params';
import { checkLabel } from '../validation/rules/label';
import { checkLinkEvent } from '../links/check-link-event';
import { isLinkBatchApi, type BatchApi, type BatchItem, type CodeBatchApi, type ItemProblem, type LinkBatchApi } from './contract';

export const WXACODE_API_OF: Record<CodeBatchApi, WxacodeApi> = {
  getUnlimited: 'wxacode.getUnlimited',
  get: 'wxacode.get',
  createQRCode: 'wxacode.createQRCode',
};

/** One item that passed every rule: the event its code is made from (the job's defaults applied). */
export interface PreparedItem {
  index: number;
  line?: number;
  label: string;
  /** exactly what a wxacode function would take as its event */
  event: Record<string, unknown>;
  /** the normalized request, or null when the scene comes from sceneData (known only once the scene is made) */
  request: CodeRequest | null;
}

export interface ValidatedItems {
  prepared: PreparedItem[];
  problems: ItemProblem[];
}

/** Stands in for the scene while sceneData items are checked, as the functions do, so nothing is stored. */
const PLACEHOLDER_SCENE = 'x';

/**
 * Every item through the same rules, in the same order, with the same messages as the code functions: the
 * parameter rules (src/core/validation/rules/), sceneData's limits, the app's pages, and a label that can name a
 * file and is unique in the job. All items are checked, so one run reports every problem with its line.
 */
export function validateItems(
  api: BatchApi,
  defaults: Record<string, unknown>,
  items: readonly unknown[],
  options: {
    lines?: readonly (number | undefined)[];
    checkPage?: (request: CodeRequest) => void;
    /** link jobs: the page policy on the link's page ('' = home page) */
    checkPagePath?: (field: string, page: string) => void;
    /** link jobs: epoch ms their expiry is checked against */
    now?: number;
  } = {},
): ValidatedItems {
  const wxApi = isLinkBatchApi(api) ? null : WXACODE_API_OF[api];
  const prepared: PreparedItem[] = [];
  const problems: ItemProblem[] = [];
  const labels = new Map<string, number>();
  items.forEach((raw, index) => {
    const line = options.lines?.[index];
    const problem = (field: string, errCode: number, errMsg: string, label?: string) =>
      problems.push({ index, ...(line === undefined ? {} : { line }), ...(label === undefined ? {} : { label }), field, errCode, errMsg });
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      problem('item', 40097, `item: must be an object {label, scene or sceneData, …}; received ${Array.isArray(raw) ? 'an array' : JSON.stringify(raw) ?? String(raw)}`);
      return;
    }
    const { label: rawLabel, ...params } = raw as Record<string, unknown>;
    let label: string;
    try {
      label = checkLabel(rawLabel);
    } catch (error) {
      const { errCode, errMsg } = toWxacodeError(error);
      problem('label', errCode, errMsg);
      return;
    }
    const first = labels.get(label);
    if (first !== undefined) {
      problem('label', 40097, `label: must be unique in the job; received string ${JSON.stringify(label)}, already the label of item ${first}${lineOf(options.lines, first)}. Labels name the image files`, label);
      return;
    }
    labels.set(label, index);
    const event = { ...defaults, ...params };
    if (!wxApi) {
      try {
        const linkEvent = linkEventOf(event);
        const checked = checkLinkEvent(api as LinkBatchApi, linkEvent, options.now ?? Date.now());
        options.checkPagePath?.(checked.field, checked.page);
        prepared.push({ index, ...(line === undefined ? {} : { line }), label, event: linkEvent, request: null });
      } catch (error) {
        const { errCode, errMsg } = toWxacodeError(error);
        problem(fieldOf(errMsg), errCode, errMsg, label);
      }
      return;
    }
    // a column named like a link parameter (query, pageTitle…) was a sceneData field of code jobs before links came
    if (options.lines) foldLinkColumnsIntoSceneData(event);
    try {
      const request = checkEvent(wxApi, event);
      options.checkPage?.(request.checked);
      prepared.push({ index, ...(line === undefined ? {} : { line }), label, event, request: request.usesSceneData ? null : request.checked });
    } catch (error) {
      const { errCode, errMsg } = toWxacodeError(error);
      problem(fieldOf(errMsg), errCode, errMsg, label);
    }
  });
  return { prepared, problems };
}

/** The checks handleCodeEvent runs before anything is made or stored, without making or storing anything. */
function checkEvent(api: WxacodeApi, event: Record<string, unknown>): { checked: CodeRequest; usesSceneData: boolean } {
  // sceneMode 'stored' (and recordEntries) as the job's defaults: every code a stored scene, changeable after printing (活码)
  const sceneKeys = api === 'wxacode.getUnlimited' ? ['sceneData', 'sceneMode', 'recordEntries'] : [];
  const { params } = parseEvent(api, event, sceneKeys);
  const usesSceneData = sceneKeys.length > 0 && checkSceneEventFields({ ...event, scene: params.scene });
  if (usesSceneData) checkSceneOptions(event.sceneData, undefined, event.sceneMode, event.recordEntries);
  const checked = validateParams(api, usesSceneData ? { ...params, scene: PLACEHOLDER_SCENE } : params);
  return { checked, usesSceneData };
}

const LINK_ONLY_KEYS = ['query', 'expireType', 'expireTime', 'expireInterval', 'pageUrl', 'pageTitle', 'isPermanent', 'minValidSeconds'];

function foldLinkColumnsIntoSceneData(event: Record<string, unknown>): void {
  for (const key of LINK_ONLY_KEYS) {
    if (event[key] === undefined) continue;
    event.sceneData = { ...((event.sceneData as Record<string, unknown> | undefined) ?? {}), [key]: event[key] };
    delete event[key];
  }
}

/**
 * A link item as its function's event: the columns that are not parameters (sceneData to the file parser) are the
 * link's queryData; JSON items may say queryData themselves.
 */
function linkEventOf(event: Record<string, unknown>): Record<string, unknown> {
  const { sceneData, ...rest } = event;
  if (sceneData === undefined) return rest;
  if (rest.queryData !== undefined) {
    throw toWxacodeError({ errCode: 40097, errMsg: 'queryData, sceneData: pass one, not both; received both. A link item carries its data as queryData (in a CSV: the columns that are not parameters)' });
  }
  return { ...rest, queryData: sceneData };
}

/** Every rule's message starts with the field it is about (`width: must be …`). */
function fieldOf(errMsg: string): string {
  const match = errMsg.match(/^([A-Za-z_][\w.,\s]{0,60}?):\s/);
  return match ? match[1] : 'item';
}

function lineOf(lines: readonly (number | undefined)[] | undefined, index: number): string {
  const line = lines?.[index];
  return line === undefined ? '' : ` (line ${line})`;
}
