/**
 * Every user-facing message, in Chinese (the default, word for word from the seeds) and English
 * (`Accept-Language: en`). Keys are stable; the API picks the language per request (apps/api/src/lib/i18n.ts).
 */
export const MESSAGES = {
  success: { zh: "操作成功", en: "Success" },
  bad_request: { zh: "请求参数错误", en: "Invalid request parameters" },
  unauthorized: { zh: "未认证或认证失败", en: "Authentication failed or not provided" },
  forbidden: { zh: "权限不足", en: "Permission denied" },
  not_found: { zh: "资源不存在", en: "Resource not found" },
  method_not_allowed: { zh: "方法不允许", en: "Method not allowed" },
  conflict: { zh: "资源冲突", en: "Conflict" },
  payload_too_large: { zh: "请求体过大", en: "Request body too large" },
  unsupported_media_type: { zh: "不支持的媒体类型", en: "Unsupported media type" },
  too_many_requests: { zh: "请求过于频繁", en: "Too many requests" },
  internal_error: { zh: "服务器内部错误", en: "Internal server error" },
  service_unavailable: { zh: "服务不可用", en: "Service unavailable" },
  malformed_json: { zh: "JSON 格式错误", en: "Malformed JSON" },
  json_too_deep: { zh: "JSON 嵌套层级过深（最多 {max} 层）", en: "JSON nested too deeply (at most {max} levels)" },
  bad_url: { zh: "URL 格式错误", en: "Malformed URL" },
  url_not_encoded: {
    zh: "URL 中的非 ASCII 字符须经百分号编码（如 curl -G --data-urlencode 'q=普全'）",
    en: "Non-ASCII characters in a URL must be percent-encoded (e.g. curl -G --data-urlencode 'q=…')",
  },
  request_timeout: { zh: "请求超时", en: "Request timeout" },
  uri_too_long: { zh: "请求路径过长", en: "Request URI too long" },
  headers_too_large: { zh: "请求头过大", en: "Request headers too large" },
  invalid_page: { zh: "页码无效", en: "Invalid page" },
  invalid_credentials: { zh: "用户名或密码错误", en: "Invalid username or password" },
  invalid_token: { zh: "令牌无效或已过期", en: "Token is invalid or expired" },
  customer_not_found: { zh: "客户不存在", en: "Customer not found" },

  // Field-level messages (DRF's Chinese wording where DRF has one).
  field_required: { zh: "此字段为必填项", en: "This field is required." },
  field_blank: { zh: "该字段不能为空。", en: "This field may not be blank." },
  field_null: { zh: "该字段不能为 null。", en: "This field may not be null." },
  field_invalid_choice: { zh: "“{value}” 不是合法选项。", en: '"{value}" is not a valid choice.' },
  field_invalid_email: { zh: "请输入合法的邮件地址。", en: "Enter a valid email address." },
  field_invalid_url: { zh: "请输入合法的URL。", en: "Enter a valid URL." },
  field_invalid_date: {
    zh: "日期格式错误。请使用这种格式：YYYY-MM-DD。",
    en: "Date has wrong format. Use this format instead: YYYY-MM-DD.",
  },
  field_invalid_datetime: {
    zh: "日期时间格式错误。请使用 ISO 8601 格式。",
    en: "Datetime has wrong format. Use ISO 8601.",
  },
  field_invalid_integer: { zh: "请填写合法的整数值。", en: "A valid integer is required." },
  field_invalid_number: { zh: "请填写合法的数字。", en: "A valid number is required." },
  field_invalid_boolean: { zh: "必须是有效的布尔值。", en: "Must be a valid boolean." },
  field_invalid_string: { zh: "请填写合法的字符串。", en: "Not a valid string." },
  field_invalid_list: { zh: "请填写合法的列表。", en: "Expected a list of items." },
  field_invalid_object: { zh: "请填写合法的对象。", en: "Expected an object." },
  field_max_length: {
    zh: "请确保这个字段不超过 {max} 个字符。",
    en: "Ensure this field has no more than {max} characters.",
  },
  field_min_length: {
    zh: "请确保这个字段至少包含 {min} 个字符。",
    en: "Ensure this field has at least {min} characters.",
  },
  field_max_value: {
    zh: "请确保该值小于或者等于 {max}。",
    en: "Ensure this value is less than or equal to {max}.",
  },
  field_min_value: {
    zh: "请确保该值大于或者等于 {min}。",
    en: "Ensure this value is greater than or equal to {min}.",
  },
  field_max_items: {
    zh: "请确保列表不超过 {max} 项。",
    en: "Ensure this list has no more than {max} items.",
  },
  field_min_items: {
    zh: "请确保列表至少包含 {min} 项。",
    en: "Ensure this list has at least {min} items.",
  },
  field_invalid: { zh: "无效值。", en: "Invalid value." },
  field_null_characters: { zh: "不允许包含空字符。", en: "Null characters are not allowed." },
  body_not_object: {
    zh: "无效数据。期待为字典类型，得到的是 {type}。",
    en: "Invalid data. Expected a dictionary, but got {type}.",
  },
  invalid_ordering_field: { zh: "无效的排序字段：{field}", en: "Invalid ordering field: {field}" },
  invalid_field: { zh: "无效的字段：{field}", en: "Invalid field: {field}" },
  repeated_field: { zh: "字段重复：{field}", en: "Field listed more than once: {field}" },
  fields_empty: { zh: "请至少指定一个字段。", en: "Name at least one field." },
  invalid_cursor: { zh: "无效的游标。", en: "Invalid cursor." },
  cursor_ordering: {
    zh: "游标分页仅支持默认排序（-created_at）。",
    en: "Cursor pagination supports only the default ordering (-created_at).",
  },
  business_license_taken: {
    zh: "具有该营业执照号码的客户已存在。",
    en: "A customer with this business license number already exists.",
  },
  duplicate_id: { zh: "列表中的 id 重复。", en: "This id appears more than once in the list." },
  end_before_start: { zh: "结束日期不能早于开始日期", en: "The end date cannot be before the start date." },
  member_not_found: { zh: "联系人不存在", en: "Member not found" },
  tenant_not_found: { zh: "租户不存在", en: "Tenant not found" },
  relation_not_found: { zh: "关系不存在", en: "Relation not found" },
  relation_exists: { zh: "关系已存在", en: "Relation already exists" },
  member_relation_exists: { zh: "该客户与联系人的关系已存在", en: "This customer and member are already related." },
  tenant_relation_exists: { zh: "该客户与租户的关系已存在", en: "This customer and tenant are already related." },
  primary_member_relation_undeletable: { zh: "无法删除主要联系人关系", en: "Cannot delete the primary member relation" },
  primary_member_relation_undeletable_detail: {
    zh: "无法删除主要联系人关系，请先设置其他联系人为主要联系人",
    en: "Cannot delete the primary member relation; make another member primary first.",
  },
  primary_tenant_relation_undeletable: { zh: "无法删除主要租户关系", en: "Cannot delete the primary tenant relation" },
  primary_tenant_relation_undeletable_detail: {
    zh: "无法删除主要租户关系，请先设置其他租户为主要租户",
    en: "Cannot delete the primary tenant relation; make another tenant primary first.",
  },
  primary_member_not_found: { zh: "未找到主要联系人", en: "No primary member found" },
  primary_tenant_relation_not_found: { zh: "未找到主要租户关系", en: "No primary tenant relation found" },
  between_relation_not_found: { zh: "未找到客户与租户的关系", en: "No relation between this customer and tenant" },
  username_taken: { zh: "具有该用户名的联系人已存在。", en: "A member with this username already exists." },
  user_username_taken: { zh: "具有该用户名的用户已存在。", en: "A user with this username already exists." },
  tenant_code_taken: { zh: "具有该代码的租户已存在。", en: "A tenant with this code already exists." },
  member_has_relations: {
    zh: "该联系人仍与客户有关联，无法删除",
    en: "This member is still related to customers and cannot be deleted.",
  },
  tenant_has_relations: {
    zh: "该租户仍与客户或用户有关联，无法删除",
    en: "This tenant is still related to customers or users and cannot be deleted.",
  },
  tenant_view_customer_not_found: {
    zh: "客户不存在或与当前租户无关联",
    en: "Customer not found or not related to the current tenant",
  },
  tenant_view_relation_not_found: {
    zh: "未找到客户与当前租户的关系",
    en: "No relation between this customer and the current tenant",
  },
} as const satisfies Record<string, { zh: string; en: string }>;

export type MessageKey = keyof typeof MESSAGES;
export type Language = "zh" | "en";
