/**
 * Reading CSV (pure): RFC 4180 records (quoted fields with doubled quotes, commas and line breaks inside
 * quotes, CRLF or LF line ends), a UTF-8 byte order mark ignored, and the apostrophe our exports put before
 * text a spreadsheet would take for a formula (csv.ts `neutralizeFormula`) taken off again, so an exported
 * file imports back unchanged. Returns the records with the line each starts on (1-based), blank lines
 * skipped; an unterminated quote is an error naming its line.
 */

export interface CsvRecord {
  /** The line the record starts on, as a spreadsheet numbers rows when every record is one line. */
  line: number;
  fields: string[];
}

export class CsvParseError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvParseError';
  }
}

const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

function restoreFormulaText(field: string): string {
  return field.startsWith("'") && FORMULA_TRIGGERS.has(field.charAt(1)) ? field.slice(1) : field;
}

export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endField = () => {
    fields.push(restoreFormulaText(field));
    field = '';
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };
  for (let index = 0; index < input.length; index += 1) {
    const char = input.charAt(index);
    if (quoted) {
      if (char === '"') {
        if (input.charAt(index + 1) === '"') {
          field += '"';
          index += 1;
        } else quoted = false;
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
      continue;
    }
    if (char === '"' && field === '') quoted = true;
    else if (char === ',') endField();
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && input.charAt(index + 1) === '\n') index += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else field += char;
  }
  if (quoted) throw new CsvParseError(recordLine, `Row ${recordLine}: a quoted field is never closed.`);
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
