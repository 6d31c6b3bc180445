// CSV as RFC 4180 writes it (fields quoted with `"`, a quote doubled inside, line breaks allowed in
// quoted fields), read leniently: LF or CRLF line ends, a UTF-8 BOM, a stray quote inside an
// unquoted field taken literally.

export type CsvRecord = { line: number; fields: string[] };

/** Records with the physical line each starts on (1 = the first line of the file). */
export function parseCsv(text: string): { records: CsvRecord[]; unterminatedAt?: number } {
  const records: CsvRecord[] = [];
  const source = text.replace(/^\uFEFF/, "");
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let fieldStarted = false;
  const endRecord = () => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    fieldStarted = false;
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === "\n" || (ch === "\r" && source[i + 1] !== "\n")) line++;
        field += ch;
      }
    } else if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
      fieldStarted = false;
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && source[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) return { records, unterminatedAt: recordLine };
  if (field !== "" || fields.length > 0) endRecord();
  return { records };
}

function quoteField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Rows as CSV with CRLF line ends, quoting only the fields that need it. */
export function formatCsv(rows: string[][]): string {
  return rows.map((row) => row.map(quoteField).join(",")).join("\r\n") + "\r\n";
}
