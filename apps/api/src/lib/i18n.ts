import { MESSAGES, type Language, type MessageKey } from "@customer-hub/domain";

/** The message `key` in `language`, its `{name}` placeholders filled from `params`. */
export function translate(key: MessageKey, language: Language, params: Record<string, string | number> = {}): string {
  return MESSAGES[key][language].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** `Accept-Language: en` (or en-US, en;q=0.9 first) selects English; everything else Chinese. */
export function languageFromHeader(header: string | undefined): Language {
  const first = header?.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("en") ? "en" : "zh";
}
