/**
 * How deep JSON may nest before it is parsed. Every body of this API is at most four levels deep
 * (`{"customers": [{…}]}`); thousands of levels would only reach recursive code (validation,
 * serialisation) and exhaust its stack.
 */
export const MAX_JSON_DEPTH = 32;

/** Whether `text` nests arrays and objects deeper than `max`, counted without parsing or recursion. */
export function exceedsJsonDepth(text: string, max = MAX_JSON_DEPTH): boolean {
  if (text.length <= max) return false;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c /* \ */) index++;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      if (++depth > max) return true;
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}
