/** What a function returns to its caller. A function never throws to the runtime. */
export interface FileDelivered {
  errCode: 0;
  errMsg: 'ok';
  contentType: string;
  fileID: string;
  tempFileURL: string;
  /** true when served from storage without calling WeChat */
  cached: boolean;
}

export interface Base64Delivered {
  errCode: 0;
  errMsg: 'ok';
  contentType: string;
  base64: string;
}

export interface Failure {
  errCode: number;
  errMsg: string;
}

export type Delivered = FileDelivered | Base64Delivered;
