/** What `assay init` did, or would not do, to one file. */
export interface InitStep {
  /** The file, relative to the project root. */
  file: string;
  status: 'changed' | 'unchanged' | 'refused';
  /** What was done (or found already done), one short sentence each. */
  notes: string[];
  /** For a refused edit: the lines to add by hand. */
  byHand?: string[];
}
