import {
  ERROR_CODE_BY_STATUS,
  SUCCESS_CODE,
  type ErrorEnvelope,
  type ErrorStatus,
  type Language,
} from "@customer-hub/domain";

import { translate } from "../lib/i18n";
import { ApiError, toEnvelope } from "../trpc/errors";

/** `{"success":true,"code":2000,"message":…,"data":…}` around an already serialised payload. */
export function successEnvelope(dataJson: string | undefined, language: Language): string {
  const head = JSON.stringify({ success: true, code: SUCCESS_CODE, message: translate("success", language) });
  return `${head.slice(0, -1)},"data":${dataJson ?? "null"}}`;
}

export const isErrorStatus = (status: number): status is ErrorStatus => status in ERROR_CODE_BY_STATUS;

/** The envelope for an error answer that did not come from a procedure (routing, parsing). */
export function envelopeForStatus(status: number, language: Language): ErrorEnvelope {
  return toEnvelope(new ApiError(isErrorStatus(status) ? status : 500), language);
}

/**
 * trpc-to-openapi overwrites `message` and `code` in its error body, but keeps the rest of the
 * shape our error formatter built: the real envelope rides along in `data.envelope`.
 */
export function errorEnvelopeFromBody(body: string | undefined, status: number, language: Language): ErrorEnvelope {
  try {
    const parsed = JSON.parse(body ?? "") as { data?: { envelope?: ErrorEnvelope } };
    if (parsed.data?.envelope) return parsed.data.envelope;
  } catch {
    // fall through to the generic envelope for the status
  }
  return envelopeForStatus(status, language);
}
