// The manufacturing date a tool accepts as input (`--mfg-date`, an `mfg-date` value in --mcsv):
// esp-matter-mfg-tool 1.0.29's rule (sources/utils.py check_str_range 8..18 and check_date_format) —
// a '-' as 5th character selects YYYY-MM-DD (total length 10 or 18), otherwise the first 8 characters
// are YYYYMMDD (total length 8 or 16); the rest is a vendor suffix — and, beyond mfg_tool, the date
// must exist in the Gregorian calendar (20260230 is refused). What the firmware's reader accepts is a
// separate rule (validate.ts "mfg-date").

/** Days in `month` (1…12) of `year`. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Why `text` is not an acceptable manufacturing date, or undefined when it is (one line, no value). */
export function mfgDateProblem(text: string): string | undefined {
  let y: string, m: string, d: string;
  if (text.length >= 5 && text[4] === "-") {
    const parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
    if (!parts || (text.length !== 10 && text.length !== 18)) {
      return "must be YYYY-MM-DD, optionally followed by an 8-character suffix (length 10 or 18)";
    }
    [, y, m, d] = parts;
  } else {
    const parts = /^(\d{4})(\d{2})(\d{2})/.exec(text);
    if (!parts || (text.length !== 8 && text.length !== 16)) {
      return "must be YYYYMMDD, optionally followed by an 8-character suffix (length 8 or 16), or YYYY-MM-DD";
    }
    [, y, m, d] = parts;
  }
  const year = +y, month = +m, day = +d;
  if (year < 1000) return `year ${y}: must be 1000…9999`;
  if (month < 1 || month > 12) return `month ${m}: must be 01…12`;
  if (day < 1 || day > daysInMonth(year, month)) return `${y}-${m}-${d} is not a date (${y}-${m} has ${daysInMonth(year, month)} days)`;
  return undefined;
}

export function isValidMfgDate(text: string): boolean {
  return mfgDateProblem(text) === undefined;
}
