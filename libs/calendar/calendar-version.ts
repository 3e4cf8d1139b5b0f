import type { CalendarData } from './types';

const FNV64_OFFSET_BASIS = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/** UTF-8 bytes of a string, without TextEncoder (not guaranteed in every sandbox). */
function utf8Bytes(text: string): number[] {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else {
      bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    }
  }
  return bytes;
}

/** FNV-1a 64-bit hash of the UTF-8 bytes of `text`, as 16 lowercase hex digits. Not cryptographic: a change label. */
export function fnv1a64(text: string): string {
  let hash = FNV64_OFFSET_BASIS;
  for (const byte of utf8Bytes(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV64_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}

/** Everything in a calendar except its version: what the version is computed from. */
export type CalendarContent = Omit<CalendarData, 'version'>;

/**
 * The canonical text of calendar content: fixed field order, years sorted and deduplicated, days sorted, so the same
 * facts give the same text whatever their order (from this repo's data file or from database rows).
 */
export function canonicalCalendarContent(content: CalendarContent): string {
  const years = [...new Set(content.publishedYears)].sort((a, b) => a - b);
  const days = content.days
    .map((day) => [day.date, day.kind, day.name, day.source, day.local === true ? 1 : 0] as const)
    .sort((a, b) => {
      for (let index = 0; index < a.length; index += 1) {
        const [left, right] = [String(a[index]), String(b[index])];
        if (left !== right) return left < right ? -1 : 1;
      }
      return 0;
    });
  const fixed = [content.timeZone, content.utcOffsetMinutes, content.officeClose, years, days];
  // Office hours joined the content later: calendars without them keep the version they always had.
  return JSON.stringify(
    content.officeHours === undefined
      ? fixed
      : [...fixed, content.officeHours.map((stretch) => [stretch.start, stretch.end])],
  );
}

/** A deterministic version label for calendar content, e.g. `cal-2025.2026-1f0c9a2b3d4e5f60`. */
export function calendarVersion(content: CalendarContent): string {
  const years = [...new Set(content.publishedYears)].sort((a, b) => a - b);
  return `cal-${years.length > 0 ? years.join('.') : 'none'}-${fnv1a64(canonicalCalendarContent(content))}`;
}
