import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isAppError } from "../errors.ts";
import { isSrsAddress, reverseSender, rewriteSender, type SrsOptions } from "./srs.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const SECRET = "correct horse battery staple";
// Day 19723 since the epoch; 19723 mod 1024 = 267 = 8 * 32 + 11, which is "IL" in the base32 alphabet
const NEW_YEAR_2024 = new Date(Date.UTC(2024, 0, 1, 12, 30));
// Day 20485; 20485 mod 1024 = 5, a few days after the counter wrapped
const JUST_AFTER_WRAP = new Date(Date.UTC(2026, 1, 1, 8));

function withClock(now: Date, extra: Partial<SrsOptions> = {}): SrsOptions {
  return { secret: SECRET, domain: "mx.example.test", now: () => now, ...extra };
}

const daysAfter = (date: Date, days: number) => new Date(date.getTime() + days * DAY_MS);

/** The SRS0 hash as libsrs2 builds it: HMAC-SHA1 over the lower-cased fields, base64, four characters. */
function computeLibsrs2Hash(secret: string, ...fields: string[]): string {
  const hmac = createHmac("sha1", secret);
  for (const field of fields) hmac.update(field.toLowerCase());
  return hmac.digest("base64").slice(0, 4);
}

/** A hash that differs from `hash` in its first character even ignoring case. */
function tamperHash(hash: string): string {
  return (hash[0].toLowerCase() === "a" ? "b" : "a") + hash.slice(1);
}

describe("rewriteSender", () => {
  it("writes SRS0=hash=timestamp=domain=local@our domain, hashed as libsrs2 hashes", () => {
    const rewritten = rewriteSender("alice@orig.example", withClock(NEW_YEAR_2024));
    const hash = computeLibsrs2Hash(SECRET, "IL", "orig.example", "alice");
    expect(rewritten).toBe(`SRS0=${hash}=IL=orig.example=alice@mx.example.test`);
  });

  it("keeps the case of the sender but hashes it lower-cased", () => {
    const rewritten = rewriteSender("Alice@Orig.EXAMPLE", withClock(NEW_YEAR_2024));
    const hash = computeLibsrs2Hash(SECRET, "IL", "orig.example", "alice");
    expect(rewritten).toBe(`SRS0=${hash}=IL=Orig.EXAMPLE=Alice@mx.example.test`);
  });

  it("leaves the null sender alone: bounces are not rewritten", () => {
    expect(rewriteSender("", withClock(NEW_YEAR_2024))).toBe("");
  });

  it("leaves addresses in our own domain alone, our own SRS addresses included", () => {
    const options = withClock(NEW_YEAR_2024);
    expect(rewriteSender("bob@MX.Example.Test", options)).toBe("bob@MX.Example.Test");
    const ours = rewriteSender("alice@orig.example", options);
    expect(rewriteSender(ours, options)).toBe(ours);
  });

  it("leaves a sender without a domain alone", () => {
    expect(rewriteSender("MAILER-DAEMON", withClock(NEW_YEAR_2024))).toBe("MAILER-DAEMON");
  });

  it("refuses options that would make forgeable or never-expiring addresses", () => {
    const cases: SrsOptions[] = [
      { secret: "", domain: "mx.example.test" },
      { secret: Buffer.alloc(0), domain: "mx.example.test" },
      { secret: SECRET, domain: "" },
      { secret: SECRET, domain: "mx.example.test", maxAgeDays: 1023 },
      { secret: SECRET, domain: "mx.example.test", maxAgeDays: 2.5 },
    ];
    for (const options of cases) {
      let error: unknown = null;
      try {
        rewriteSender("alice@orig.example", options);
      } catch (caught) {
        error = caught;
      }
      expect(isAppError(error, "CONFIG_INVALID"), JSON.stringify(options)).toBe(true);
    }
  });
});

