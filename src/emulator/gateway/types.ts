/** What every `/admin` action handler receives once the gateway has parsed the request. */
export interface AdminRequest {
  action: string;
  /** JSON body fields, or the text parts of a multipart body */
  params: Record<string, unknown>;
  /** binary multipart parts (wx.openApi's `requestData`), by part name */
  binaryParts: Record<string, Buffer>;
  requestId: string;
  /** the function whose process sent the request (from its credentials); undefined for other clients */
  caller?: string;
  /** `http://host:port` as the SDK reached us, for URLs handed back to it (upload/download) */
  origin: string;
}

/**
 * wx.openApi answers protobuf bytes instead of the JSON envelope; a handler returns this to say so.
 * Everything else a handler returns becomes `data` in `{requestId, data}`.
 */
export class BinaryReply {
  constructor(
    readonly body: Buffer,
    readonly contentType: string,
  ) {}
}

export type AdminActionHandler = (request: AdminRequest) => Promise<unknown>;

export type AdminActions = Record<string, AdminActionHandler>;
