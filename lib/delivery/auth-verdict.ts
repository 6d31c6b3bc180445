/**
 * The result of one sender-authentication method, as RFC 8601 §2.7 names them ("policy": a valid
 * signature the verifier will not accept, such as a key shorter than the minimum).
 */
export type AuthVerdict = "pass" | "fail" | "softfail" | "neutral" | "none" | "temperror" | "permerror" | "policy";