describe("reverseSender", () => {
  it("turns an SRS0 address back into the original sender", () => {
    const options = withClock(NEW_YEAR_2024);
    for (const sender of ["alice@orig.example", "Alice.Smith@Orig.Example", "x@sub.orig.example"]) {
      expect(reverseSender(rewriteSender(sender, options), options)).toEqual({ ok: true, address: sender });
    }
  });

  it("round-trips local parts holding '=', '+', '-' and a quoted '@'", () => {
    const options = withClock(NEW_YEAR_2024);
    for (const sender of ["a=b@orig.example", "list+bounces=bob=x.example@orig.example", "=@orig.example", "-x-@orig.example", '"odd@local"@orig.example']) {
      const rewritten = rewriteSender(sender, options);
      expect(rewritten.endsWith("@mx.example.test"), rewritten).toBe(true);
      expect(reverseSender(rewritten, options), sender).toEqual({ ok: true, address: sender });
    }
    // the domain is what follows the last "@"; a quoted local part may hold one too
    expect(rewriteSender('"odd@local"@orig.example', options)).toMatch(/^SRS0=[^=]{4}=IL=orig\.example="odd@local"@mx\.example\.test$/);
  });

  it("accepts an address an MTA changed the case of", () => {
    const options = withClock(NEW_YEAR_2024);
    const rewritten = rewriteSender("Alice@orig.example", options);
    expect(reverseSender(rewritten.toLowerCase(), options)).toEqual({ ok: true, address: "alice@orig.example" });
    expect(reverseSender(rewritten.toUpperCase(), options)).toEqual({ ok: true, address: "ALICE@ORIG.EXAMPLE" });
  });

  it("reads the separators libsrs2 allows after the tag", () => {
    const options = withClock(NEW_YEAR_2024);
    const rewritten = rewriteSender("alice@orig.example", options);
    for (const separator of ["+", "-"]) {
      const variant = `SRS0${separator}${rewritten.slice(5)}`;
      expect(reverseSender(variant, options), variant).toEqual({ ok: true, address: "alice@orig.example" });
    }
  });

  it("rejects a changed hash, timestamp, domain or local part, and another secret", () => {
    const options = withClock(NEW_YEAR_2024);
    const rewritten = rewriteSender("alice@orig.example", options);
    const [, hash, timestamp, host, rest] = /^SRS0=([^=]{4})=([^=]{2})=([^=]+)=(.+)$/.exec(rewritten)!;
    const tampered = [
      `SRS0=${tamperHash(hash)}=${timestamp}=${host}=${rest}`,
      `SRS0=${hash}=IK=${host}=${rest}`,
      `SRS0=${hash}=${timestamp}=evil.example=${rest}`,
      `SRS0=${hash}=${timestamp}=${host}=mallory@mx.example.test`,
      `SRS0=${hash.slice(0, 3)}=${timestamp}=${host}=${rest}`,
    ];
    for (const address of tampered) {
      expect(reverseSender(address, options), address).toEqual({ ok: false, reason: "bad_hash" });
    }
    expect(reverseSender(rewritten, { ...options, secret: "another secret" })).toEqual({ ok: false, reason: "bad_hash" });
    expect(reverseSender(rewritten, { ...options, secret: Buffer.from(SECRET) })).toEqual({ ok: true, address: "alice@orig.example" });
  });

  it("accepts an address for maxAgeDays (21 by default) and rejects it after", () => {
    const rewritten = rewriteSender("alice@orig.example", withClock(NEW_YEAR_2024));
    expect(reverseSender(rewritten, withClock(daysAfter(NEW_YEAR_2024, 21)))).toEqual({ ok: true, address: "alice@orig.example" });
    expect(reverseSender(rewritten, withClock(daysAfter(NEW_YEAR_2024, 22)))).toEqual({ ok: false, reason: "expired" });
    expect(reverseSender(rewritten, withClock(daysAfter(NEW_YEAR_2024, 22), { maxAgeDays: 30 }))).toEqual({ ok: true, address: "alice@orig.example" });
    expect(reverseSender(rewritten, withClock(daysAfter(NEW_YEAR_2024, 3), { maxAgeDays: 2 }))).toEqual({ ok: false, reason: "expired" });
    // the hash is checked first: an old address with a forged hash is not one of ours, expired or not
    expect(reverseSender(`SRS0=${tamperHash(rewritten.slice(5, 9))}${rewritten.slice(9)}`, withClock(daysAfter(NEW_YEAR_2024, 22)))).toEqual({ ok: false, reason: "bad_hash" });
  });

  it("accepts a timestamp one day in the future, not two", () => {
    const rewritten = rewriteSender("alice@orig.example", withClock(NEW_YEAR_2024));
    expect(reverseSender(rewritten, withClock(daysAfter(NEW_YEAR_2024, -1)))).toEqual({ ok: true, address: "alice@orig.example" });
    expect(reverseSender(rewritten, withClock(daysAfter(NEW_YEAR_2024, -2)))).toEqual({ ok: false, reason: "expired" });
  });

  it("counts the age across the wrap of the 1024-day counter", () => {
    const madeBeforeWrap = daysAfter(JUST_AFTER_WRAP, -7);
    const rewritten = rewriteSender("alice@orig.example", withClock(madeBeforeWrap));
    // day slot 1022 = 31 * 32 + 30: the last letters of the alphabet
    expect(rewritten).toMatch(/^SRS0=[^=]{4}=76=orig\.example=alice@mx\.example\.test$/);
    expect(reverseSender(rewritten, withClock(JUST_AFTER_WRAP))).toEqual({ ok: true, address: "alice@orig.example" });
    expect(reverseSender(rewritten, withClock(daysAfter(JUST_AFTER_WRAP, 15)))).toEqual({ ok: false, reason: "expired" });

    // and the other way: made after the wrap, read with a clock one day behind, before it
    const madeAfterWrap = rewriteSender("alice@orig.example", withClock(new Date(Date.UTC(2026, 0, 27, 23))));
    expect(madeAfterWrap).toMatch(/=AA=/);
    expect(reverseSender(madeAfterWrap, withClock(new Date(Date.UTC(2026, 0, 26, 1))))).toEqual({ ok: true, address: "alice@orig.example" });
  });

  it("says not_srs for an ordinary address and malformed for a broken SRS one", () => {
    const options = withClock(NEW_YEAR_2024);
    for (const address of ["alice@mx.example.test", "", "SRS2=abcd=IL=orig.example=alice@mx.example.test", "SRS0abcd=IL=x=y@mx.example.test"]) {
      expect(reverseSender(address, options), address).toEqual({ ok: false, reason: "not_srs" });
    }
    const malformed = [
      "SRS0=abcd@mx.example.test",
      "SRS0=abcd=IL=orig.example@mx.example.test",
      "SRS0=abcd=IL==alice@mx.example.test",
      "SRS0=abcd=I1=orig.example=alice@mx.example.test",
      "SRS0=abcd=ILL=orig.example=alice@mx.example.test",
      "SRS0==IL=orig.example=alice@mx.example.test",
      "SRS1=abcd=fwd1.example@mx.example.test",
      "SRS1=abcd==rest@mx.example.test",
    ];
    for (const address of malformed) {
      expect(reverseSender(address, options), address).toEqual({ ok: false, reason: "malformed" });
    }
  });
});

