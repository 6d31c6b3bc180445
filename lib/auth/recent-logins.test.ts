import { describe, expect, it } from "vitest";
import { hashPassword } from "./password.ts";
import { countRememberedLogins, verifyPasswordRemembered } from "./recent-logins.ts";

describe("verifyPasswordRemembered", () => {
  it("remembers a verified password for its stored hash only, never a wrong one, and forgets it after ten minutes", async () => {
    const before = countRememberedLogins();
    const hash = await hashPassword("correct horse battery");
    await expect(verifyPasswordRemembered(hash, "wrong horse battery")).resolves.toBe(false);
    expect(countRememberedLogins()).toBe(before);

    await expect(verifyPasswordRemembered(hash, "correct horse battery")).resolves.toBe(true);
    expect(countRememberedLogins()).toBe(before + 1);
    await expect(verifyPasswordRemembered(hash, "correct horse battery")).resolves.toBe(true);
    // A wrong password after a remembered right one is still verified, and refused.
    await expect(verifyPasswordRemembered(hash, "correct horse batter")).resolves.toBe(false);
    await expect(verifyPasswordRemembered(hash, "")).resolves.toBe(false);

    // A changed password is a new stored hash: the old password does not match it.
    const changed = await hashPassword("a new password 2");
    await expect(verifyPasswordRemembered(changed, "correct horse battery")).resolves.toBe(false);
    await expect(verifyPasswordRemembered(changed, "a new password 2")).resolves.toBe(true);

    const later = Date.now() + 10 * 60 * 1000 + 1;
    expect(countRememberedLogins(later)).toBe(0);
    // Past its time the entry is not used: the password is verified again (and still right).
    await expect(verifyPasswordRemembered(hash, "correct horse battery", later)).resolves.toBe(true);
    expect(countRememberedLogins(later)).toBe(1);
  });
});
