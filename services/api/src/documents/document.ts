/** A file a GET route serves: a letter, an evidence pack, a register export. */
export interface Document {
  contentType: string;
  body: Buffer | string;
  filename: string;
  /** Offered as a download rather than shown. */
  attachment?: boolean;
}
