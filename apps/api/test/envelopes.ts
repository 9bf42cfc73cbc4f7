import { expect } from "vitest";

/** The envelopes the API answers with (CONTRACT §2), as the relation tests expect them word for word. */
export const OK = { success: true, code: 2000, message: "操作成功" } as const;

/** An ISO 8601 timestamp with an offset, as every `*_at` field is answered. */
export const TIMESTAMP = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);

export const badRequest = (errors: Record<string, string[]>) => ({ success: false, code: 4000, message: "请求参数错误", errors });
export const notFound = (message: string) => ({ success: false, code: 4004, message });
/** A failure with field errors under another message (409 of a taken pair, 400 of an undeletable relation). */
export const refused = (code: 4000 | 4090, message: string, detail: string) => ({
  success: false,
  code,
  message,
  errors: { non_field_errors: [detail] },
});

export const UNAUTHENTICATED = { success: false, code: 4010, message: "未认证或认证失败" } as const;
export const FORBIDDEN = { success: false, code: 4030, message: "权限不足" } as const;

export const REQUIRED = "此字段为必填项";
export const NOT_A_BOOLEAN = "必须是有效的布尔值。";
export const CUSTOMER_NOT_FOUND = "客户不存在";
export const RELATION_NOT_FOUND = notFound("关系不存在");
