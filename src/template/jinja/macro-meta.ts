/** What a compiled macro knows of itself: its name, file and parameters. */
export interface MacroMeta {
  name: string;
  file: string;
  params: string[];
  catchVarargs: boolean;
  catchKwargs: boolean;
  caller: boolean;
}
