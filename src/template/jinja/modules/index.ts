import { DATETIME_MODULE } from './datetime.js';
import { ITERTOOLS_MODULE } from './itertools.js';
import { RE_MODULE } from './re.js';

/** dbt's `modules` context variable: the Python modules dbt exposes to templates, as far as tsmodel has them. */
export const MODULES = {
  datetime: DATETIME_MODULE,
  re: RE_MODULE,
  itertools: ITERTOOLS_MODULE,
};
