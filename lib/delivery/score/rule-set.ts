// The built-in rules, by theme. DNSBL listings are scored apart (rules/dnsbl.ts): their rules
// depend on which zones the MX asks.
import { ATTACHMENT_RULES } from "./rules/attachments.ts";
import { AUTHENTICATION_RULES } from "./rules/authentication.ts";
import { BODY_RULES } from "./rules/body.ts";
import { DATE_RULES } from "./rules/date.ts";
import { HEADER_RULES } from "./rules/headers.ts";
import { HELO_RULES } from "./rules/helo.ts";
import { URL_RULES } from "./rules/urls.ts";
import type { Rule } from "./rule.ts";

export const BUILT_IN_RULES: readonly Rule[] = [
  ...AUTHENTICATION_RULES,
  ...HELO_RULES,
  ...HEADER_RULES,
  ...DATE_RULES,
  ...BODY_RULES,
  ...URL_RULES,
  ...ATTACHMENT_RULES,
];
