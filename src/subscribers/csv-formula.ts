/**
 * Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and tab or carriage return, which some
 * strip first) as a formula: a name typed on the signup form must not become one in the exported list
 * (CSV injection). Such a cell is written with a leading `'`, which spreadsheets show as text, and the
 * import takes it off again. A value that already starts with quotes before one of those characters
 * gets one more, so the round trip is exact.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function restoreFormula(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value) ? value.slice(1) : value;
}
