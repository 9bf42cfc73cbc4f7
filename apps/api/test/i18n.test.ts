import { describe, expect, it } from "vitest";

import { languageFromHeader, translate } from "../src/lib/i18n";

describe("messages", () => {
  it("fill placeholders, in Chinese by default and English on request", () => {
    expect(translate("field_max_length", "zh", { max: 200 })).toBe("请确保这个字段不超过 200 个字符。");
    expect(translate("field_max_length", "en", { max: 200 })).toBe("Ensure this field has no more than 200 characters.");
  });

  it("read Accept-Language", () => {
    expect(languageFromHeader("en-US,en;q=0.9")).toBe("en");
    expect(languageFromHeader("zh-CN,en;q=0.5")).toBe("zh");
    expect(languageFromHeader(undefined)).toBe("zh");
  });
});
