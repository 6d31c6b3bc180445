import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const eslint = new ESLint({ cwd: root });

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).map((message) => message.ruleId ?? "fatal");
}

describe("import boundaries (eslint.config.mjs)", () => {
  it.each([
    ['import { NextResponse } from "next/server";\nexport const x = NextResponse;\n'],
    ['import { useState } from "react";\nexport const x = useState;\n'],
    ['import { requirePrincipal } from "@/app/current-principal";\nexport const x = requirePrincipal;\n'],
    ['import { QuotaBar } from "@/components/ui/quota-bar";\nexport const x = QuotaBar;\n'],
  ])("lib/ may not import the web layer: %s", async (code) => {
    expect(await ruleIdsFor("lib/boundary-probe.ts", code)).toContain("no-restricted-imports");
  });

  it("lib/ may import lib/ and libraries", async () => {
    expect(await ruleIdsFor("lib/boundary-probe.ts", 'import { z } from "zod";\nimport { AppError } from "./errors.ts";\nexport const x = [z, AppError];\n')).toEqual([]);
  });

  it("app/ may import lib/", async () => {
    expect(await ruleIdsFor("app/boundary-probe.ts", 'import { getDb } from "@/lib/db";\nexport const x = getDb;\n')).toEqual([]);
  });
});
