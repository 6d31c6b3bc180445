// Rules on the sender authentication the MX ran before scoring (SPF, DKIM, DMARC, ARC).
import type { Rule } from "../rule.ts";

export const AUTHENTICATION_RULES: Rule[] = [
  {
    name: "SPF_FAIL",
    score: 1.0,
    description: "SPF: sender does not match SPF record (fail)",
    test: ({ input }) => input.authentication.spf === "fail",
  },
  {
    name: "SPF_SOFTFAIL",
    score: 0.7,
    description: "SPF: sender does not match SPF record (softfail)",
    test: ({ input }) => input.authentication.spf === "softfail",
  },
  {
    name: "DKIM_INVALID",
    score: 0.5,
    description: "DKIM signature exists, but is not valid",
    // mailing lists that rewrite the subject or footer break signatures; a passing ARC chain
    // vouches that the signature was valid when the list received the message
    test: ({ input }) => input.authentication.dkim === "fail" && input.authentication.arc !== "pass",
  },
  {
    name: "DMARC_FAIL",
    score: 2.0,
    description: "DMARC: the From domain publishes a policy and the message fails it",
    test: ({ input }) => input.authentication.dmarc === "fail",
  },
  {
    name: "DKIM_DMARC_PASS",
    score: -0.5,
    description: "Valid DKIM signature and DMARC passes for the From domain",
    // small on purpose: spammers authenticate their own throwaway domains just as well
    test: ({ input }) => input.authentication.dkim === "pass" && input.authentication.dmarc === "pass",
  },
];