describe("SRS1", () => {
  const otherForwarder = "SRS0=AbC+=IL=orig.example=alice@fwd1.example";

  it("rewrites another forwarder's SRS0 address to SRS1 pointing at that forwarder, and back", () => {
    const options = withClock(NEW_YEAR_2024);
    const rewritten = rewriteSender(otherForwarder, options);
    const hash = computeLibsrs2Hash(SECRET, "fwd1.example", "=AbC+=IL=orig.example=alice");
    expect(rewritten).toBe(`SRS1=${hash}=fwd1.example==AbC+=IL=orig.example=alice@mx.example.test`);
    expect(reverseSender(rewritten, options)).toEqual({ ok: true, address: otherForwarder });
    // the tag is written anew, as libsrs2 writes it; the rest comes back as the MTA left it
    expect(reverseSender(rewritten.toLowerCase(), options)).toEqual({ ok: true, address: "SRS0=abc+=il=orig.example=alice@fwd1.example" });
  });

  it("keeps the first forwarder when an SRS1 address is forwarded again", () => {
    const options = withClock(NEW_YEAR_2024);
    const fromSecondForwarder = "SRS1=Zz9/=fwd1.example==AbC+=IL=orig.example=alice@fwd2.example";
    const rewritten = rewriteSender(fromSecondForwarder, options);
    expect(rewritten).toMatch(/^SRS1=[^=]{4}=fwd1\.example==AbC\+=IL=orig\.example=alice@mx\.example\.test$/);
    expect(rewritten.slice(5, 9)).not.toBe("Zz9/");
    expect(reverseSender(rewritten, options)).toEqual({ ok: true, address: otherForwarder });
  });

  it("rejects an SRS1 address with a changed hash or first forwarder", () => {
    const options = withClock(NEW_YEAR_2024);
    const rewritten = rewriteSender(otherForwarder, options);
    const hash = rewritten.slice(5, 9);
    expect(reverseSender(rewritten.replace(hash, tamperHash(hash)), options)).toEqual({ ok: false, reason: "bad_hash" });
    expect(reverseSender(rewritten.replace("fwd1.example", "evil.example"), options)).toEqual({ ok: false, reason: "bad_hash" });
  });

  it("carries a sender through two forwarders and back", () => {
    const first = withClock(NEW_YEAR_2024, { domain: "fwd1.example", secret: "first secret" });
    const second = withClock(NEW_YEAR_2024, { domain: "fwd2.example", secret: "second secret" });
    const atFirst = rewriteSender("alice@orig.example", first);
    const atSecond = rewriteSender(atFirst, second);
    expect(atSecond).toMatch(/^SRS1=[^=]{4}=fwd1\.example==/);
    // the bounce goes to the second forwarder, which hands it to the first, which finds alice
    const backAtFirst = reverseSender(atSecond, second);
    expect(backAtFirst).toEqual({ ok: true, address: atFirst });
    expect(reverseSender(atFirst, first)).toEqual({ ok: true, address: "alice@orig.example" });
    // the second forwarder cannot vouch for the first one's SRS0 address
    expect(reverseSender(atFirst, second)).toEqual({ ok: false, reason: "bad_hash" });
  });
});

describe("isSrsAddress", () => {
  it("recognises well-formed SRS0 and SRS1 addresses, in any case", () => {
    const options = withClock(NEW_YEAR_2024);
    const srs0 = rewriteSender("alice@orig.example", options);
    const srs1 = rewriteSender("SRS0=AbC+=IL=orig.example=alice@fwd1.example", options);
    for (const address of [srs0, srs1, srs0.toLowerCase(), "SRS0=zzzz=AA=x.example=y@anywhere.example"]) {
      expect(isSrsAddress(address), address).toBe(true);
    }
  });

  it("rejects ordinary and broken addresses", () => {
    for (const address of ["", "alice@orig.example", "srs0@orig.example", "SRS0=abcd=IL=host@mx.example.test", "SRS1=abcd=host@mx.example.test", "SRS3=a=b=c=d@x"]) {
      expect(isSrsAddress(address), address).toBe(false);
    }
  });
});
